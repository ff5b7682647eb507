// The object keys LiteLLM's s3_v2 logger writes (litellm 1.82.3,
// integrations/s3_v2.py create_s3_batch_logging_element + s3.py
// get_s3_object_key + utils.py get_logging_id):
//
//   <s3_path without trailing "/">/[<team_alias>/][<key_alias>/]<YYYY-MM-DD>/time-<HH-MM-SS-ffffff>_<id>.json
//
// The date and time are the request's start time (UTC in the container); the
// id is the payload's `id`. Parsing needs no body, so windows and ordering
// work on listings alone.

/** LiteLLM writes `s3_path.rstrip("/") + "/"` when s3_path is set; an empty path means no prefix. */
export function normalizePrefix(prefix: string): string {
  return prefix === '' ? '' : `${prefix.replace(/\/+$/, '')}/`
}

export interface LogKey {
  key: string
  /** Alias folders between the prefix and the date: [], [team or key], or [team, key]. */
  aliases: string[]
  /** The team alias when the key names both aliases (otherwise ambiguous: see aliases). */
  team: string | undefined
  keyAlias: string | undefined
  date: string
  /** HH:MM:SS.ffffff */
  time: string
  id: string
  /** Start time in epoch milliseconds (microseconds dropped). */
  startMs: number
  /** `<date>T<time>` — sorts chronologically across folders. */
  sortKey: string
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
/** The file name: time-<HH>-<MM>-<SS>-<ffffff>_<id>.json */
export const LOG_FILE_NAME = /^time-(\d{2})-(\d{2})-(\d{2})-(\d{6})_(.+)\.json$/

/** True for a real calendar date written YYYY-MM-DD. */
export function isDate(s: string): boolean {
  if (!DATE.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** Parses a key under `prefix` (normalised); null for anything that is not a log object. */
export function parseLogKey(key: string, prefix: string): LogKey | null {
  const p = normalizePrefix(prefix)
  if (!key.startsWith(p)) return null
  const parts = key.slice(p.length).split('/')
  if (parts.length < 2 || parts.length > 4) return null
  const file = parts.at(-1) as string
  const date = parts.at(-2) as string
  const aliases = parts.slice(0, -2)
  if (!isDate(date) || aliases.some((a) => a === '')) return null
  const m = LOG_FILE_NAME.exec(file)
  if (!m) return null
  const [, hh, mm, ss, micro, id] = m as unknown as [string, string, string, string, string, string]
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return null
  const time = `${hh}:${mm}:${ss}.${micro}`
  const startMs = Date.parse(`${date}T${hh}:${mm}:${ss}.${micro.slice(0, 3)}Z`)
  return {
    key,
    aliases,
    team: aliases.length === 2 ? aliases[0] : undefined,
    keyAlias: aliases.length === 2 ? aliases[1] : undefined,
    date,
    time,
    id,
    startMs,
    sortKey: `${date}T${time}`,
  }
}

/** Newest first; ties broken by key so the order is stable. */
export function compareNewestFirst(a: LogKey, b: LogKey): number {
  if (a.sortKey !== b.sortKey) return a.sortKey < b.sortKey ? 1 : -1
  return a.key < b.key ? 1 : a.key > b.key ? -1 : 0
}

/** The file name LiteLLM gives the request with this response id ends with this. */
export const idSuffix = (id: string) => `_${id}.json`

/**
 * The key to list from so that only objects of `date` that started at or after
 * `fromMs` come back (S3 StartAfter is exclusive and keys sort by time).
 */
export function startAfterFor(folder: string, date: string, fromMs: number): string | undefined {
  const from = new Date(fromMs)
  if (from.toISOString().slice(0, 10) !== date) return undefined
  const iso = from.toISOString() // YYYY-MM-DDTHH:MM:SS.mmmZ
  const hms = `${iso.slice(11, 13)}-${iso.slice(14, 16)}-${iso.slice(17, 19)}`
  // "time-HH-MM-SS-" sorts before every "time-HH-MM-SS-ffffff_…" of that second.
  return `${folder}time-${hms}-`
}
