import { test } from 'node:test'
import assert from 'node:assert/strict'
import { planEnv, renderEnv, validateAnswers, defaultAnswers, DATA_BOUND_SECRETS, KEPT_ON_ROTATION } from '../../scripts/lib/env-plan.ts'
import { parseEnv } from '../../scripts/lib/env-file.ts'
import { ENV_VARS, SECRET_NAMES, defaultValue } from '../../scripts/lib/env-vars.ts'
import { loadSettings, portSetting, settingOrDefault } from '../../scripts/lib/settings.ts'
import { KitError } from '../../scripts/lib/errors.ts'

const online = { profile: 'dev', region: 'eu-west-1', modelId: 'amazon.nova-lite-v1:0' }
const offline = { ...online, profile: null }

test('a first run writes every catalogued variable and generates every secret', () => {
  const p = planEnv({ existing: null, answers: online, rotate: false, hasData: false })
  assert.deepEqual(Object.keys(p.values), ENV_VARS.map((v) => v.name))
  assert.deepEqual(p.generated.sort(), [...SECRET_NAMES].sort())
  assert.match(p.values.LITELLM_MASTER_KEY, /^sk-[0-9a-f]{64}$/)
  assert.match(p.values.LITELLM_SALT_KEY, /^sk-[0-9a-f]{64}$/)
  assert.notEqual(p.values.LITELLM_MASTER_KEY, p.values.LITELLM_SALT_KEY)
  assert.ok(p.values.MINIO_ROOT_PASSWORD.length >= 8, 'MinIO needs >= 8 characters')
  assert.ok(p.values.MINIO_ROOT_USER.length >= 3)
  assert.equal(p.values.AWS_VAULT_PROFILE, 'dev')
  assert.equal(p.values.CHECK_MODEL, 'nova-lite')
  assert.equal(p.values.S3_FLUSH_INTERVAL_SECONDS, '2')
})

test('offline: empty profile, mock check model', () => {
  const p = planEnv({ existing: null, answers: offline, rotate: false, hasData: false })
  assert.equal(p.values.AWS_VAULT_PROFILE, '')
  assert.equal(p.values.CHECK_MODEL, 'mock')
})

test('a re-run keeps secrets, hand-added variables and edited settings', () => {
  const first = planEnv({ existing: null, answers: online, rotate: false, hasData: false }).values
  const existing = { ...first, LITELLM_PORT: '4400', MY_OWN: 'keep me', CHECK_MODEL: 'custom-alias' }
  const p = planEnv({ existing, answers: offline, rotate: false, hasData: true })
  for (const s of SECRET_NAMES) assert.equal(p.values[s], first[s], s)
  assert.deepEqual(p.generated, [])
  assert.equal(p.values.LITELLM_PORT, '4400')
  assert.equal(p.values.MY_OWN, 'keep me')
  assert.equal(p.values.CHECK_MODEL, 'custom-alias', 'a chosen alias survives a mode change')
})

test('an emptied setting gets its default again; the profile may be empty', () => {
  const first = planEnv({ existing: null, answers: online, rotate: false, hasData: false }).values
  const p = planEnv({ existing: { ...first, LITELLM_PORT: '', S3_LOG_BUCKET: '' }, answers: offline, rotate: false, hasData: false })
  assert.equal(p.values.LITELLM_PORT, '4000')
  assert.equal(p.values.S3_LOG_BUCKET, 'litellm-log-archive')
  assert.equal(p.values.AWS_VAULT_PROFILE, '')
})

test('an empty secret in the old file is generated', () => {
  const first = planEnv({ existing: null, answers: online, rotate: false, hasData: false }).values
  const p = planEnv({ existing: { ...first, S3_WRITER_SECRET_KEY: '' }, answers: online, rotate: false, hasData: false })
  assert.deepEqual(p.generated, ['S3_WRITER_SECRET_KEY'])
  assert.ok(p.values.S3_WRITER_SECRET_KEY.length >= 32)
})

test('rotation: all secrets without data; data-bound ones kept while .data/ exists; the writer keeps its name', () => {
  const first = planEnv({ existing: null, answers: online, rotate: false, hasData: false }).values
  const fresh = planEnv({ existing: first, answers: online, rotate: true, hasData: false })
  for (const s of SECRET_NAMES) {
    if (KEPT_ON_ROTATION.includes(s)) assert.equal(fresh.values[s], first[s], `${s} kept`)
    else assert.notEqual(fresh.values[s], first[s], s)
  }
  assert.deepEqual(KEPT_ON_ROTATION, ['S3_WRITER_ACCESS_KEY'])
  assert.notEqual(fresh.values.S3_WRITER_SECRET_KEY, first.S3_WRITER_SECRET_KEY, 'the writer secret rotates')
  const withData = planEnv({ existing: first, answers: online, rotate: true, hasData: true })
  for (const s of SECRET_NAMES) {
    if (DATA_BOUND_SECRETS.includes(s) || KEPT_ON_ROTATION.includes(s)) assert.equal(withData.values[s], first[s], `${s} kept`)
    else assert.notEqual(withData.values[s], first[s], `${s} rotated`)
  }
  assert.deepEqual(withData.notRotated.sort(), [...DATA_BOUND_SECRETS].sort())
})

test('renderEnv: parses back to the same values, extras under their own heading', () => {
  const values = { ...planEnv({ existing: null, answers: online, rotate: false, hasData: false }).values, EXTRA: 'a b' }
  const text = renderEnv(values)
  assert.deepEqual(parseEnv(text), values)
  assert.match(text, /# Added by hand; kept by setup\.\nEXTRA='a b'/)
})

const invalid: Array<[string, object]> = [
  ['region', { ...online, region: 'tokyo' }],
  ['model id with space', { ...online, modelId: 'amazon nova' }],
  ['profile with space', { ...online, profile: 'my profile' }],
]
for (const [name, a] of invalid) {
  test(`validateAnswers rejects ${name}`, () => assert.throws(() => validateAnswers(a as typeof online), (e) => e instanceof KitError && e.exitCode === 2))
}
test('validateAnswers accepts real regions', () => {
  for (const region of ['ap-northeast-1', 'us-gov-west-1', 'eu-central-2']) validateAnswers({ ...online, region })
})

test('defaultAnswers: from the previous file, else the kit defaults', () => {
  assert.deepEqual(defaultAnswers(null), { profile: null, region: 'ap-northeast-1', modelId: 'amazon.nova-lite-v1:0' })
  assert.deepEqual(defaultAnswers({ AWS_VAULT_PROFILE: 'p', AWS_REGION: 'us-east-1', BEDROCK_MODEL_ID: 'm' }), { profile: 'p', region: 'us-east-1', modelId: 'm' })
})

test('defaultValue: what setup writes for a setting; secrets have none', () => {
  assert.equal(defaultValue('LITELLM_PORT'), '4000')
  assert.equal(defaultValue('S3_LOG_PREFIX'), 'request_logs/')
  assert.equal(defaultValue('COMPOSE_PROJECT_NAME'), 'llm-gateway')
  assert.throws(() => defaultValue('LITELLM_MASTER_KEY'))
  assert.throws(() => defaultValue('NOT_A_SETTING'))
})

test('settingOrDefault / portSetting: the value, else the catalogue default; a bad port is a usage error', () => {
  const s = loadSettings({ envFile: '/nonexistent/.env', optional: true, env: { MINIO_API_PORT: '9100', LITELLM_PORT: 'http' } })
  assert.equal(settingOrDefault(s, 'S3_LOG_BUCKET'), 'litellm-log-archive')
  assert.equal(portSetting(s, 'MINIO_API_PORT'), 9100)
  assert.equal(portSetting(s, 'MINIO_CONSOLE_PORT'), 9001)
  assert.throws(() => portSetting(s, 'LITELLM_PORT'), (e) => e instanceof KitError && e.exitCode === 2)
})
