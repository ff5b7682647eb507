// Time windows for the log commands: `--date YYYY-MM-DD`, `--since 30m|2h|3d`,
// or a default number of days ending today. Dates are UTC, as in the keys.
import { usageError } from './errors.ts'
import { isDate } from './log-keys.ts'

export interface TimeWindow {
  /** Inclusive start, epoch ms. */
  fromMs: number
  /** Exclusive end, epoch ms. */
  toMs: number
  /** The UTC dates the window touches, oldest first (the key folders to list); null = every date. */
  dates: string[] | null
  /** For messages: "2026-03-01", "the last 2h", … */
  label: string
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }
const MAX_MS = 3_660 * 86_400_000

/** "30m" -> 1,800,000. Throws a usage error for anything else. */
export function parseDuration(text: string): number {
  const m = /^(\d+)\s*([smhdw])$/i.exec(text.trim())
  const n = m ? Number(m[1]) : NaN
  if (!m || !Number.isSafeInteger(n) || n <= 0) {
    throw usageError(`--since ${JSON.stringify(text)} is not a duration`, 'write a number and a unit: 90s, 30m, 2h, 3d or 1w')
  }
  const ms = n * (UNITS[(m[2] as string).toLowerCase()] as number)
  if (ms > MAX_MS) throw usageError(`--since ${text} is longer than ten years`)
  return ms
}

export const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/** The UTC dates from `fromMs` to `toMs` (exclusive end), oldest first. */
export function datesBetween(fromMs: number, toMs: number): string[] {
  const out: string[] = []
  const last = utcDate(Math.max(fromMs, toMs - 1))
  for (let d = Date.parse(`${utcDate(fromMs)}T00:00:00Z`); ; d += 86_400_000) {
    const s = utcDate(d)
    out.push(s)
    if (s >= last) break
  }
  return out
}

export interface WindowOptions {
  date?: string | undefined
  since?: string | undefined
  /** Whole UTC days ending today when neither --date nor --since is given. */
  /** Every date there is (--all). */
  all?: boolean | undefined
  defaultDays?: number
  now?: number
}

export function parseWindow(opts: WindowOptions): TimeWindow {
  const now = opts.now ?? Date.now()
  const given = [opts.date !== undefined && '--date', opts.since !== undefined && '--since', opts.all && '--all'].filter(Boolean)
  if (given.length > 1) throw usageError(`use only one of ${given.join(', ')}`)
  if (opts.all) return { fromMs: -Infinity, toMs: Infinity, dates: null, label: 'all dates' }
  if (opts.date !== undefined) {
    const date = String(opts.date)
    if (!isDate(date)) throw usageError(`--date ${JSON.stringify(date)} is not a date`, 'write it as YYYY-MM-DD (UTC), e.g. --date 2026-03-01')
    const fromMs = Date.parse(`${date}T00:00:00Z`)
    return { fromMs, toMs: fromMs + 86_400_000, dates: [date], label: date }
  }
  if (opts.since !== undefined) {
    const ms = parseDuration(String(opts.since))
    const fromMs = now - ms
    return { fromMs, toMs: Infinity, dates: datesBetween(fromMs, now + 1), label: `the last ${opts.since}` }
  }
  const days = opts.defaultDays ?? 1
  const todayMs = Date.parse(`${utcDate(now)}T00:00:00Z`)
  const fromMs = todayMs - (days - 1) * 86_400_000
  return {
    fromMs,
    toMs: Infinity,
    dates: datesBetween(fromMs, now + 1),
    label: days === 1 ? `today (${utcDate(now)} UTC)` : `the last ${days} days (${utcDate(fromMs)} to ${utcDate(now)} UTC)`,
  }
}

export const inWindow = (w: TimeWindow, ms: number) => ms >= w.fromMs && ms < w.toMs

/** True when the date folder `date` may hold objects of the window. */
export const windowHasDate = (w: TimeWindow, date: string) => w.dates === null || w.dates.includes(date)
