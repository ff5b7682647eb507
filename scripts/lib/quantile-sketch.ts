// Quantiles in bounded memory: a log-bucket histogram (the DDSketch idea).
// Each value lands in bucket ceil(log_gamma(x)); every bucket spans a ±1%
// relative range, so a quantile is within 1% of the exact one, and the number
// of buckets depends on the range of values (1 ms to 1 day: < 1,000), never
// on how many were added.

const RELATIVE_ACCURACY = 0.01
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY)
const LOG_GAMMA = Math.log(GAMMA)
/** Values at or below this count as zero (latencies are >= 1 µs). */
const MIN_VALUE = 1e-6

export class QuantileSketch {
  private buckets = new Map<number, number>()
  private zeros = 0
  count = 0
  min = Infinity
  max = -Infinity

  add(value: number): void {
    if (!Number.isFinite(value) || value < 0) return
    this.count++
    if (value < this.min) this.min = value
    if (value > this.max) this.max = value
    if (value <= MIN_VALUE) {
      this.zeros++
      return
    }
    const b = Math.ceil(Math.log(value) / LOG_GAMMA)
    this.buckets.set(b, (this.buckets.get(b) ?? 0) + 1)
  }

  /** The q-quantile (0..1), within 1% relative error; undefined when empty. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined
    if (q <= 0) return this.min
    if (q >= 1) return this.max
    // Nearest-rank: the smallest value with at least ceil(q * n) values <= it.
    const rank = Math.max(1, Math.ceil(q * this.count))
    let seen = this.zeros
    if (seen >= rank) return 0
    const keys = [...this.buckets.keys()].sort((a, b) => a - b)
    for (const k of keys) {
      seen += this.buckets.get(k) as number
      if (seen >= rank) {
        // The bucket's midpoint (in the relative sense), clamped to what was seen.
        const estimate = (2 * GAMMA ** k) / (GAMMA + 1)
        return Math.min(this.max, Math.max(this.min, estimate))
      }
    }
    return this.max
  }

  /** How many buckets are held (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size + (this.zeros > 0 ? 1 : 0)
  }
}
