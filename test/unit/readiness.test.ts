// Both shapes of LiteLLM's readiness answer, the S3 logger check and polling.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { findS3Logger, interpretReadiness, ReadinessError, waitForReadiness, type Fetcher, type HttpAnswer } from '../../scripts/lib/readiness.ts'

// What LiteLLM 1.82.3 answers (captured from the e2e stack): "s3_v2" before the
// first request, the logger's class name after it.
const OLD_BEFORE = { status: 'healthy', db: 'Not connected', cache: null, litellm_version: '1.82.3', success_callbacks: ['sync_deployment_callback_on_success', 'ServiceLogging', 's3_v2'] }
const OLD_AFTER = { ...OLD_BEFORE, success_callbacks: ['_PROXY_MaxBudgetLimiter', 'ServiceLogging', 'S3Logger'] }
const NEW_PUBLIC = { status: 'healthy', db: 'connected' }
const NEW_DETAILS = { status: 'healthy', db: 'connected', litellm_version: '1.84.0', success_callbacks: ['S3Logger'] }

describe('interpretReadiness', () => {
  const cases: Array<{ name: string; answer: HttpAnswer; details?: boolean; kind: string; match?: RegExp; logger?: string }> = [
    { name: 'old shape, before the first request', answer: { status: 200, body: OLD_BEFORE }, kind: 'ready', logger: 's3_v2' },
    { name: 'old shape, after the first request', answer: { status: 200, body: OLD_AFTER }, kind: 'ready', logger: 'S3Logger' },
    { name: 'old shape without the S3 logger', answer: { status: 200, body: { ...OLD_BEFORE, success_callbacks: ['langfuse'] } }, kind: 'failed', match: /S3 logger is not among .*langfuse/ },
    { name: 'old shape with an empty list', answer: { status: 200, body: { ...OLD_BEFORE, success_callbacks: [] } }, kind: 'failed', match: /\(none\)/ },
    { name: 'very old shape with objects in the list', answer: { status: 200, body: { status: 'healthy', success_callbacks: [{}, 's3_v2'] } }, kind: 'ready', logger: 's3_v2' },
    { name: 'new public shape asks for details', answer: { status: 200, body: NEW_PUBLIC }, kind: 'need-details' },
    { name: 'new shape, DB down (503)', answer: { status: 503, body: { status: 'unhealthy', db: 'disconnected' } }, kind: 'waiting', match: /HTTP 503/ },
    { name: 'starting up (502 text)', answer: { status: 502, body: 'Bad Gateway' }, kind: 'waiting', match: /Bad Gateway/ },
    { name: 'status not healthy', answer: { status: 200, body: { status: 'starting' } }, kind: 'waiting' },
    { name: 'details with the S3 logger', answer: { status: 200, body: NEW_DETAILS }, details: true, kind: 'ready', logger: 'S3Logger' },
    { name: 'details without the S3 logger', answer: { status: 200, body: { ...NEW_DETAILS, success_callbacks: ['datadog'] } }, details: true, kind: 'failed', match: /S3 logger/ },
    { name: 'details refuse the master key', answer: { status: 401, body: { error: { message: 'Authentication Error' } } }, details: true, kind: 'failed', match: /LITELLM_MASTER_KEY/ },
    { name: 'no details endpoint (404): not verifiable', answer: { status: 404, body: 'Not Found' }, details: true, kind: 'ready' },
    { name: 'details without a list: not verifiable', answer: { status: 200, body: { status: 'healthy' } }, details: true, kind: 'ready' },
  ]
  for (const c of cases) {
    test(c.name, () => {
      const v = interpretReadiness(c.answer, { details: c.details })
      assert.equal(v.kind, c.kind)
      if (c.match) assert.match((v as { reason: string }).reason, c.match)
      if (v.kind === 'ready') assert.equal(v.s3Logger, c.logger)
    })
  }
})

describe('findS3Logger', () => {
  const cases: Array<[string[], string | undefined]> = [
    [['s3_v2'], 's3_v2'],
    [['s3'], 's3'],
    [['S3Logger'], 'S3Logger'],
    [['langfuse', 'GCSBucketLogger', 's3_logger_extra'], undefined],
    [[], undefined],
  ]
  for (const [list, want] of cases) test(JSON.stringify(list), () => assert.equal(findS3Logger(list), want))
})

/** A fake clock: sleep advances it, so polling tests run instantly. */
function clock() {
  let t = 1_000_000
  return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) }
}

describe('waitForReadiness', () => {
  test('polls through refusals and 503 until ready', async () => {
    const c = clock()
    const answers: Array<HttpAnswer | Error> = [new Error('connection refused'), { status: 503, body: { status: 'unhealthy' } }, { status: 200, body: OLD_BEFORE }]
    const fetcher: Fetcher = async () => {
      const a = answers.shift() as HttpAnswer | Error
      if (a instanceof Error) throw a
      return a
    }
    const r = await waitForReadiness(fetcher, c.now() + 10_000, { now: c.now, sleep: c.sleep })
    assert.equal(r.attempts, 3)
    assert.equal(r.s3Logger, 's3_v2')
    assert.equal(r.source, '/health/readiness')
  })

  test('the new shape reads the details with the master key', async () => {
    const c = clock()
    const calls: Array<[string, boolean]> = []
    const fetcher: Fetcher = async (path, { auth }) => {
      calls.push([path, auth])
      return path.endsWith('/details') ? { status: 200, body: NEW_DETAILS } : { status: 200, body: NEW_PUBLIC }
    }
    const r = await waitForReadiness(fetcher, c.now() + 1000, { now: c.now, sleep: c.sleep })
    assert.deepEqual(calls, [['/health/readiness', false], ['/health/readiness/details', true]])
    assert.equal(r.source, '/health/readiness/details')
    assert.equal(r.version, '1.84.0')
  })

  test('gives up at the deadline with the last reason', async () => {
    const c = clock()
    const fetcher: Fetcher = async () => {
      throw new Error('nothing listens at http://127.0.0.1:1 (connection refused)')
    }
    const deadline = c.now() + 3000
    await assert.rejects(waitForReadiness(fetcher, deadline, { now: c.now, sleep: c.sleep }), (err: unknown) => {
      assert.ok(err instanceof ReadinessError)
      assert.equal(err.misconfigured, false)
      assert.match(err.message, /connection refused/)
      return true
    })
    assert.ok(c.now() <= deadline, 'never sleeps past the deadline')
  })

  test('a last try cut short by the deadline keeps the earlier, clearer reason', async () => {
    const c = clock()
    const fetcher: Fetcher = async (_p, { timeoutMs }) => {
      // Refused while there is time; a time-out when the budget is nearly gone.
      if (timeoutMs < 1000) throw new Error(`no answer within ${(timeoutMs / 1000).toFixed(1)} s`)
      c.advance(400)
      throw new Error('nothing listens at http://127.0.0.1:1 (connection refused)')
    }
    await assert.rejects(waitForReadiness(fetcher, c.now() + 3000, { now: c.now, sleep: c.sleep }), (err: unknown) => {
      assert.ok(err instanceof ReadinessError)
      assert.match(err.message, /nothing listens/)
      return true
    })
  })

  test('a missing S3 logger fails at once, without polling', async () => {
    const c = clock()
    let calls = 0
    const fetcher: Fetcher = async () => {
      calls++
      return { status: 200, body: { ...OLD_BEFORE, success_callbacks: ['langfuse'] } }
    }
    await assert.rejects(waitForReadiness(fetcher, c.now() + 60_000, { now: c.now, sleep: c.sleep }), (err: unknown) => err instanceof ReadinessError && err.misconfigured)
    assert.equal(calls, 1)
  })

  test('each request is bounded by the time left', async () => {
    const c = clock()
    const timeouts: number[] = []
    const fetcher: Fetcher = async (_p, { timeoutMs }) => {
      timeouts.push(timeoutMs)
      c.advance(timeoutMs)
      throw new Error('timed out')
    }
    await assert.rejects(waitForReadiness(fetcher, c.now() + 7000, { now: c.now, sleep: c.sleep }))
    assert.equal(timeouts[0], 5000)
    assert.ok(timeouts.every((t) => t >= 1 && t <= 5000))
  })
})
