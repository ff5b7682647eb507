// A bounded-concurrency mapper: at most `limit` calls of `fn` in flight, input
// pulled lazily (an async listing can feed it page by page), so memory stays
// at `limit` pending items whatever the input size, and a consumer that stops
// early stops the input too.
//
// ordered (default): results in input order (a slow head holds the others
// back); unordered: results as they complete (best throughput).

export interface MapOptions {
  ordered?: boolean
}

export async function* mapBounded<T, R>(
  input: Iterable<T> | AsyncIterable<T>,
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  opts: MapOptions = {},
): AsyncGenerator<R> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency must be a positive integer, got ${limit}`)
  const ordered = opts.ordered ?? true
  const it: AsyncIterator<T> =
    Symbol.asyncIterator in input ? (input as AsyncIterable<T>)[Symbol.asyncIterator]() : toAsync(input as Iterable<T>)
  // index -> promise of [index, result]; Map keeps insertion (= input) order.
  const inflight = new Map<number, Promise<[number, R]>>()
  let index = 0
  let done = false
  const fill = async () => {
    while (!done && inflight.size < limit) {
      const next = await it.next()
      if (next.done) {
        done = true
        break
      }
      const i = index++
      const p = fn(next.value, i).then((r): [number, R] => [i, r])
      // Rejections surface when awaited; a consumer that stops before that
      // must not cause an "unhandled rejection".
      p.catch(() => {})
      inflight.set(i, p)
    }
  }
  try {
    await fill()
    while (inflight.size > 0) {
      const [i, r] = ordered ? await (inflight.values().next().value as Promise<[number, R]>) : await Promise.race(inflight.values())
      inflight.delete(i)
      await fill()
      yield r
    }
  } finally {
    if (!done) await it.return?.()
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items
}
