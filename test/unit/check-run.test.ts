// check.ts's run with a fake proxy and bucket: step order, exit codes,
// messages and hints, and that neither rendering leaks a secret.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { runCheck, configFailure, type CheckDeps } from '../../scripts/lib/check-run.ts'
import { formatHuman, formatJson, formatError } from '../../scripts/lib/check-report.ts'
import type { CheckConfig } from '../../scripts/lib/check-config.ts'
import type { HttpAnswer } from '../../scripts/lib/readiness.ts'
import type { ListedObject } from '../../scripts/lib/log-object.ts'
import { ConnectError } from '../../scripts/lib/proxy-client.ts'
import { KitError, usageError } from '../../scripts/lib/errors.ts'
import { describeS3Error } from '../../scripts/lib/s3.ts'

const MASTER = 'sk-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'
const ROOT_PW = 'RootPasswordRootPassword1234'
const SESSION = 'FwoGZXIvYXdzEJr-session-token-value'
const COOKIE = 'sessioncookievalue123456'
const ID = 'chatcmpl-11111111-2222-3333-4444-555555555555'

const config: CheckConfig = {
  litellmUrl: 'http://127.0.0.1:4000',
  masterKey: MASTER,
  model: 'mock',
  s3Endpoint: 'http://127.0.0.1:9000',
  s3Read: { accessKeyId: 'kit-admin-abc', secretAccessKey: ROOT_PW },
  bucket: 'litellm-log-archive',
  prefix: 'request_logs/',
  flushSeconds: 2,
  timeoutMs: 30_000,
  secrets: [MASTER, ROOT_PW, SESSION],
}

const READY: HttpAnswer = { status: 200, body: { status: 'healthy', litellm_version: '1.82.3', success_callbacks: ['s3_v2'] } }
const COMPLETION: HttpAnswer = { status: 200, body: { id: ID, model: 'mock', choices: [{ message: { content: 'Hello' } }], usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 } } }
// A payload carrying every kind of secret the proxy might log.
const PAYLOAD = {
  id: ID,
  model_group: 'mock',
  prompt_tokens: 10,
  completion_tokens: 20,
  total_tokens: 30,
  metadata: { user_api_key_hash: 'abc', headers: { authorization: `Bearer ${MASTER}`, cookie: `session=${COOKIE}` }, note: `token ${SESSION} and ${ROOT_PW}` },
  messages: [{ role: 'user', content: `my key is ${MASTER}` }],
}

interface FakeOpts {
  readiness?: Array<HttpAnswer | Error>
  completion?: HttpAnswer | Error
  /** ms after the completion when the object appears; undefined: never. */
  landsAfter?: number | undefined
  listError?: unknown
  otherObjects?: ListedObject[]
}

function fake(o: FakeOpts = {}) {
  let t = Date.parse('2026-12-04T12:00:00Z')
  let completedAt = Infinity
  const readiness = [...(o.readiness ?? [READY])]
  const key = `request_logs/2026-12-04/time-12-00-00-000000_${ID}.json`
  const deps: CheckDeps = {
    now: () => t,
    sleep: async (ms) => void (t += ms),
    proxy: {
      baseUrl: config.litellmUrl,
      get: async () => {
        t += 5
        const a = readiness.length > 1 ? readiness.shift() : readiness[0]
        if (a instanceof Error) throw a
        return a as HttpAnswer
      },
      post: async () => {
        t += 30
        completedAt = t
        const c = o.completion ?? COMPLETION
        if (c instanceof Error) throw c
        return c
      },
    },
    list: async function* (prefix) {
      if (o.listError) throw o.listError
      for (const x of o.otherObjects ?? []) if (x.key.startsWith(prefix)) yield x
      if (o.landsAfter !== undefined && t >= completedAt + o.landsAfter && key.startsWith(prefix)) yield { key, size: 123, lastModified: new Date(t) }
    },
    getJson: async () => structuredClone(PAYLOAD),
  }
  return { deps, key }
}

function assertNoSecrets(text: string) {
  for (const s of [MASTER, ROOT_PW, SESSION, COOKIE]) assert.ok(!text.includes(s), `output leaks ${s.slice(0, 8)}…`)
}

describe('runCheck', () => {
  test('all three steps pass: exit 0, object and payload set', async () => {
    const { deps, key } = fake({ landsAfter: 2100 })
    const r = await runCheck(config, deps)
    assert.equal(r.exitCode, 0)
    assert.equal(r.report.ok, true)
    assert.deepEqual(r.report.steps.map((s) => [s.name, s.ok]), [['readiness', true], ['completion', true], ['log', true]])
    assert.deepEqual(r.report.object, { key, size: 123 })
    assert.equal(r.report.payload?.id, ID)
    const log = r.report.steps[2]
    assert.ok(log && log.ms >= 2100 && log.ms < 2400, `log step ${log?.ms} ms`)
    assert.match(r.report.steps[1]?.detail ?? '', /mock → chatcmpl-.*tokens 10\+20=30/)
  })

  const failures: Array<{ name: string; opts: FakeOpts; exit: number; steps: number; msg: RegExp; hint?: RegExp }> = [
    { name: 'proxy down until the timeout', opts: { readiness: [new ConnectError('nothing listens at http://127.0.0.1:4000 (connection refused)')] }, exit: 3, steps: 1, msg: /not ready after 30\.0 s: nothing listens/, hint: /make up/ },
    { name: 'S3 logger missing', opts: { readiness: [{ status: 200, body: { status: 'healthy', success_callbacks: ['langfuse'] } }] }, exit: 3, steps: 1, msg: /S3 logger is not among/ },
    { name: 'wrong master key', opts: { completion: { status: 401, body: { error: { message: 'Authentication Error, Invalid proxy server token passed.' } } } }, exit: 4, steps: 2, msg: /HTTP 401 from the proxy: Authentication Error, Invalid proxy server token passed\./, hint: /LITELLM_MASTER_KEY/ },
    { name: 'Bedrock token expired', opts: { completion: { status: 401, body: { error: { message: 'litellm.AuthenticationError: BedrockException - {"message":"The security token included in the request is expired"}' } } } }, exit: 4, steps: 2, msg: /security token included in the request is expired/, hint: /run `make up` again/ },
    { name: 'completion without id', opts: { completion: { status: 200, body: {} } }, exit: 4, steps: 2, msg: /without a response id/ },
    { name: 'proxy gone during the completion', opts: { completion: new ConnectError('nothing listens at x') }, exit: 4, steps: 2, msg: /completion failed: nothing listens/ },
    { name: 'log never lands, nothing else either', opts: {}, exit: 5, steps: 3, msg: /log object not found: nothing ending in _chatcmpl-.*\.json under s3:\/\/litellm-log-archive\/request_logs\//, hint: /session token leaking into the S3 logger/ },
    { name: 'bucket missing', opts: { listError: describeS3Error(Object.assign(new Error('x'), { name: 'NoSuchBucket' }), { endpoint: 'http://s3', bucket: 'litellm-log-archive' }) }, exit: 5, steps: 3, msg: /NoSuchBucket/ },
    { name: 'unexpected error in a step', opts: { listError: new TypeError('boom') }, exit: 1, steps: 3, msg: /log: boom/ },
  ]
  for (const f of failures) {
    test(`${f.name}: exit ${f.exit}`, async () => {
      const { deps } = fake(f.opts)
      const r = await runCheck(config, deps)
      assert.equal(r.exitCode, f.exit)
      assert.equal(r.report.ok, false)
      assert.equal(r.report.steps.length, f.steps)
      const last = r.report.steps.at(-1)
      assert.equal(last?.ok, false)
      assert.match(last?.detail ?? '', f.msg)
      assert.match(r.extras.error?.message ?? '', f.msg)
      if (f.hint) assert.match(r.extras.error?.hint ?? '', f.hint)
      assert.equal(r.report.object, null)
      assert.equal(r.report.payload, null)
    })
  }

  test('the log wait stops at flush interval + margin, not at --timeout', async () => {
    const { deps } = fake({})
    const r = await runCheck({ ...config, timeoutMs: 300_000 }, deps)
    const log = r.report.steps[2]
    assert.ok(log && log.ms >= 12_000 && log.ms < 13_000, `waited ${log?.ms} ms`)
  })

  test('nor past --timeout', async () => {
    const { deps } = fake({})
    const r = await runCheck({ ...config, timeoutMs: 3000 }, deps)
    const total = r.report.steps.reduce((a, s) => a + s.ms, 0)
    assert.ok(total <= 3000 + 50, `total ${total} ms`)
  })
})

describe('renderings', () => {
  test('human: steps with marks and timings, listing, summary; no secrets', async () => {
    const { deps, key } = fake({ landsAfter: 0 })
    const r = await runCheck(config, deps)
    const out = formatHuman(r.report, r.extras, config.secrets)
    assert.match(out, /✔ readiness +\d+ ms/)
    assert.match(out, /✔ completion +\d+ ms/)
    assert.match(out, /✔ log +\d+ ms/)
    assert.ok(out.includes(key.slice(key.lastIndexOf('/') + 1)))
    assert.match(out, /→ .*123 B/)
    assert.match(out, /--full shows all of it/)
    assert.match(out, /"total_tokens": 30/)
    assertNoSecrets(out)
  })

  test('human --full shows the whole payload, redacted', async () => {
    const { deps } = fake({ landsAfter: 0 })
    const r = await runCheck(config, deps, { full: true })
    const out = formatHuman(r.report, r.extras, config.secrets)
    assert.match(out, /"cookie": "\[REDACTED\]"/)
    assert.match(out, /"authorization": "\[REDACTED\]"/)
    assertNoSecrets(out)
  })

  test('json: exactly the contract shape, payload redacted', async () => {
    const { deps, key } = fake({ landsAfter: 0 })
    const r = await runCheck(config, deps)
    const text = formatJson(r.report, config.secrets)
    assertNoSecrets(text)
    const j = JSON.parse(text)
    assert.deepEqual(Object.keys(j), ['ok', 'steps', 'object', 'payload'])
    assert.equal(j.ok, true)
    for (const s of j.steps) assert.deepEqual(Object.keys(s), ['name', 'ok', 'ms', 'detail'])
    assert.deepEqual(j.object, { key, size: 123 })
    assert.equal(j.payload.metadata.headers.authorization, '[REDACTED]')
    assert.equal(j.payload.total_tokens, 30)
  })

  test('json on failure keeps the shape', async () => {
    const { deps } = fake({ completion: { status: 401, body: { error: { message: `bad key ${MASTER}` } } } })
    const r = await runCheck(config, deps)
    const text = formatJson(r.report, config.secrets)
    assertNoSecrets(text)
    assertNoSecrets(formatError(r.extras.error ?? { message: '' }, config.secrets))
    const j = JSON.parse(text)
    assert.deepEqual(j, { ok: false, steps: j.steps, object: null, payload: null })
    assert.deepEqual(j.steps.map((s: { name: string; ok: boolean }) => [s.name, s.ok]), [['readiness', true], ['completion', false]])
  })

  test('configFailure: a config step with the exit code of the error', () => {
    const cases: Array<[unknown, number]> = [
      [usageError('LITELLM_MASTER_KEY is missing or empty in /x/.env'), 2],
      [new KitError('odd', 5), 5],
      [new Error('bug'), 1],
    ]
    for (const [err, code] of cases) {
      const f = configFailure(err)
      assert.equal(f.exitCode, code)
      const j = JSON.parse(formatJson(f.report, []))
      assert.deepEqual(Object.keys(j), ['ok', 'steps', 'object', 'payload'])
      assert.equal(j.steps[0].name, 'config')
    }
  })
})
