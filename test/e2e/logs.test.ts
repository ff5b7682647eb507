// End-to-end tests of scripts/logs.ts against the real S3 server of the e2e
// harness (moto behind the MinIO-like front): generated StandardLoggingPayload
// objects under LiteLLM's key layout, the real script run as a subprocess.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'
import { after, before, describe, test } from 'node:test'
import type { S3Client } from '@aws-sdk/client-s3'
import { logKeyFor, uploadRequests, type FakeRequest } from './log-payloads.ts'
import { run } from '../helpers/run.ts'
import { kitRoot, venvMissing } from './procs.ts'
import { rootClient, startS3Server, type S3Server } from './s3-server.ts'

const missing = venvMissing()
if (missing) {
  console.log(`# e2e logs: ${process.env.CI === 'true' ? 'FAILING' : 'skipping'}: ${missing}`)
  if (process.env.CI === 'true') test('e2e logs prerequisites (CI=true: the venv is required)', () => assert.fail(missing))
}
const skip = Boolean(missing)

const CREDS = { rootUser: 'kit-admin-e2e', rootPassword: 'RootPassword0123456789', writerAccessKey: 'litellm-writer-e2e', writerSecretKey: 'WriterSecret0123456789' }
const BUCKET = 'litellm-log-archive'
const PREFIX = 'request_logs/'
const MASTER_KEY = `sk-${'ab12'.repeat(16)}`

// Must never appear in any output.
const SECRETS = ['SECRETTOKEN1234567890', 'COOKIESECRET123', 'COOKIE2SECRET', 'APIKEYSECRET9876', 'XAUTHSECRET555', MASTER_KEY, 'ab12ab12ab12ab12ab12']
const SECRET_HEADERS = {
  authorization: 'Bearer sk-live-SECRETTOKEN1234567890',
  cookie: 'session=COOKIESECRET123; theme=dark; csrf=COOKIE2SECRET',
  'x-api-key': 'APIKEYSECRET9876',
  'x-forwarded-authorization': 'Bearer XAUTHSECRET555',
  'user-agent': 'e2e/1.0',
}

const D0 = '2026-02-28'
const D1 = '2026-03-01'
const D2 = '2026-03-02'
const at = (date: string, time: string) => new Date(`${date}T${time}Z`)

const DAY1: FakeRequest[] = [
  { id: 'chatcmpl-plain-1', start: at(D1, '10:00:00.000'), latencyMs: 400 },
  { id: 'chatcmpl-team-1', start: at(D1, '10:05:00.000'), team: 'team-a', keyAlias: 'alice', modelGroup: 'nova-lite', cost: 0.01, promptTokens: 100, completionTokens: 50 },
  { id: 'chatcmpl-key-1', start: at(D1, '10:10:00.000'), keyAlias: 'bob' },
  {
    id: 'chatcmpl-fail-1',
    start: at(D1, '10:15:00.000'),
    team: 'team-a',
    keyAlias: 'alice',
    modelGroup: 'nova-lite',
    status: 'failure',
    error: 'litellm.AuthenticationError: bad header Authorization: Bearer sk-live-SECRETTOKEN1234567890',
  },
  { id: 'chatcmpl-stream-1', start: at(D1, '10:20:00.000'), modelGroup: 'nova-lite', stream: true, latencyMs: 3000 },
  { id: 'chatcmpl-unicode-1', start: at(D1, '10:25:00.000'), prompt: '日本語で答えて 🌸 Ünïcödé “quotes”', answer: 'こんにちは、世界 🌏' },
  { id: 'chatcmpl-secret-1', start: at(D1, '10:30:00.123'), headers: SECRET_HEADERS, guardrail: true, prompt: `my key is ${MASTER_KEY}` },
]
const DAY0: FakeRequest[] = [{ id: 'chatcmpl-d0-1', start: at(D0, '23:59:59.999') }]
const DAY2_COUNT = 1200
const day2 = function* (): Generator<FakeRequest> {
  for (let i = 0; i < DAY2_COUNT; i++) {
    const start = new Date(Date.parse(`${D2}T00:00:00Z`) + i * 60_000 + (i % 1000))
    yield i % 100 === 0 ? { id: `chatcmpl-bulk-${i}`, start, team: 'team-b', keyAlias: 'carol', latencyMs: 100 + i } : { id: `chatcmpl-bulk-${i}`, start, latencyMs: 100 + i }
  }
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

let s3: S3Server
let root: S3Client
let dir: string
let envFile: string

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1', NO_COLOR: '1', S3_ENDPOINT_URL: s3.endpoint, ...extra }
  // Nothing of the developer's shell may steer the script.
  for (const k of ['S3_LOG_BUCKET', 'S3_LOG_PREFIX', 'MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD', 'FORCE_COLOR', 'LOGS_CONCURRENCY']) if (!(k in extra)) delete env[k]
  return env
}

async function logs(args: string[], extra: Record<string, string> = {}): Promise<Run> {
  const r = await run(process.execPath, ['--import', 'tsx', 'scripts/logs.ts', ...args, '--env-file', envFile], { cwd: kitRoot, env: childEnv(extra) })
  assertNoSecrets(`logs ${args.join(' ')}`, r.stdout + r.stderr)
  return { code: r.code, stdout: r.stdout, stderr: r.stderr }
}

function assertNoSecrets(what: string, text: string): void {
  for (const s of SECRETS) assert.ok(!text.includes(s), `${what} printed the secret ${s}:\n${text}`)
}

/** A failure as the issue wants it: one line (plus an optional hint), no stack. */
function assertOneLineError(r: Run, code: number, pattern: RegExp): void {
  assert.equal(r.code, code, `exit ${r.code}, stderr: ${r.stderr}`)
  const lines = r.stderr.trim().split('\n')
  assert.ok(lines.length <= 2, `more than message + hint:\n${r.stderr}`)
  assert.match(lines[0] ?? '', /^✖ /)
  assert.match(r.stderr, pattern)
  assert.doesNotMatch(r.stderr, /^\s+at /m)
}

const jsonLines = (text: string) =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)

describe('scripts/logs.ts against the S3 server', { skip, timeout: 300_000 }, () => {
  before(async () => {
    s3 = await startS3Server({ ...CREDS, bucket: BUCKET, prefix: PREFIX, createBucket: true })
    root = rootClient(s3.endpoint, CREDS.rootUser, CREDS.rootPassword)
    await uploadRequests(root, BUCKET, PREFIX, [...DAY0, ...DAY1])
    await uploadRequests(root, BUCKET, PREFIX, day2(), 32)
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logs-e2e-'))
    envFile = path.join(dir, '.env')
    fs.writeFileSync(
      envFile,
      [
        `MINIO_ROOT_USER=${CREDS.rootUser}`,
        `MINIO_ROOT_PASSWORD=${CREDS.rootPassword}`,
        `S3_LOG_BUCKET=${BUCKET}`,
        `S3_LOG_PREFIX=${PREFIX}`,
        `LITELLM_MASTER_KEY=${MASTER_KEY}`,
        'MINIO_API_PORT=1', // S3_ENDPOINT_URL wins
        '',
      ].join('\n'),
      { mode: 0o600 },
    )
  })

  after(async () => {
    root?.destroy()
    await s3?.stop()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  test('list --date: newest first, alias folders, streaming and failures marked', async () => {
    const r = await logs(['list', '--date', D1])
    assert.equal(r.code, 0, r.stderr)
    const lines = r.stdout.trim().split('\n')
    assert.match(lines[0] ?? '', /^time \(UTC\)\s+model\s+status/)
    const ids = lines.slice(1, -1).map((l) => l.trim().split(/\s+/).at(-1))
    assert.deepEqual(ids, ['chatcmpl-secret-1', 'chatcmpl-unicode-1', 'chatcmpl-stream-1', 'chatcmpl-fail-1', 'chatcmpl-key-1', 'chatcmpl-team-1', 'chatcmpl-plain-1'])
    assert.match(r.stdout, /10:20:00\s+nova-lite\s+success~/)
    assert.match(r.stdout, /10:15:00\s+nova-lite\s+failure .*team-a\/alice/)
    assert.match(lines.at(-1) ?? '', /7 shown of 7 requests in 2026-03-01/)
  })

  test('list --json: one redacted object a line', async () => {
    const r = await logs(['list', '--date', D1, '--json'])
    assert.equal(r.code, 0, r.stderr)
    const rows = jsonLines(r.stdout)
    assert.equal(rows.length, 7)
    const byId = new Map(rows.map((x) => [x.id, x]))
    assert.deepEqual(
      ['team', 'keyAlias', 'modelGroup', 'promptTokens', 'completionTokens', 'cost'].map((k) => byId.get('chatcmpl-team-1')?.[k]),
      ['team-a', 'alice', 'nova-lite', 100, 50, 0.01],
    )
    assert.equal(byId.get('chatcmpl-key-1')?.keyAlias, 'bob')
    assert.equal(byId.get('chatcmpl-key-1')?.team, null)
    assert.equal(byId.get('chatcmpl-stream-1')?.stream, true)
    assert.match(String(byId.get('chatcmpl-fail-1')?.error), /AuthenticationError: .*Bearer \[REDACTED\]/)
    assert.equal(byId.get('chatcmpl-secret-1')?.key, logKeyFor(PREFIX, DAY1[6]!))
  })

  const filters: [string, string[], string[]][] = [
    ['--team', ['--team', 'team-a'], ['chatcmpl-fail-1', 'chatcmpl-team-1']],
    ['--key-alias (one alias folder)', ['--key-alias', 'bob'], ['chatcmpl-key-1']],
    ['--status failure', ['--status', 'failure'], ['chatcmpl-fail-1']],
    ['--model', ['--model', 'nova-lite'], ['chatcmpl-stream-1', 'chatcmpl-fail-1', 'chatcmpl-team-1']],
    ['--model and --status success', ['--model', 'nova-lite', '--status', 'success'], ['chatcmpl-stream-1', 'chatcmpl-team-1']],
    ['--limit', ['--limit', '2'], ['chatcmpl-secret-1', 'chatcmpl-unicode-1']],
  ]
  for (const [name, args, want] of filters) {
    test(`list filter ${name}`, async () => {
      const r = await logs(['list', '--date', D1, '--json', ...args])
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(jsonLines(r.stdout).map((x) => x.id), want)
    })
  }

  test('list paginates past 1,000 keys', async () => {
    const r = await logs(['list', '--date', D2, '--json', '--limit', '5000'])
    assert.equal(r.code, 0, r.stderr)
    const rows = jsonLines(r.stdout)
    assert.equal(rows.length, DAY2_COUNT)
    assert.equal(rows[0]?.id, `chatcmpl-bulk-${DAY2_COUNT - 1}`)
    assert.equal(rows.at(-1)?.id, 'chatcmpl-bulk-0')
    assert.equal(new Set(rows.map((x) => x.id)).size, DAY2_COUNT)
  })

  test('list --since and --all reach across days and alias folders', async () => {
    const r = await logs(['list', '--all', '--json', '--limit', '5000', '--team', 'team-b'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(jsonLines(r.stdout).length, DAY2_COUNT / 100)
    const since = await logs(['list', '--since', '3650d', '--json', '--limit', '5000'])
    assert.equal(jsonLines(since.stdout).length, 1 + DAY1.length + DAY2_COUNT)
  })

  test('an empty day is not an error: one line, exit 0', async () => {
    const r = await logs(['list', '--date', '2025-01-01'])
    assert.equal(r.code, 0)
    assert.equal(r.stdout.trim(), `no archived logs for 2025-01-01 in s3://${BUCKET}/${PREFIX}`)
    const today = await logs(['list'])
    assert.equal(today.code, 0)
    assert.match(today.stdout.trim(), /^no archived logs for today \(\d{4}-\d{2}-\d{2} UTC\)/)
    const json = await logs(['summary', '--date', '2025-01-01', '--json'])
    assert.equal(json.code, 0)
    assert.equal((JSON.parse(json.stdout) as { totals: { requests: number } }).totals.requests, 0)
  })

  test('show <id>: readable view with unicode prompt and answer', async () => {
    const r = await logs(['show', 'chatcmpl-unicode-1'])
    assert.equal(r.code, 0, r.stderr)
    for (const part of ['chatcmpl-unicode-1  success', `object:   ${logKeyFor(PREFIX, DAY1[5]!)}`, '日本語で答えて 🌸 Ünïcödé “quotes”', 'こんにちは、世界 🌏', 'usage:    10 prompt + 20 completion = 30 tokens']) {
      assert.ok(r.stdout.includes(part), `missing ${part}:\n${r.stdout}`)
    }
  })

  test('show <key>, with or without the prefix; streamed and failed requests', async () => {
    const key = logKeyFor(PREFIX, DAY1[4]!)
    for (const ref of [key, key.slice(PREFIX.length)]) {
      const r = await logs(['show', ref])
      assert.equal(r.code, 0, r.stderr)
      assert.match(r.stdout, /chatcmpl-stream-1 {2}success {2}streamed/)
      assert.match(r.stdout, /first token 750ms/)
    }
    const failed = await logs(['show', 'chatcmpl-fail-1'])
    assert.match(failed.stdout, /error\n {2}BadRequestError, code 400\n {2}litellm\.AuthenticationError: bad header Authorization: Bearer \[REDACTED\]/)
    assert.match(failed.stdout, /key: {6}team team-a, key alice/)
  })

  test('show last / --full / --raw are redacted', async () => {
    const last = await logs(['show', 'last', '--date', D1])
    assert.equal(last.code, 0, last.stderr)
    assert.match(last.stdout, /^chatcmpl-secret-1/)
    assert.match(last.stdout, /pii-mask: guardrail_intervened/)
    const newest = await logs(['show', 'last'])
    assert.match(newest.stdout, new RegExp(`^chatcmpl-bulk-${DAY2_COUNT - 1}`))
    const full = await logs(['show', 'chatcmpl-secret-1', '--full'])
    assert.equal(full.code, 0, full.stderr)
    assert.match(full.stdout, /"requester_metadata"/)
    const raw = await logs(['show', 'chatcmpl-secret-1', '--raw'])
    assert.equal(raw.code, 0, raw.stderr)
    assert.equal(raw.stdout.trim().split('\n').length, 1)
    const p = JSON.parse(raw.stdout) as { metadata: { requester_metadata: { headers: Record<string, string> } }; messages: { content: string }[] }
    const h = p.metadata.requester_metadata.headers
    assert.equal(h.authorization, '[REDACTED]')
    assert.equal(h.cookie, '[REDACTED]')
    assert.equal(h['x-api-key'], '[REDACTED]')
    assert.equal(h['x-forwarded-authorization'], '[REDACTED]')
    assert.equal(h['user-agent'], 'e2e/1.0')
    assert.equal(p.messages[1]?.content, 'my key is [REDACTED]')
  })

  test('summary: per day × model group, totals, bars; --json', async () => {
    const r = await logs(['summary', '--date', D1])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^date\s+model\s+requests\s+failed/)
    assert.match(r.stdout, /2026-03-01\s+mock\s+4\s+0 .*█/)
    assert.match(r.stdout, /2026-03-01\s+nova-lite\s+3\s+1 /)
    const j = await logs(['summary', '--all', '--json'])
    assert.equal(j.code, 0, j.stderr)
    const doc = JSON.parse(j.stdout) as { objects: number; totals: { requests: number; failures: number }; rows: { date: string; modelGroup: string; requests: number; p50Ms: number; p95Ms: number }[] }
    assert.equal(doc.objects, 1 + DAY1.length + DAY2_COUNT)
    assert.equal(doc.totals.requests, doc.objects)
    assert.equal(doc.totals.failures, 1)
    const bulk = doc.rows.find((x) => x.date === D2)
    assert.equal(bulk?.requests, DAY2_COUNT)
    // latencies 100..1299 ms: p50 ≈ 699, p95 ≈ 1239 (±1%)
    assert.ok(Math.abs((bulk?.p50Ms ?? 0) - 699) < 8, `p50 ${bulk?.p50Ms}`)
    assert.ok(Math.abs((bulk?.p95Ms ?? 0) - 1239) < 13, `p95 ${bulk?.p95Ms}`)
    const cost = await logs(['summary', '--date', D1, '--bar', 'cost'])
    assert.match(cost.stdout, /bar: cost/)
  })

  const bad: [string, string[], Record<string, string>, number, RegExp][] = [
    ['impossible date', ['list', '--date', '2026-02-30'], {}, 2, /--date "2026-02-30" is not a date/],
    ['bad window', ['summary', '--since', '2hours'], {}, 2, /is not a duration/],
    ['both --date and --since', ['list', '--date', D1, '--since', '2h'], {}, 2, /use only one of --date, --since/],
    ['unknown command', ['lsit'], {}, 2, /unknown command "lsit"/],
    ['unknown flag', ['list', '--colour'], {}, 2, /unknown option --colour/],
    ['bad status', ['list', '--status', 'ok'], {}, 2, /--status "ok"/],
    ['id that matches nothing', ['show', 'chatcmpl-nope'], {}, 2, /no log object for id chatcmpl-nope/],
    ['key that matches nothing', ['show', `${D1}/time-00-00-00-000000_x.json`], {}, 2, /no object request_logs\/2026-03-01\/time-00-00-00-000000_x\.json/],
    ['show without argument', ['show'], {}, 2, /show needs an id/],
    ['missing bucket', ['list'], { S3_LOG_BUCKET: 'no-such-bucket' }, 5, /NoSuchBucket.*no-such-bucket does not exist/],
    ['wrong password', ['summary'], { MINIO_ROOT_PASSWORD: 'WrongPassword000' }, 5, /SignatureDoesNotMatch/],
    ['unknown user', ['show', 'last'], { MINIO_ROOT_USER: 'nobody-here' }, 5, /InvalidAccessKeyId/],
    ['nothing listening', ['list'], { S3_ENDPOINT_URL: 'http://127.0.0.1:9' }, 5, /nothing listens at http:\/\/127\.0\.0\.1:9/],
  ]
  test('no command runs list (what `make logs` shows)', async () => {
    const none = await logs(['--date', D1])
    const list = await logs(['list', '--date', D1])
    assert.equal(none.code, 0, none.stderr)
    assert.equal(none.stdout, list.stdout)
    assert.ok(none.stdout.length > 0)
  })

  for (const [name, args, env, code, pattern] of bad) {
    test(`bad input: ${name} -> exit ${code}, one line`, async () => {
      assertOneLineError(await logs(args, env), code, pattern)
    })
  }

  test('--help lists commands, flags and exit codes', async () => {
    const r = await logs(['--help'])
    assert.equal(r.code, 0)
    for (const s of ['list', 'show <id|key|last>', 'tail', 'summary', '--since', '--json', 'Exit codes']) assert.ok(r.stdout.includes(s), s)
  })

  test('tail follows new objects (redacted) and exits 0 on Ctrl-C', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/logs.ts', 'tail', '--env-file', envFile], { cwd: kitRoot, env: childEnv() })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
    const until = async (what: string, ok: () => boolean, ms: number) => {
      const end = Date.now() + ms
      while (!ok()) {
        if (Date.now() > end) assert.fail(`timed out waiting for ${what}; stdout:\n${stdout}\nstderr:\n${stderr}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
    try {
      await until('the tail to start', () => stderr.includes('Ctrl-C to stop'), 20_000)
      await new Promise((r) => setTimeout(r, 1500)) // its first (backlog) listing
      const now = Date.now()
      await uploadRequests(root, BUCKET, PREFIX, [
        { id: 'chatcmpl-tail-1', start: new Date(now - 3000), team: 'team-t', keyAlias: 'tina' },
        { id: 'chatcmpl-tail-2', start: new Date(now - 1000), status: 'failure', headers: SECRET_HEADERS, error: 'upstream said Bearer sk-live-SECRETTOKEN1234567890' },
      ])
      await until('both new objects', () => stdout.includes('chatcmpl-tail-1') && stdout.includes('chatcmpl-tail-2'), 20_000)
      // A late upload of an older request (the flush interval) is still caught.
      await uploadRequests(root, BUCKET, PREFIX, [{ id: 'chatcmpl-tail-late', start: new Date(now - 60_000), stream: true }])
      await until('the late object', () => stdout.includes('chatcmpl-tail-late'), 20_000)
    } finally {
      child.kill('SIGINT')
    }
    const code = await exited
    assert.equal(code, 0, stderr)
    assertNoSecrets('tail', stdout + stderr)
    const lines = stdout.trim().split('\n')
    assert.equal(lines.length, 3, stdout)
    assert.match(lines[0] ?? '', /success .*team-t\/tina {2}chatcmpl-tail-1$/)
    assert.match(lines[1] ?? '', /failure .*chatcmpl-tail-2 {2}upstream said Bearer \[REDACTED\]/)
    assert.match(lines[2] ?? '', /success stream .*chatcmpl-tail-late$/)
    assert.doesNotMatch(stdout, /chatcmpl-plain-1|chatcmpl-bulk/) // the backlog is not printed
  })
})
