// Finding the log object of a response id: key matching, day folders, polling.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { candidatePrefixes, findLogObject, keyMatchesResponseId, notFoundHint, payloadSummary, responseIdFromKey, type ListedObject, type Lister } from '../../scripts/lib/log-object.ts'

const ID = 'chatcmpl-7269bdff-5dc6-46e9-80f1-afae429891e4'

describe('keyMatchesResponseId / responseIdFromKey', () => {
  const cases: Array<{ key: string; id: string; match: boolean; parsed?: string }> = [
    { key: `request_logs/2026-12-04/time-19-59-44-416840_${ID}.json`, id: ID, match: true, parsed: ID },
    { key: `request_logs/team-a/key-b/2026-12-04/time-19-59-44-416840_${ID}.json`, id: ID, match: true, parsed: ID },
    { key: `request_logs/2026-12-04/time-19-59-44-416840_x${ID}.json`, id: ID, match: false, parsed: `x${ID}` },
    { key: `request_logs/2026-12-04/time-19-59-44-416840_${ID}.json.bak`, id: ID, match: false },
    { key: `request_logs/2026-12-04/other_${ID}.json`, id: ID, match: false },
    { key: `request_logs/2026-12-04/time-19-59-44-416840_${ID}.json`, id: '', match: false, parsed: ID },
  ]
  for (const c of cases) {
    test(c.key.slice(13, 60) + ` (${c.match})`, () => {
      assert.equal(keyMatchesResponseId(c.key, c.id), c.match)
      assert.equal(responseIdFromKey(c.key), c.parsed)
    })
  }
})

describe('candidatePrefixes', () => {
  test('one UTC day (the process runs in UTC here or not: always includes the UTC date)', () => {
    const d = new Date('2026-12-04T12:00:00Z')
    const p = candidatePrefixes('request_logs/', d, d)
    assert.ok(p.includes('request_logs/2026-12-04/'))
    assert.ok(p.length <= 2)
  })
  test('a request across midnight UTC lists both days', () => {
    const p = candidatePrefixes('p/', new Date('2026-12-04T23:59:59.900Z'), new Date('2026-12-05T00:00:00.100Z'))
    assert.ok(p.includes('p/2026-12-04/') && p.includes('p/2026-12-05/'))
  })
})

/** A bucket whose objects appear at given times on a fake clock. */
function fakeBucket(objects: Array<ListedObject & { at: number }>, clock: { now: () => number }) {
  const listed: string[] = []
  const list: Lister = async function* (prefix) {
    listed.push(prefix)
    for (const o of objects) if (o.at <= clock.now() && o.key.startsWith(prefix)) yield { key: o.key, size: o.size, lastModified: o.lastModified }
  }
  return { list, listed }
}

function clock(start = Date.parse('2026-12-04T12:00:00Z')) {
  let t = start
  return { now: () => t, sleep: async (ms: number) => void (t += ms) }
}

describe('findLogObject', () => {
  test('waits until the object lands, returns its folder sorted', async () => {
    const c = clock()
    const t0 = c.now()
    const mine = `request_logs/2026-12-04/time-12-00-00-000001_${ID}.json`
    const { list } = fakeBucket(
      [
        { key: 'request_logs/2026-12-04/time-11-00-00-000000_chatcmpl-old.json', size: 10, lastModified: new Date(t0 - 3600_000), at: 0 },
        { key: mine, size: 42, lastModified: new Date(t0 + 2000), at: t0 + 2100 },
      ],
      c,
    )
    const r = await findLogObject(list, { prefix: 'request_logs/', id: ID, requestStart: new Date(t0), requestEnd: new Date(t0 + 50), deadline: t0 + 12_000, now: c.now, sleep: c.sleep })
    assert.equal(r.found?.key, mine)
    assert.equal(r.found?.size, 42)
    assert.deepEqual(r.listing.map((o) => o.key.slice(24, 35)), ['time-11-00-', 'time-12-00-'])
    assert.ok(c.now() - t0 >= 2100 && c.now() - t0 < 2400, 'found within one poll interval of landing')
  })

  test('not found: reports whether anything landed since the request', async () => {
    const c = clock()
    const t0 = c.now()
    const { list, listed } = fakeBucket([{ key: 'request_logs/2026-12-04/time-12-00-01-000000_chatcmpl-other.json', size: 1, lastModified: new Date(t0 + 1000), at: t0 + 1000 }], c)
    const r = await findLogObject(list, { prefix: 'request_logs/', id: ID, requestStart: new Date(t0), requestEnd: new Date(t0), deadline: t0 + 5000, now: c.now, sleep: c.sleep })
    assert.equal(r.found, undefined)
    assert.equal(r.landedSince, 1)
    assert.equal(listed.at(-1), 'request_logs/', 'the last listing covers the whole prefix')
    assert.ok(c.now() <= t0 + 5000)
  })

  test('finds keys under alias folders with the last whole-prefix listing', async () => {
    const c = clock()
    const t0 = c.now()
    const mine = `request_logs/team/key/2026-12-04/time-12-00-00-000001_${ID}.json`
    const { list } = fakeBucket([{ key: mine, size: 5, lastModified: new Date(t0), at: 0 }], c)
    const r = await findLogObject(list, { prefix: 'request_logs/', id: ID, requestStart: new Date(t0), requestEnd: new Date(t0), deadline: t0 + 1000, now: c.now, sleep: c.sleep })
    assert.equal(r.found?.key, mine)
  })

  test('storage errors propagate', async () => {
    const list: Lister = async function* () {
      throw new Error('NoSuchBucket')
    }
    await assert.rejects(findLogObject(list, { prefix: 'p/', id: ID, requestStart: new Date(), requestEnd: new Date(), deadline: Date.now() + 1000 }), /NoSuchBucket/)
  })
})

describe('notFoundHint', () => {
  const cases: Array<{ landedSince: number; waitedMs: number; want: RegExp[]; not?: RegExp }> = [
    { landedSince: 0, waitedMs: 12_000, want: [/nothing at all was written/, /a session token leaking into the S3 logger \(AWS_SESSION_TOKEN in the litellm container must be empty/, /S3_WRITER_ACCESS_KEY/], not: /raise --timeout/ },
    { landedSince: 3, waitedMs: 12_000, want: [/other logs arrived/, /session token leaking into the S3 logger/] },
    { landedSince: 0, waitedMs: 1_500, want: [/raise --timeout/] },
  ]
  for (const c of cases) {
    test(`landed ${c.landedSince}, waited ${c.waitedMs} ms`, () => {
      const h = notFoundHint({ landedSince: c.landedSince, waitedMs: c.waitedMs, flushSeconds: 2 })
      for (const w of c.want) assert.match(h, w)
      if (c.not) assert.doesNotMatch(h, c.not)
    })
  }
})

describe('payloadSummary', () => {
  test('keeps the readable fields, converts times, shortens the answer', () => {
    const s = payloadSummary({
      id: 'x', model_group: 'mock', prompt_tokens: 10, completion_tokens: 20, total_tokens: 30, startTime: 1796414372.12,
      metadata: { user_api_key_alias: 'dev', user_api_key_hash: 'h', headers: { cookie: 'c' } },
      messages: [{ role: 'user', content: 'q'.repeat(500) }],
      response: { choices: [{ message: { content: 'hello' } }] },
      hidden_params: { big: true },
    })
    assert.deepEqual(Object.keys(s), ['id', 'model_group', 'prompt_tokens', 'completion_tokens', 'total_tokens', 'startTime', 'metadata', 'messages', 'response'])
    assert.equal(s.startTime, '2026-12-04T19:59:32.120Z')
    assert.deepEqual(s.metadata, { user_api_key_alias: 'dev' })
    assert.equal(((s.messages as Array<{ content: string }>)[0]?.content ?? '').length, 200)
    assert.equal(s.response, 'hello')
  })
  const odd: unknown[] = [null, 'text', [1, 2]]
  for (const p of odd) test(`not an object: ${JSON.stringify(p)}`, () => assert.deepEqual(payloadSummary(p), { payload: p }))
})
