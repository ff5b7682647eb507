// The pipelines behind `logs list` and `logs summary`: keys of a window ->
// bodies fetched with bounded concurrency -> filtered, redacted summaries.
import { LogAggregator } from './log-aggregate.ts'
import { keyMayMatch, summaryMatches, type LogFilter } from './log-filter.ts'
import type { LogSummary } from './log-payload.ts'
import { collectWindowKeys, fetchSummaries, listWindowKeys } from './log-store.ts'
import type { S3Target } from './s3.ts'
import type { TimeWindow } from './time-window.ts'

export interface QueryOptions {
  concurrency: number
  secrets: readonly string[]
  abortSignal?: AbortSignal
}

export interface ListResult {
  rows: LogSummary[]
  /** Objects in the window (before filters). */
  inWindow: number
  fetched: number
  skipped: { key: string; problem: string }[]
}

/** The newest `limit` matching requests of the window, newest first. */
export async function listLogs(target: S3Target, window: TimeWindow, filter: LogFilter, limit: number, opts: QueryOptions): Promise<ListResult> {
  const keys = await collectWindowKeys(target, window, opts)
  const candidates = keys.filter((k) => keyMayMatch(filter, k))
  const rows: LogSummary[] = []
  const skipped: ListResult['skipped'] = []
  let fetched = 0
  if (limit > 0) {
    for await (const r of fetchSummaries(target, candidates, { ...opts, ordered: true })) {
      fetched++
      if (!r.summary) {
        skipped.push({ key: r.key.key, problem: r.problem ?? 'unreadable' })
        continue
      }
      if (!summaryMatches(filter, r.summary)) continue
      rows.push(r.summary)
      if (rows.length >= limit) break
    }
  }
  return { rows, inWindow: keys.length, fetched, skipped }
}

export interface SummaryResult {
  aggregator: LogAggregator
  inWindow: number
  skipped: number
}

/**
 * Streams the window's keys into bounded-concurrency GETs and keeps only
 * aggregates: memory does not grow with the number of objects.
 */
export async function summarizeLogs(target: S3Target, window: TimeWindow, filter: LogFilter, opts: QueryOptions): Promise<SummaryResult> {
  const aggregator = new LogAggregator()
  let inWindow = 0
  let skipped = 0
  async function* candidates() {
    for await (const k of listWindowKeys(target, window, opts)) {
      inWindow++
      if (keyMayMatch(filter, k)) yield k
    }
  }
  for await (const r of fetchSummaries(target, candidates(), { ...opts, ordered: false })) {
    if (!r.summary) skipped++
    else if (summaryMatches(filter, r.summary)) aggregator.add(r.summary)
  }
  return { aggregator, inWindow, skipped }
}
