// Issue 3's cases: the real scripts/check.ts, run as a subprocess, against the
// e2e stack (the kit's LiteLLM proxy with compose's litellm environment, a
// MinIO-like S3 and a fake Bedrock). Three stacks, one at a time: online
// (aws-vault-style keys), offline (no AWS keys), and the credential trap.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { freePort, kitRoot, venvMissing } from './procs.ts'
import { startStack, stopAllStacks } from './stack.ts'
import type { Stack } from './stack.ts'
import { ENV_VARS } from '../../scripts/lib/env-vars.ts'

const missing = venvMissing()
if (missing) {
  // Visible in the run's output, so a skip is never silent.
  console.log(`# e2e check.ts: ${process.env.CI === 'true' ? 'FAILING' : 'skipping'}: ${missing}`)
  if (process.env.CI === 'true') test('e2e check.ts prerequisites (CI=true: the venv is required)', () => assert.fail(missing))
}
const skip = missing ? missing : false

after(stopAllStacks)

// What `aws-vault exec` puts into the environment of `make up` / `make check`.
const VAULT = {
  AWS_VAULT: 'dev',
  AWS_ACCESS_KEY_ID: 'ASIAE2ECHECK0000TEST',
  AWS_SECRET_ACCESS_KEY: 'e2eSecretAccessKeyForCheckTs0123456789ab',
  AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEJr//////////e2eSessionTokenForCheckTs0123456789',
  AWS_CREDENTIAL_EXPIRATION: '2099-01-01T00:00:00Z',
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

// Asynchronous on purpose: the S3 front and the fake Bedrock live in this
// process, so a blocking spawnSync would starve them.
function runCheck(args: string[], env: Record<string, string> = {}): Promise<Run> {
  // A clean environment: none of the developer's kit settings or AWS keys.
  const kitNames = new Set([...ENV_VARS.map((v) => v.name), 'LITELLM_URL', 'S3_ENDPOINT_URL'])
  const base: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !kitNames.has(k) && !k.startsWith('AWS_')) base[k] = v
  const t0 = Date.now()
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/check.ts', ...args],
      { cwd: kitRoot, env: { ...base, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 120_000 },
      (_err, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr, ms: Date.now() - t0 }),
    )
  })
}

const against = (stack: Stack, extra: Record<string, string> = {}) => ({ LITELLM_URL: stack.litellmUrl, S3_ENDPOINT_URL: stack.s3Endpoint, ...extra })

interface JsonReport {
  ok: boolean
  steps: Array<{ name: string; ok: boolean; ms: number; detail: string }>
  object: { key: string; size: number } | null
  payload: Record<string, unknown> | null
}

function parseJson(r: Run): JsonReport {
  let j: JsonReport
  try {
    j = JSON.parse(r.stdout) as JsonReport
  } catch {
    assert.fail(`stdout is not one JSON object:\n${r.stdout}\n${r.stderr}`)
  }
  assert.deepEqual(Object.keys(j), ['ok', 'steps', 'object', 'payload'])
  for (const s of j.steps) {
    assert.deepEqual(Object.keys(s), ['name', 'ok', 'ms', 'detail'])
    assert.equal(typeof s.ms, 'number')
    assert.equal(typeof s.detail, 'string')
  }
  return j
}

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m

function assertClean(r: Run, secrets: string[]) {
  const all = r.stdout + r.stderr
  assert.doesNotMatch(all, STACK_TRACE, `stack trace in output:\n${all}`)
  for (const s of secrets) if (s) assert.ok(!all.includes(s), `output contains a secret (${s.slice(0, 6)}…):\n${all}`)
}

const kitSecrets = (stack: Stack) => [
  stack.kitEnv.LITELLM_MASTER_KEY,
  stack.kitEnv.LITELLM_SALT_KEY,
  stack.kitEnv.MINIO_ROOT_PASSWORD,
  stack.kitEnv.S3_WRITER_SECRET_KEY,
  stack.kitEnv.POSTGRES_PASSWORD,
]

const keyPattern = (prefix: string, id: string) => new RegExp(`^${prefix}\\d{4}-\\d{2}-\\d{2}/time-\\d{2}-\\d{2}-\\d{2}-\\d{6}_${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.json$`)

describe('online: nova-lite through the fake Bedrock with aws-vault keys', { skip }, () => {
  let stack: Stack
  before(async () => {
    stack = await startStack({ hostEnv: VAULT })
  })
  after(async () => stack?.stop())

  test('case 1: exit 0; key format; payload id, model group and tokens equal the completion', async () => {
    const r = await runCheck(['--env-file', stack.envFile, '--model', 'nova-lite', '--json'], against(stack))
    assert.equal(r.code, 0, r.stdout + r.stderr)
    const j = parseJson(r)
    assert.equal(j.ok, true)
    const completion = j.steps.find((s) => s.name === 'completion')?.detail ?? ''
    const m = /→ (chatcmpl-\S+), tokens (\d+)\+(\d+)=(\d+)/.exec(completion)
    assert.ok(m, completion)
    const [, id, prompt, out, total] = m
    assert.match(j.object?.key ?? '', keyPattern(stack.kitEnv.S3_LOG_PREFIX ?? '', id ?? ''))
    assert.equal(j.payload?.id, id)
    assert.equal(j.payload?.model_group, 'nova-lite')
    assert.equal(j.payload?.prompt_tokens, Number(prompt))
    assert.equal(j.payload?.completion_tokens, Number(out))
    assert.equal(j.payload?.total_tokens, Number(total))
    // The fake Bedrock verified the SigV4 signature made with aws-vault's keys, token included.
    const call = stack.bedrock.requests.at(-1)
    assert.ok(call?.signatureOk, 'Bedrock call signed with the aws-vault keys')
    assert.equal(call?.headers['x-amz-security-token'], VAULT.AWS_SESSION_TOKEN)
    // ...while no S3 request carried it.
    assert.ok(stack.s3.requests.every((q) => !q.hadSessionToken))
  })

  test('case 5: Bedrock token expired -> exit 4 with a hint to run make up again', async () => {
    stack.bedrock.setMode('expired')
    try {
      const r = await runCheck(['--env-file', stack.envFile, '--model', 'nova-lite'], against(stack))
      assert.equal(r.code, 4, r.stdout + r.stderr)
      assert.match(r.stderr, /completion failed: HTTP \d+ from the proxy: .*security token included in the request is expired/)
      assert.match(r.stderr, /run `make up` again/)
      assertClean(r, [...kitSecrets(stack), VAULT.AWS_SECRET_ACCESS_KEY, VAULT.AWS_SESSION_TOKEN])
    } finally {
      stack.bedrock.setMode('ok')
    }
  })

  test('case 7: with aws-vault keys in check.ts\'s own environment, --full output leaks no secret', async () => {
    const r = await runCheck(['--env-file', stack.envFile, '--model', 'nova-lite', '--full'], against(stack, VAULT))
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assertClean(r, [...kitSecrets(stack), VAULT.AWS_SECRET_ACCESS_KEY, VAULT.AWS_SESSION_TOKEN])
    assert.match(r.stdout, /"user_api_key_hash": "\[REDACTED\]"/)
  })
})

describe('offline: mock model, no AWS credentials at all', { skip }, () => {
  let stack: Stack
  before(async () => {
    stack = await startStack()
  })
  after(async () => stack?.stop())

  test('case 2: exit 0 (CHECK_MODEL=mock from .env)', async () => {
    assert.equal(stack.containerEnv.BEDROCK_AWS_SESSION_TOKEN, '')
    const r = await runCheck(['--env-file', stack.envFile], against(stack))
    assert.equal(r.code, 0, r.stdout + r.stderr)
    assert.match(r.stdout, /mock → chatcmpl-/)
  })

  test('case 3 (human): three steps with ✔ and timings, the listing, the redacted payload subset', async () => {
    const r = await runCheck(['--env-file', stack.envFile], against(stack))
    assert.equal(r.code, 0, r.stdout + r.stderr)
    for (const step of ['readiness', 'completion', 'log']) assert.match(r.stdout, new RegExp(`^✔ ${step} +\\d+ ms  \\S`, 'm'))
    assert.match(r.stdout, /S3 logger "(s3_v2|S3Logger)" among the success callbacks/)
    assert.match(r.stdout, /^s3:\/\/litellm-log-archive\/request_logs\/\d{4}-\d{2}-\d{2}\/ \(\d+ objects?\)$/m)
    assert.match(r.stdout, /^ {2}→ \S+Z +\d+ B {2}time-\S+_chatcmpl-\S+\.json$/m)
    assert.match(r.stdout, /payload \(redacted; --full shows all of it\):/)
    assert.match(r.stdout, /"model_group": "mock"/)
    assert.doesNotMatch(r.stdout, /hidden_params/, 'the default view is a subset')
    assertClean(r, kitSecrets(stack))
  })

  test('case 3 (--json): parses, contract shape, payload whole and redacted', async () => {
    const r = await runCheck(['--env-file', stack.envFile, '--json'], against(stack))
    assert.equal(r.code, 0, r.stderr)
    const j = parseJson(r)
    assert.equal(j.ok, true)
    assert.deepEqual(j.steps.map((s) => [s.name, s.ok]), [['readiness', true], ['completion', true], ['log', true]])
    assert.equal(typeof j.object?.size, 'number')
    assert.ok(j.payload && 'hidden_params' in j.payload, 'the whole payload')
    assert.equal((j.payload.metadata as Record<string, unknown>).user_api_key_hash, '[REDACTED]')
    assertClean(r, kitSecrets(stack))
  })

  test('case 5: wrong master key -> exit 4 quoting the proxy', async () => {
    const wrong = `sk-${'0'.repeat(60)}wrong`
    const r = await runCheck(['--env-file', stack.envFile], against(stack, { LITELLM_MASTER_KEY: wrong }))
    assert.equal(r.code, 4, r.stdout + r.stderr)
    // With a DB (compose) LiteLLM answers 401 "Authentication Error…"; the e2e proxy
    // runs without one and tries the DB for any key that is not the master key.
    assert.match(r.stderr, /completion failed: HTTP (401|400) from the proxy: .*(Authentication Error|No connected db)/)
    assert.match(r.stderr, /LITELLM_MASTER_KEY (does not match|is not the proxy's master key)/)
    assertClean(r, [...kitSecrets(stack), wrong])
  })

  test('case 5: wrong read keys -> exit 5', async () => {
    const r = await runCheck(['--env-file', stack.envFile, '--json'], against(stack, { MINIO_ROOT_PASSWORD: 'not-the-root-password' }))
    assert.equal(r.code, 5, r.stdout + r.stderr)
    const j = parseJson(r)
    assert.equal(j.ok, false)
    assert.match(j.steps.at(-1)?.detail ?? '', /storage error .*SignatureDoesNotMatch/)
    assertClean(r, [...kitSecrets(stack), 'not-the-root-password'])
  })

  test('case 5: bucket missing -> exit 5', async () => {
    const r = await runCheck(['--env-file', stack.envFile], against(stack, { S3_LOG_BUCKET: 'no-such-bucket' }))
    assert.equal(r.code, 5, r.stdout + r.stderr)
    assert.match(r.stderr, /NoSuchBucket.*bucket no-such-bucket does not exist/)
    assertClean(r, kitSecrets(stack))
  })

  test('case 5: proxy down -> exit 3 within --timeout', async () => {
    const port = await freePort()
    const r = await runCheck(['--env-file', stack.envFile, '--timeout', '3', '--json'], against(stack, { LITELLM_URL: `http://127.0.0.1:${port}` }))
    assert.equal(r.code, 3, r.stdout + r.stderr)
    const j = parseJson(r)
    const ready = j.steps[0]
    assert.equal(ready?.name, 'readiness')
    assert.ok(ready && ready.ms <= 3200, `readiness gave up after ${ready?.ms} ms`)
    assert.ok(r.ms < 3000 + 8000, `whole run ${r.ms} ms (startup included)`)
    assert.match(ready?.detail ?? '', /not ready after 3\.0 s: nothing listens/)
    assertClean(r, kitSecrets(stack))
  })
})

describe('case 4: the credential trap', { skip }, () => {
  let stack: Stack
  before(async () => {
    // The same stack as online, but the container's AWS_SESSION_TOKEN is not
    // blanked: the s3_v2 logger picks it up and MinIO refuses the PUT.
    stack = await startStack({ hostEnv: VAULT, containerEnvPatch: (env) => ({ ...env, AWS_SESSION_TOKEN: VAULT.AWS_SESSION_TOKEN }) })
  })
  after(async () => stack?.stop())

  test('without the blanking the log never lands: exit 5 naming the session token', async () => {
    const r = await runCheck(['--env-file', stack.envFile, '--model', 'mock', '--timeout', '30'], against(stack))
    assert.equal(r.code, 5, r.stdout + r.stderr)
    assert.match(r.stderr, /log object not found/)
    assert.match(r.stderr, /a session token leaking into the S3 logger \(AWS_SESSION_TOKEN in the litellm container must be empty/)
    // The cause, seen from the S3 side: LiteLLM's PUT carried the token and got InvalidTokenId.
    const refused = stack.s3.requests.filter((q) => q.method === 'PUT' && q.hadSessionToken)
    assert.ok(refused.length > 0 && refused.every((q) => q.status === 403 && q.error === 'InvalidTokenId'), JSON.stringify(stack.s3.requests.slice(-3)))
    assertClean(r, [...kitSecrets(stack), VAULT.AWS_SESSION_TOKEN, VAULT.AWS_SECRET_ACCESS_KEY])
  })
  // "With the blanking it passes" is case 1 above: the same host keys, compose's blanking in place.
})

describe('case 6: the newer readiness shape (a fake proxy answering like LiteLLM after PR #26912)', () => {
  let server: Server
  let url = ''
  let callbacks: string[] = []
  const seen: Array<[string | undefined, string | undefined]> = []
  const dir = mkdtempSync(join(tmpdir(), 'check-e2e-'))
  const envFile = join(dir, '.env')
  writeFileSync(envFile, 'LITELLM_MASTER_KEY=sk-e2eReadinessDetailsKey0123456789\nMINIO_ROOT_USER=adminuser\nMINIO_ROOT_PASSWORD=adminpassword1\n')
  before(async () => {
    server = createServer((req, res) => {
      seen.push([req.url, req.headers.authorization])
      res.setHeader('content-type', 'application/json')
      if (req.url === '/health/readiness') return res.end(JSON.stringify({ status: 'healthy', db: 'connected' }))
      if (req.url === '/health/readiness/details') {
        if (req.headers.authorization !== 'Bearer sk-e2eReadinessDetailsKey0123456789') return res.writeHead(401).end('{"error":{"message":"Authentication Error"}}')
        return res.end(JSON.stringify({ status: 'healthy', db: 'connected', litellm_version: '1.84.0', success_callbacks: callbacks }))
      }
      res.writeHead(404).end('{}')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  after(() => {
    server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('S3 logger missing from the details -> exit 3 with a clear message', async () => {
    callbacks = ['ServiceLogging', 'langfuse']
    const r = await runCheck(['--env-file', envFile, '--timeout', '5'], { LITELLM_URL: url })
    assert.equal(r.code, 3, r.stdout + r.stderr)
    assert.match(r.stderr, /S3 logger is not among LiteLLM's success callbacks \(ServiceLogging, langfuse\)/)
    assert.deepEqual(seen.slice(-2), [['/health/readiness', undefined], ['/health/readiness/details', 'Bearer sk-e2eReadinessDetailsKey0123456789']])
    assertClean(r, ['sk-e2eReadinessDetailsKey0123456789'])
  })

  test('S3 logger in the details -> readiness passes (then the fake has no completions: exit 4)', async () => {
    callbacks = ['S3Logger']
    const r = await runCheck(['--env-file', envFile, '--timeout', '5', '--json'], { LITELLM_URL: url })
    const j = parseJson(r)
    assert.equal(j.steps[0]?.ok, true)
    assert.match(j.steps[0]?.detail ?? '', /LiteLLM 1\.84\.0.*S3Logger.*\/health\/readiness\/details/)
    assert.equal(r.code, 4)
  })
})

describe('case 5: malformed or incomplete .env -> exit 2 (no stack needed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-e2e-env-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const cases: Array<[string, string, RegExp]> = [
    ['malformed line', 'LITELLM_MASTER_KEY=sk-x\nTHIS IS NOT AN ASSIGNMENT\n', /line 2 is not NAME=value/],
    ['unclosed quote', "LITELLM_MASTER_KEY='sk-x\n", /quoted value is never closed/],
    ['no master key', 'MINIO_ROOT_USER=u\nMINIO_ROOT_PASSWORD=pppppppp\n', /LITELLM_MASTER_KEY is missing or empty/],
    ['no MinIO password', 'LITELLM_MASTER_KEY=sk-x\nMINIO_ROOT_USER=u\n', /MINIO_ROOT_PASSWORD is missing or empty/],
    ['bad port', 'LITELLM_MASTER_KEY=sk-x\nMINIO_ROOT_USER=u\nMINIO_ROOT_PASSWORD=pppppppp\nLITELLM_PORT=abc\n', /LITELLM_PORT=abc is not a port/],
  ]
  for (const [name, text, msg] of cases) {
    test(name, async () => {
      const file = join(dir, `${name.replace(/\W+/g, '-')}.env`)
      writeFileSync(file, text)
      for (const json of [false, true]) {
        const r = await runCheck(['--env-file', file, ...(json ? ['--json'] : [])])
        assert.equal(r.code, 2, r.stdout + r.stderr)
        assert.match(r.stderr, msg)
        assert.equal(r.stderr.trim().split('\n').filter((l) => l.startsWith('✖')).length, 1, 'one error line')
        if (json) assert.equal(parseJson(r).steps[0]?.name, 'config')
        assertClean(r, [])
      }
    })
  }
  test('unknown flag -> exit 2; --help -> exit 0 listing flags and exit codes', async () => {
    const bad = await runCheck(['--bogus'])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /unknown option --bogus/)
    const help = await runCheck(['--help'])
    assert.equal(help.code, 0)
    assert.match(help.stdout, /--timeout SECONDS/)
    assert.match(help.stdout, /5 log object not found or storage error/)
  })
})
