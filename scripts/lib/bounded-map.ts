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
  // The pending pull of the next input item: raced against the results, so a
  // slow input (a tail waiting for new objects) never holds back a ready result.
  let pull: Promise<IteratorResult<T>> | null = null
  const start = (item: T) => {
    const i = index++
    const p = fn(item, i).then((r): [number, R] => [i, r])
    // Rejections surface when awaited; a consumer that stops before that
    // must not cause an "unhandled rejection".
    p.catch(() => {})
    inflight.set(i, p)
  }
  try {
    for (;;) {
      const canPull = !done && inflight.size < limit
      if (canPull && !pull) {
        pull = it.next()
        pull.catch(() => {}) // surfaces when raced or awaited
      }
      if (inflight.size === 0) {
        if (!pull) return
        const next = await pull
        pull = null
        if (next.done) done = true
        else start(next.value)
        continue
      }
      const result = ordered ? (inflight.values().next().value as Promise<[number, R]>) : Promise.race(inflight.values())
      const event = await Promise.race<{ next: IteratorResult<T> } | { result: [number, R] }>([
        result.then((r) => ({ result: r })),
        ...(canPull && pull ? [pull.then((next) => ({ next }))] : []),
      ])
      if ('next' in event) {
        pull = null
        if (event.next.done) done = true
        else start(event.next.value)
        continue
      }
      const [i, r] = event.result
      inflight.delete(i)
      yield r
    }
  } finally {
    if (!done) {
      // A pull may still be pending (a source waiting for data): do not wait for it.
      const closing = it.return?.()
      if (pull) closing?.catch(() => {})
      else await closing
    }
  }
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items
}
