import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { QuantileSketch } from '../../scripts/lib/quantile-sketch.ts'

function exact(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.max(0, Math.ceil(q * s.length) - 1)] as number
}

describe('QuantileSketch', () => {
  const uniform = Array.from({ length: 1000 }, (_, i) => i + 1)
  const skewed = Array.from({ length: 5000 }, (_, i) => Math.round(50 * Math.exp((i % 97) / 15)))
  const cases: { name: string; values: number[]; qs: number[] }[] = [
    { name: 'one value', values: [420], qs: [0.5, 0.95] },
    { name: 'two values', values: [100, 300], qs: [0.5, 0.95] },
    { name: '1..1000', values: uniform, qs: [0.5, 0.9, 0.95, 0.99] },
    { name: 'long tail', values: skewed, qs: [0.5, 0.95] },
    { name: 'with zeros', values: [0, 0, 0, 5, 10], qs: [0.5, 0.95] },
  ]
  for (const c of cases) {
    it(`${c.name}: within 1% of the exact nearest-rank quantile`, () => {
      const s = new QuantileSketch()
      for (const v of c.values) s.add(v)
      assert.equal(s.count, c.values.length)
      for (const q of c.qs) {
        const want = exact(c.values, q)
        const got = s.quantile(q) as number
        assert.ok(Math.abs(got - want) <= want * 0.0101 + 1e-9, `q${q}: got ${got}, want ${want}`)
      }
    })
  }

  it('is empty-safe and ignores junk', () => {
    const s = new QuantileSketch()
    assert.equal(s.quantile(0.5), undefined)
    for (const v of [NaN, -1, Infinity]) s.add(v)
    assert.equal(s.count, 0)
  })

  it('keeps a bounded number of buckets however many values are added', () => {
    const s = new QuantileSketch()
    for (let i = 0; i < 200_000; i++) s.add(1 + ((i * 7919) % 3_600_000))
    assert.ok(s.size < 1000, `size ${s.size}`)
    assert.equal(s.min, 1)
  })
})
