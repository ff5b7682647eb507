// log-store talks to S3 (covered by test/e2e/logs.test.ts); here: its timer.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { abortableSleep } from '../../scripts/lib/log-store.ts'

describe('abortableSleep', () => {
  const cases: { name: string; ms: number; abortAfter: number | null; preAborted?: boolean; max: number; min: number }[] = [
    { name: 'sleeps the time', ms: 50, abortAfter: null, min: 40, max: 500 },
    { name: 'an abort ends it early', ms: 10_000, abortAfter: 20, min: 10, max: 1000 },
    { name: 'an aborted signal returns at once', ms: 10_000, abortAfter: null, preAborted: true, min: 0, max: 100 },
  ]
  for (const c of cases) {
    it(c.name, async () => {
      const ac = new AbortController()
      if (c.preAborted) ac.abort()
      if (c.abortAfter !== null) setTimeout(() => ac.abort(), c.abortAfter)
      const t0 = performance.now()
      await abortableSleep(c.ms, ac.signal)
      const took = performance.now() - t0
      assert.ok(took >= c.min && took < c.max, `took ${took} ms`)
    })
  }
})
