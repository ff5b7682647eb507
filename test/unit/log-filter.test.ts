import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KitError } from '../../scripts/lib/errors.ts'
import { keyMayMatch, parseFilter, summaryMatches, type LogFilter } from '../../scripts/lib/log-filter.ts'
import { parseLogKey } from '../../scripts/lib/log-keys.ts'
import { summarizePayload } from '../../scripts/lib/log-payload.ts'

describe('parseFilter', () => {
  it('reads the flags', () => {
    assert.deepEqual(parseFilter({ model: 'mock', status: 'failure', team: 't', 'key-alias': 'k', other: 'x' }), { model: 'mock', status: 'failure', team: 't', keyAlias: 'k' })
  })
  it('rejects an unknown status with exit 2', () => {
    assert.throws(() => parseFilter({ status: 'ok' }), (e: unknown) => e instanceof KitError && e.exitCode === 2)
  })
})

describe('keyMayMatch', () => {
  const k = (s: string) => parseLogKey(s, 'p/')!
  const cases: [string, LogFilter, string, boolean][] = [
    ['no filter', {}, 'p/2026-03-01/time-00-00-00-000000_a.json', true],
    ['team matches', { team: 't' }, 'p/t/k/2026-03-01/time-00-00-00-000000_a.json', true],
    ['other team', { team: 'x' }, 'p/t/k/2026-03-01/time-00-00-00-000000_a.json', false],
    ['other key alias', { keyAlias: 'x' }, 'p/t/k/2026-03-01/time-00-00-00-000000_a.json', false],
    ['one folder is ambiguous', { team: 'x' }, 'p/k/2026-03-01/time-00-00-00-000000_a.json', true],
    ['no folder: decided on the body', { team: 'x' }, 'p/2026-03-01/time-00-00-00-000000_a.json', true],
  ]
  for (const [name, f, key, want] of cases) it(name, () => assert.equal(keyMayMatch(f, k(key)), want))
})

describe('summaryMatches', () => {
  const s = summarizePayload({ id: 'a', status: 'failure', model_group: 'nova-lite', model: 'amazon.nova-lite-v1:0', metadata: { user_api_key_team_alias: 't', user_api_key_alias: 'k' } })
  const cases: [LogFilter, boolean][] = [
    [{}, true],
    [{ model: 'nova-lite' }, true],
    [{ model: 'amazon.nova-lite-v1:0' }, true],
    [{ model: 'mock' }, false],
    [{ status: 'failure' }, true],
    [{ status: 'success' }, false],
    [{ team: 't', keyAlias: 'k' }, true],
    [{ team: 'u' }, false],
    [{ keyAlias: 'x' }, false],
  ]
  for (const [f, want] of cases) it(JSON.stringify(f), () => assert.equal(summaryMatches(f, s), want))
})
