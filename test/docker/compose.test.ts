// Static checks of compose/docker-compose.yaml: valid against the Compose
// Specification's JSON schema, and the properties the kit promises.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import YAML from 'yaml'
import { Ajv } from 'ajv'
import ajvFormats from 'ajv-formats'
import { referencedVariables, serviceEnvironment } from '../helpers/compose-env.ts'
import { parseEnv } from '../../scripts/lib/env-file.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const composeText = fs.readFileSync(path.join(root, 'compose', 'docker-compose.yaml'), 'utf8')
const compose = YAML.parse(composeText) as {
  name: string
  services: Record<string, Record<string, any>>
}
const svc = compose.services
// A copy inside the kit: the kit must work copied into any repo.
const schemaPath = path.join(root, 'test', 'fixtures', 'compose-spec.json')
const sharedSchema = path.resolve(root, '..', 'shared', 'schemas', 'compose-spec.json')

test('validates against the Compose Specification schema', () => {
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'))
  // It names draft-07 by an https URL Ajv does not know; Ajv's default dialect is draft-07.
  delete schema.$schema
  const ajv = new Ajv({ strict: false, allErrors: true })
  // CommonJS default export: under NodeNext typing it is the module, at run time the plugin.
  ;(ajvFormats as unknown as (a: Ajv) => Ajv)(ajv)
  const validate = ajv.compile(schema)
  const ok = validate(compose)
  assert.ok(ok, JSON.stringify(validate.errors, null, 2))
  // The validator is live: a wrong type is caught.
  assert.equal(validate({ services: { x: { ports: 'not-a-list' } } }), false)
})

test('the schema copy is the one in ../shared/schemas (when the kit sits beside it)', (t) => {
  if (!fs.existsSync(sharedSchema)) {
    t.skip(`no ${sharedSchema}: the kit was copied elsewhere; the copy in test/fixtures is used`)
    return
  }
  assert.equal(fs.readFileSync(schemaPath, 'utf8'), fs.readFileSync(sharedSchema, 'utf8'))
})

test('has exactly the four services of the contract', () => {
  assert.deepEqual(Object.keys(svc).sort(), ['litellm', 'minio', 'minio-init', 'postgres'])
})

test('every published port binds to 127.0.0.1 and comes from .env', () => {
  const expected: Record<string, string[]> = {
    litellm: ['LITELLM_PORT'],
    postgres: ['POSTGRES_PORT'],
    minio: ['MINIO_API_PORT', 'MINIO_CONSOLE_PORT'],
  }
  for (const [name, s] of Object.entries(svc)) {
    const ports: string[] = s.ports ?? []
    assert.equal(ports.length, (expected[name] ?? []).length, `${name} ports`)
    ports.forEach((p, i) => {
      assert.equal(typeof p, 'string')
      assert.match(p, /^127\.0\.0\.1:\$\{[A-Z0-9_]+:-\d+\}:\d+$/, `${name}: ${p}`)
      assert.ok(p.includes(expected[name][i]), `${name}: ${p} uses ${expected[name][i]}`)
    })
  }
})

test('images are pinned and overridable from .env', () => {
  const vars: Record<string, string> = { litellm: 'LITELLM_IMAGE', postgres: 'POSTGRES_IMAGE', minio: 'MINIO_IMAGE', 'minio-init': 'MC_IMAGE' }
  for (const [name, s] of Object.entries(svc)) {
    const m = /^\$\{([A-Z0-9_]+):-([^}]+)\}$/.exec(s.image)
    assert.ok(m, `${name} image ${s.image} is \${VAR:-default}`)
    assert.equal(m[1], vars[name])
    const tag = m[2].split(':').at(-1) ?? ''
    assert.ok(m[2].includes(':'), `${name} image has a tag`)
    assert.doesNotMatch(tag, /^(latest|main-latest|main|stable)$/, `${name} image pinned`)
    assert.doesNotMatch(m[2], /^minio\/(minio|mc):/, 'minio/* images left Docker Hub')
  }
  assert.equal(svc.litellm.image, '${LITELLM_IMAGE:-ghcr.io/berriai/litellm:v1.82.3-stable.patch.2}')
})

test('long-running services have healthchecks; depends_on waits for health and init', () => {
  assert.deepEqual(svc.postgres.healthcheck.test, ['CMD-SHELL', 'pg_isready -U litellm -d litellm'])
  assert.deepEqual(svc.minio.healthcheck.test, ['CMD', 'mc', 'ready', 'local'])
  const lt = svc.litellm.healthcheck.test as string[]
  assert.equal(lt[0], 'CMD')
  assert.equal(lt[1], 'python')
  assert.ok(lt.join(' ').includes('/health/liveliness'))
  assert.equal(svc['minio-init'].healthcheck, undefined)
  assert.deepEqual(svc.litellm.depends_on, {
    postgres: { condition: 'service_healthy' },
    'minio-init': { condition: 'service_completed_successfully' },
  })
  assert.deepEqual(svc['minio-init'].depends_on, { minio: { condition: 'service_healthy' } })
})

test('data is bind-mounted under .data/ of the kit root; nothing refers outside the kit', () => {
  assert.deepEqual(svc.postgres.volumes, ['./.data/postgres:/var/lib/postgresql/data'])
  assert.deepEqual(svc.minio.volumes, ['./.data/minio:/data'])
  for (const s of Object.values(svc)) {
    for (const v of (s.volumes ?? []) as string[]) {
      const host = v.split(':')[0]
      assert.ok(host.startsWith('./'), `${v} is relative to the project directory (the kit root)`)
      assert.ok(!path.normalize(host).startsWith('..'), `${v} stays inside the kit`)
      assert.ok(fs.existsSync(path.join(root, host)) || host.startsWith('./.data/'), `${host} exists in the kit`)
    }
  }
})

test('litellm: Bedrock keys renamed, AWS_* blanked, logging and runtime settings wired', () => {
  const env = svc.litellm.environment as Record<string, string>
  assert.equal(env.BEDROCK_AWS_ACCESS_KEY_ID, '${AWS_ACCESS_KEY_ID:-}')
  assert.equal(env.BEDROCK_AWS_SECRET_ACCESS_KEY, '${AWS_SECRET_ACCESS_KEY:-}')
  assert.equal(env.BEDROCK_AWS_SESSION_TOKEN, '${AWS_SESSION_TOKEN:-}')
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) assert.equal(env[k], '', `${k} is blanked`)
  assert.equal(env.DEFAULT_S3_FLUSH_INTERVAL_SECONDS, '${S3_FLUSH_INTERVAL_SECONDS:-2}')
  assert.equal(env.LITELLM_LOCAL_MODEL_COST_MAP, 'True')
  assert.equal(env.S3_ENDPOINT_URL, 'http://minio:9000')
  assert.match(env.DATABASE_URL, /^postgresql:\/\/litellm:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/litellm$/)
  // Interpolated as compose would with aws-vault's keys in its environment:
  const resolved = serviceEnvironment(compose, 'litellm', {
    ...parseEnv(fs.readFileSync(path.join(root, '.env.example'), 'utf8').replace(/^([A-Z0-9_]+)=$/gm, '$1=x-filled')),
    AWS_ACCESS_KEY_ID: 'ASIAEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'vault-secret',
    AWS_SESSION_TOKEN: 'vault-token',
  })
  assert.equal(resolved.BEDROCK_AWS_SESSION_TOKEN, 'vault-token')
  assert.equal(resolved.AWS_SESSION_TOKEN, '')
  assert.equal(resolved.AWS_ACCESS_KEY_ID, '')
  assert.equal(resolved.BEDROCK_MODEL, 'bedrock/converse/amazon.nova-lite-v1:0')
  assert.equal(resolved.DEFAULT_S3_FLUSH_INTERVAL_SECONDS, '2')
})

test('no secret literals: every credential-like value is a ${VAR}', () => {
  const secretish = /(PASSWORD|SECRET|KEY|TOKEN|ROOT_USER)/
  for (const [name, s] of Object.entries(svc)) {
    const env = (s.environment ?? {}) as Record<string, string>
    for (const [k, v] of Object.entries(env)) {
      if (!secretish.test(k) || v === '') continue
      assert.match(String(v), /^\$\{[A-Z0-9_]+(:?[-?][^}]*)?\}$/, `${name}.${k} must come from .env, got ${v}`)
    }
  }
  assert.doesNotMatch(composeText, /sk-[A-Za-z0-9]{8,}|AKIA[A-Z0-9]{16}|ASIA[A-Z0-9]{16}/)
})

test('every ${VAR} of the compose file is documented in .env.example (or is an aws-vault variable)', () => {
  const documented = new Set(Object.keys(parseEnv(fs.readFileSync(path.join(root, '.env.example'), 'utf8'))))
  const fromAwsVault = new Set(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
  const vars = referencedVariables(composeText)
  assert.ok(vars.length > 10)
  for (const v of vars) assert.ok(documented.has(v) || fromAwsVault.has(v), `${v} is missing from .env.example`)
})
