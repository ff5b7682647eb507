import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LogAggregator } from '../../scripts/lib/log-aggregate.ts'

const row = (date: string, modelGroup: string, over: Partial<{ status: string; stream: boolean; promptTokens: number; completionTokens: number; cost: number; latencyMs: number | null }> = {}) => ({
  date,
  modelGroup,
  status: 'success',
  stream: false,
  promptTokens: 10,
  completionTokens: 20,
  cost: 0.5,
  latencyMs: 100,
  ...over,
})

describe('LogAggregator', () => {
  it('groups by day × model group, sorted by date then requests', () => {
    const a = new LogAggregator()
    a.add(row('2026-03-02', 'mock'))
    a.add(row('2026-03-01', 'mock'))
    a.add(row('2026-03-01', 'nova-lite', { status: 'failure', promptTokens: 0, completionTokens: 0, cost: 0, latencyMs: 300 }))
    a.add(row('2026-03-01', 'nova-lite', { stream: true, latencyMs: 200 }))
    a.add(row('2026-03-01', 'nova-lite', { latencyMs: null }))
    const rows = a.rows()
    assert.deepEqual(
      rows.map((r) => [r.date, r.modelGroup, r.requests, r.failures, r.streamed, r.promptTokens, r.completionTokens, r.cost]),
      [
        ['2026-03-01', 'nova-lite', 3, 1, 1, 20, 40, 1],
        ['2026-03-01', 'mock', 1, 0, 0, 10, 20, 0.5],
        ['2026-03-02', 'mock', 1, 0, 0, 10, 20, 0.5],
      ],
    )
    assert.ok(Math.abs((rows[0]!.p50Ms as number) - 200) <= 2)
    assert.ok(Math.abs((rows[0]!.p95Ms as number) - 300) <= 3)
    assert.deepEqual(a.totals(), { requests: 5, failures: 1, streamed: 1, promptTokens: 40, completionTokens: 80, cost: 2 })
    assert.equal(a.total, 5)
  })

  it('a group without latencies has null quantiles', () => {
    const a = new LogAggregator()
    a.add(row('2026-03-01', 'x', { latencyMs: null }))
    assert.equal(a.rows()[0]!.p50Ms, null)
  })

  it('memory per group stays bounded over many requests', () => {
    const a = new LogAggregator()
    for (let i = 0; i < 100_000; i++) a.add(row('2026-03-01', 'mock', { latencyMs: 50 + (i % 5000) }))
    const [r] = a.rows()
    assert.equal(r!.requests, 100_000)
    assert.ok(Math.abs((r!.p50Ms as number) - 2550) / 2550 < 0.011)
  })
})
