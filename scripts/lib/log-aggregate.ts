// Per day × model group totals for `summary`. Only counters and a quantile
// sketch per group are kept, never bodies, so memory does not grow with the
// number of requests.
import type { LogSummary } from './log-payload.ts'
import { QuantileSketch } from './quantile-sketch.ts'

/** The counters of one day × model group. */
interface Counters {
  date: string
  modelGroup: string
  requests: number
  failures: number
  streamed: number
  promptTokens: number
  completionTokens: number
  cost: number
}

interface GroupTotals extends Counters {
  latency: QuantileSketch
}

export interface SummaryRow extends Counters {
  p50Ms: number | null
  p95Ms: number | null
}

export class LogAggregator {
  private groups = new Map<string, GroupTotals>()

  add(s: Pick<LogSummary, 'date' | 'modelGroup' | 'status' | 'stream' | 'promptTokens' | 'completionTokens' | 'cost' | 'latencyMs'>): void {
    const id = `${s.date}\u0000${s.modelGroup}`
    let g = this.groups.get(id)
    if (!g) {
      g = {
        date: s.date,
        modelGroup: s.modelGroup,
        requests: 0,
        failures: 0,
        streamed: 0,
        promptTokens: 0,
        completionTokens: 0,
        cost: 0,
        latency: new QuantileSketch(),
      }
      this.groups.set(id, g)
    }
    g.requests++
    if (s.status !== 'success') g.failures++
    if (s.stream) g.streamed++
    g.promptTokens += s.promptTokens
    g.completionTokens += s.completionTokens
    g.cost += s.cost
    if (s.latencyMs !== null) g.latency.add(s.latencyMs)
  }

  /** Requests added so far. */
  get total(): number {
    let n = 0
    for (const g of this.groups.values()) n += g.requests
    return n
  }

  /** Rows sorted by date, then by requests (most first), then model group. */
  rows(): SummaryRow[] {
    return [...this.groups.values()]
      .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : b.requests - a.requests || a.modelGroup.localeCompare(b.modelGroup)))
      .map(({ latency, ...counters }) => ({
        ...counters,
        p50Ms: latency.quantile(0.5) ?? null,
        p95Ms: latency.quantile(0.95) ?? null,
      }))
  }

  /** Sum over every group (latency quantiles are not mergeable here: null). */
  totals(): Omit<SummaryRow, 'date' | 'modelGroup' | 'p50Ms' | 'p95Ms'> {
    const t = { requests: 0, failures: 0, streamed: 0, promptTokens: 0, completionTokens: 0, cost: 0 }
    for (const g of this.groups.values()) {
      t.requests += g.requests
      t.failures += g.failures
      t.streamed += g.streamed
      t.promptTokens += g.promptTokens
      t.completionTokens += g.completionTokens
      t.cost += g.cost
    }
    return t
  }
}
