import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mapBounded } from '../../scripts/lib/bounded-map.ts'

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function run(n: number, limit: number, ordered: boolean, delays: (i: number) => number) {
  let active = 0
  let peak = 0
  const out: number[] = []
  for await (const v of mapBounded(
    Array.from({ length: n }, (_, i) => i),
    limit,
    async (i) => {
      active++
      peak = Math.max(peak, active)
      await delay(delays(i))
      active--
      return i
    },
    { ordered },
  )) {
    out.push(v)
  }
  return { out, peak }
}

describe('mapBounded', () => {
  const cases: { name: string; n: number; limit: number; ordered: boolean }[] = [
    { name: 'ordered, limit 4', n: 20, limit: 4, ordered: true },
    { name: 'unordered, limit 4', n: 20, limit: 4, ordered: false },
    { name: 'limit 1 is sequential', n: 5, limit: 1, ordered: true },
    { name: 'limit above n', n: 3, limit: 10, ordered: false },
    { name: 'empty input', n: 0, limit: 3, ordered: true },
  ]
  for (const c of cases) {
    it(c.name, async () => {
      const { out, peak } = await run(c.n, c.limit, c.ordered, (i) => (i * 7) % 5)
      assert.ok(peak <= c.limit, `peak ${peak} > ${c.limit}`)
      if (c.n >= c.limit) assert.equal(peak, c.limit)
      const want = Array.from({ length: c.n }, (_, i) => i)
      assert.deepEqual(c.ordered ? out : [...out].sort((a, b) => a - b), want)
    })
  }

  it('unordered yields fast results first', async () => {
    const { out } = await run(3, 3, false, (i) => [30, 1, 10][i] as number)
    assert.deepEqual(out, [1, 2, 0])
  })

  it('pulls an async input lazily and stops it when the consumer stops', async () => {
    let pulled = 0
    let closed = false
    async function* source() {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled++
          yield i
        }
      } finally {
        closed = true
      }
    }
    const got: number[] = []
    for await (const v of mapBounded(source(), 3, async (i) => i * 2)) {
      got.push(v)
      if (got.length === 5) break
    }
    assert.deepEqual(got, [0, 2, 4, 6, 8])
    assert.ok(pulled <= 5 + 3, `pulled ${pulled}`)
    assert.equal(closed, true)
  })

  it('yields a ready result while the input is still waiting for its next item', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    async function* slow() {
      yield 1
      await gate // a tail with nothing new yet
      yield 2
    }
    const it = mapBounded(slow(), 4, async (i) => i * 10)
    const first = await Promise.race([it.next(), delay(500).then(() => 'blocked' as const)])
    assert.deepEqual(first, { value: 10, done: false })
    release()
    assert.deepEqual(await it.next(), { value: 20, done: false })
    assert.deepEqual(await it.next(), { value: undefined, done: true })
  })

  it('propagates the first error in order, without unhandled rejections', async () => {
    await assert.rejects(async () => {
      for await (const _ of mapBounded([1, 2, 3, 4], 2, async (i) => {
        if (i === 2) throw new Error('boom')
        await delay(5)
        return i
      })) {
        // consume
      }
    }, /boom/)
  })

  it('rejects a bad limit', async () => {
    await assert.rejects(async () => {
      for await (const _ of mapBounded([1], 0, async (i) => i)) {
        // consume
      }
    }, RangeError)
  })
})
