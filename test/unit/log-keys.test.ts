import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compareNewestFirst, idSuffix, isDate, normalizePrefix, parseLogKey, startAfterFor } from '../../scripts/lib/log-keys.ts'

describe('normalizePrefix (LiteLLM: s3_path.rstrip("/") + "/")', () => {
  const cases: [string, string][] = [
    ['request_logs/', 'request_logs/'],
    ['request_logs', 'request_logs/'],
    ['a/b//', 'a/b/'],
    ['', ''],
    // "/" is truthy in Python: "" + "/".
    ['/', '/'],
  ]
  for (const [input, want] of cases) it(JSON.stringify(input), () => assert.equal(normalizePrefix(input), want))
})

describe('isDate', () => {
  const cases: [string, boolean][] = [
    ['2026-03-01', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-3-1', false],
    ['20260301', false],
    ['team-a', false],
  ]
  for (const [input, want] of cases) it(input, () => assert.equal(isDate(input), want))
})

describe('parseLogKey', () => {
  const P = 'request_logs/'
  const cases: { key: string; prefix?: string; want: null | { aliases: string[]; team?: string; keyAlias?: string; date: string; time: string; id: string; iso: string } }[] = [
    {
      key: 'request_logs/2026-03-01/time-13-05-09-123456_chatcmpl-abc.json',
      want: { aliases: [], date: '2026-03-01', time: '13:05:09.123456', id: 'chatcmpl-abc', iso: '2026-03-01T13:05:09.123Z' },
    },
    {
      key: 'request_logs/team-a/2026-03-01/time-00-00-00-000001_x.json',
      want: { aliases: ['team-a'], date: '2026-03-01', time: '00:00:00.000001', id: 'x', iso: '2026-03-01T00:00:00.000Z' },
    },
    {
      key: 'request_logs/team-a/alice/2026-03-01/time-23-59-59-999999_chatcmpl-9f_x.json',
      want: { aliases: ['team-a', 'alice'], team: 'team-a', keyAlias: 'alice', date: '2026-03-01', time: '23:59:59.999999', id: 'chatcmpl-9f_x', iso: '2026-03-01T23:59:59.999Z' },
    },
    { key: 'logs/2026-03-01/time-13-05-09-123456_a.json', prefix: '', want: { aliases: ['logs'], date: '2026-03-01', time: '13:05:09.123456', id: 'a', iso: '2026-03-01T13:05:09.123Z' } },
    { key: 'other/2026-03-01/time-13-05-09-123456_a.json', want: null },
    { key: 'request_logs/2026-03-01/notes.txt', want: null },
    { key: 'request_logs/2026-02-30/time-13-05-09-123456_a.json', want: null },
    { key: 'request_logs/2026-03-01/time-25-05-09-123456_a.json', want: null },
    { key: 'request_logs/2026-03-01/time-13-05-09-1234_a.json', want: null },
    { key: 'request_logs/a/b/c/2026-03-01/time-13-05-09-123456_a.json', want: null },
    { key: 'request_logs//2026-03-01/time-13-05-09-123456_a.json', want: null },
  ]
  for (const c of cases) {
    it(c.key, () => {
      const k = parseLogKey(c.key, c.prefix ?? P)
      if (c.want === null) return assert.equal(k, null)
      assert.ok(k)
      assert.deepEqual(
        { aliases: k.aliases, team: k.team, keyAlias: k.keyAlias, date: k.date, time: k.time, id: k.id, iso: new Date(k.startMs).toISOString() },
        { team: undefined, keyAlias: undefined, ...c.want },
      )
      assert.equal(k.key, c.key)
    })
  }
})

describe('compareNewestFirst', () => {
  it('orders by start time across alias folders, then by key', () => {
    const keys = [
      'p/2026-03-01/time-10-00-00-000000_a.json',
      'p/t/k/2026-03-02/time-09-00-00-000000_b.json',
      'p/t/2026-03-01/time-10-00-00-000001_c.json',
      'p/z/2026-03-01/time-10-00-00-000000_d.json',
    ].map((k) => parseLogKey(k, 'p/')!)
    assert.deepEqual(keys.sort(compareNewestFirst).map((k) => k.id), ['b', 'c', 'd', 'a'])
  })
})

describe('startAfterFor', () => {
  const cases: [string, string, string, string | undefined][] = [
    ['same day', '2026-03-01', '2026-03-01T13:05:09.500Z', 'p/2026-03-01/time-13-05-09-'],
    ['window starts the day before', '2026-03-02', '2026-03-01T23:00:00Z', undefined],
  ]
  for (const [name, date, from, want] of cases) {
    it(name, () => assert.equal(startAfterFor(`p/${date}/`, date, Date.parse(from)), want))
  }
  it('sorts before every key of that second and after the previous second', () => {
    const sa = startAfterFor('p/2026-03-01/', '2026-03-01', Date.parse('2026-03-01T13:05:09Z'))!
    assert.ok('p/2026-03-01/time-13-05-09-000000_a.json' > sa)
    assert.ok('p/2026-03-01/time-13-05-08-999999_a.json' < sa)
  })
})

it('idSuffix', () => assert.equal(idSuffix('chatcmpl-1'), '_chatcmpl-1.json'))
