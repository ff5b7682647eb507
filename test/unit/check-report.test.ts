// check.ts's renderings from a given report: layout and redaction.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { formatError, formatHuman, formatJson, formatListing, formatStep, type CheckReport, type CheckExtras } from '../../scripts/lib/check-report.ts'

const SECRET = 'sk-abcdefabcdefabcdefabcdefabcdef'
const PW = 'MinioRootPassword123'

const okReport: CheckReport = {
  ok: true,
  steps: [
    { name: 'readiness', ok: true, ms: 12, detail: 'ready' },
    { name: 'completion', ok: true, ms: 345, detail: 'mock → chatcmpl-1' },
    { name: 'log', ok: true, ms: 2100, detail: 'request_logs/2026-12-04/time-12-00-00-000000_chatcmpl-1.json' },
  ],
  object: { key: 'request_logs/2026-12-04/time-12-00-00-000000_chatcmpl-1.json', size: 99 },
  payload: { id: 'chatcmpl-1', metadata: { headers: { Authorization: `Bearer ${SECRET}`, Cookie: 'a=b' } }, note: `pw ${PW}` },
}
const listing = Array.from({ length: 12 }, (_, i) => ({
  key: `request_logs/2026-12-04/time-11-00-${String(i).padStart(2, '0')}-000000_chatcmpl-x${i}.json`,
  size: i,
  lastModified: new Date(Date.UTC(2026, 11, 4, 11, 0, i)),
})).concat([{ key: okReport.object?.key ?? '', size: 99, lastModified: new Date(Date.UTC(2026, 11, 4, 12)) }])
const extras: CheckExtras = { bucket: 'b', listing, shownPayload: okReport.payload, full: true }

describe('formatStep', () => {
  const cases: Array<[boolean, RegExp]> = [
    [true, /^\S*✔\S* readiness +12 ms {2}ready$/],
    [false, /^\S*✖\S* readiness +12 ms {2}ready$/],
  ]
  for (const [ok, want] of cases) test(String(ok), () => assert.match(formatStep({ name: 'readiness', ok, ms: 12, detail: 'ready' }), want))
})

describe('formatListing', () => {
  test('the last ten of the folder, the found one marked', () => {
    const lines = formatListing('b', listing, okReport.object?.key)
    assert.match(lines[0] ?? '', /s3:\/\/b\/request_logs\/2026-12-04\/ \(13 objects\)/)
    assert.match(lines[1] ?? '', /… 3 earlier/)
    assert.equal(lines.length, 12)
    assert.match(lines.at(-1) ?? '', /→ 2026-12-04T12:00:00Z +99 B {2}time-12-00-00-000000_chatcmpl-1\.json/)
  })
  test('empty listing prints nothing', () => assert.deepEqual(formatListing('b', [], undefined), []))
})

describe('redaction of every rendering', () => {
  const secrets = [SECRET, PW]
  const outputs: Array<[string, string]> = [
    ['human', formatHuman(okReport, extras, secrets)],
    ['json', formatJson(okReport, secrets)],
    ['error', formatError({ message: `failed with ${SECRET}`, hint: `password ${PW}` }, secrets)],
    ['human, failed step quoting a key', formatHuman({ ...okReport, ok: false, steps: [{ name: 'completion', ok: false, ms: 1, detail: `Bearer ${SECRET}` }] }, extras, secrets)],
  ]
  for (const [name, out] of outputs) {
    test(name, () => {
      assert.ok(!out.includes(SECRET) && !out.includes(PW) && !out.includes('a=b'), out)
      assert.ok(out.includes('[REDACTED]'))
    })
  }
  test('json stays valid JSON after redaction', () => assert.equal(JSON.parse(formatJson(okReport, secrets)).payload.metadata.headers.Cookie, '[REDACTED]'))
  test('human says when all passed', () => assert.match(formatHuman(okReport, extras, secrets), /all checks passed/))
})
