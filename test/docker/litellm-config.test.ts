// Static checks of litellm/config.yaml against the compose file that runs it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const configText = fs.readFileSync(path.join(root, 'litellm', 'config.yaml'), 'utf8')
const config = YAML.parse(configText) as any
const compose = YAML.parse(fs.readFileSync(path.join(root, 'compose', 'docker-compose.yaml'), 'utf8')) as any
const litellmEnv = compose.services.litellm.environment as Record<string, string>

function envRefs(node: unknown, at = ''): Array<{ at: string; name: string }> {
  if (typeof node === 'string') {
    const m = /^os\.environ\/([A-Za-z0-9_]+)$/.exec(node)
    return m ? [{ at, name: m[1] }] : []
  }
  if (Array.isArray(node)) return node.flatMap((x, i) => envRefs(x, `${at}[${i}]`))
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => envRefs(v, at ? `${at}.${k}` : k))
  return []
}

test('every os.environ/X is provided by the litellm service environment', () => {
  const refs = envRefs(config)
  assert.ok(refs.length >= 12, `found ${refs.length} references`)
  for (const r of refs) assert.ok(r.name in litellmEnv, `${r.at} reads ${r.name}, which compose does not set for litellm`)
})

test('os.environ/ is only used as a whole value (LiteLLM does not expand it inside strings)', () => {
  for (const line of configText.split('\n')) {
    if (line.trim().startsWith('#') || !line.includes('os.environ/')) continue
    assert.match(line, /:\s*os\.environ\/[A-Za-z0-9_]+\s*$/, line)
  }
})

test('nova-lite: Bedrock Converse with the BEDROCK_* keys and the region', () => {
  const m = config.model_list.find((x: any) => x.model_name === 'nova-lite').litellm_params
  assert.equal(m.model, 'os.environ/BEDROCK_MODEL')
  assert.match(litellmEnv.BEDROCK_MODEL, /^bedrock\/converse\/\$\{BEDROCK_MODEL_ID:-amazon\.nova-lite-v1:0\}$/)
  assert.equal(m.aws_access_key_id, 'os.environ/BEDROCK_AWS_ACCESS_KEY_ID')
  assert.equal(m.aws_secret_access_key, 'os.environ/BEDROCK_AWS_SECRET_ACCESS_KEY')
  assert.equal(m.aws_session_token, 'os.environ/BEDROCK_AWS_SESSION_TOKEN')
  assert.equal(m.aws_region_name, 'os.environ/AWS_REGION')
})

test('mock: answers with mock_response, no provider keys', () => {
  const m = config.model_list.find((x: any) => x.model_name === 'mock').litellm_params
  assert.equal(typeof m.mock_response, 'string')
  assert.ok(m.mock_response.length > 0)
  assert.equal(m.aws_access_key_id, undefined)
})

test('s3_v2 logs successes and failures into the log bucket with the writer keys and an explicit region', () => {
  const s = config.litellm_settings
  assert.deepEqual(s.success_callback, ['s3_v2'])
  assert.deepEqual(s.failure_callback, ['s3_v2'])
  const p = s.s3_callback_params
  assert.equal(p.s3_bucket_name, 'os.environ/S3_LOG_BUCKET')
  assert.equal(p.s3_path, 'os.environ/S3_LOG_PREFIX')
  assert.equal(p.s3_endpoint_url, 'os.environ/S3_ENDPOINT_URL')
  assert.equal(p.s3_region_name, 'os.environ/S3_REGION')
  assert.equal(litellmEnv.S3_REGION, 'us-east-1')
  // The writer user, never MinIO's root user.
  assert.equal(p.s3_aws_access_key_id, 'os.environ/S3_WRITER_ACCESS_KEY')
  assert.equal(p.s3_aws_secret_access_key, 'os.environ/S3_WRITER_SECRET_KEY')
  assert.ok(!configText.includes('MINIO_ROOT'))
  // No session token for S3: with the container's AWS_SESSION_TOKEN blank nothing falls back.
  assert.equal(p.s3_aws_session_token, undefined)
})

test('no secret literal in litellm/ or compose/', () => {
  for (const dir of ['litellm', 'compose', 'minio']) {
    for (const f of fs.readdirSync(path.join(root, dir))) {
      const text = fs.readFileSync(path.join(root, dir, f), 'utf8')
      assert.doesNotMatch(text, /sk-[A-Za-z0-9]{8,}|AKIA[A-Z0-9]{16}|ASIA[A-Z0-9]{16}/, `${dir}/${f}`)
      assert.doesNotMatch(text, /(master_key|password|secret[a-z_]*)\s*:\s*(?!os\.environ\/)(?!\$\{)["']?[A-Za-z0-9]{6,}/i, `${dir}/${f}`)
    }
  }
  assert.equal(config.general_settings.master_key, 'os.environ/LITELLM_MASTER_KEY')
})
