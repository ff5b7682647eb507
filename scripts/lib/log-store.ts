// Finding archived log objects in the bucket. Alias folders come before the
// date (<prefix>[team/][key/]<date>/…), so a date cannot be one S3 prefix:
// the date folders are discovered with delimiter listings (one call per alias
// folder), and only the folders of the wanted dates are listed in full.
import { mapBounded } from './bounded-map.ts'
import { KitError, EXIT } from './errors.ts'
import { compareNewestFirst, idSuffix, isDate, normalizePrefix, parseLogKey, startAfterFor, type LogKey } from './log-keys.ts'
import { summarizePayload, type LogSummary } from './log-payload.ts'
import { redact } from './redact.ts'
import { getObjectText, listFolders, listObjects, type S3Target } from './s3.ts'
import { datesBetween, inWindow, windowHasDate, type TimeWindow } from './time-window.ts'

export interface DateFolder {
  /** Full prefix of the folder, ending in "/". */
  folder: string
  date: string
  aliases: string[]
}

interface Signal {
  abortSignal?: AbortSignal | undefined
}

const lastSegment = (folder: string) => folder.slice(0, -1).split('/').at(-1) as string

/** Every `<prefix>[alias/[alias/]]<date>/` folder in the bucket (at most two alias levels, as LiteLLM writes). */
export async function discoverDateFolders(target: S3Target, opts: Signal & { concurrency?: number } = {}): Promise<DateFolder[]> {
  const prefix = normalizePrefix(target.prefix)
  const out: DateFolder[] = []
  const walk = async (folder: string, aliases: string[]): Promise<void> => {
    const children = await listFolders(target, folder, opts)
    const deeper: { folder: string; aliases: string[] }[] = []
    for (const child of children) {
      const name = lastSegment(child)
      if (isDate(name)) out.push({ folder: child, date: name, aliases })
      else if (aliases.length < 2) deeper.push({ folder: child, aliases: [...aliases, name] })
    }
    for await (const _ of mapBounded(deeper, opts.concurrency ?? 8, (d) => walk(d.folder, d.aliases))) {
      // walked
    }
  }
  await walk(prefix, [])
  return out.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.folder.localeCompare(b.folder)))
}

/** Log keys of one date folder, optionally only those started at or after `fromMs`. */
export async function* listFolderKeys(target: S3Target, f: DateFolder, fromMs: number | undefined, opts: Signal = {}): AsyncGenerator<LogKey> {
  const prefix = normalizePrefix(target.prefix)
  const startAfter = fromMs === undefined ? undefined : startAfterFor(f.folder, f.date, fromMs)
  for await (const o of listObjects(target, f.folder, { startAfter, abortSignal: opts.abortSignal })) {
    const k = o.Key ? parseLogKey(o.Key, prefix) : null
    if (k) yield k
  }
}

/** The keys in `window`, folder by folder (newest date first, keys oldest first within a folder). */
export async function* listWindowKeys(target: S3Target, window: TimeWindow, opts: Signal & { folders?: DateFolder[] } = {}): AsyncGenerator<LogKey> {
  const folders = (opts.folders ?? (await discoverDateFolders(target, opts))).filter((f) => windowHasDate(window, f.date))
  for (const f of folders) {
    for await (const k of listFolderKeys(target, f, Number.isFinite(window.fromMs) ? window.fromMs : undefined, opts)) {
      if (inWindow(window, k.startMs)) yield k
    }
  }
}

/** All keys in the window, newest first (keys only: small even for many objects). */
export async function collectWindowKeys(target: S3Target, window: TimeWindow, opts: Signal = {}): Promise<LogKey[]> {
  const keys: LogKey[] = []
  for await (const k of listWindowKeys(target, window, opts)) keys.push(k)
  return keys.sort(compareNewestFirst)
}

/** The newest log object, optionally within a window; null when there is none. */
export async function findLast(target: S3Target, window?: TimeWindow, opts: Signal = {}): Promise<LogKey | null> {
  let folders = await discoverDateFolders(target, opts)
  if (window) folders = folders.filter((f) => windowHasDate(window, f.date))
  const dates = [...new Set(folders.map((f) => f.date))] // newest first
  for (const date of dates) {
    let best: LogKey | null = null
    for (const f of folders.filter((x) => x.date === date)) {
      for await (const k of listFolderKeys(target, f, undefined, opts)) {
        if (window && !inWindow(window, k.startMs)) continue
        if (!best || compareNewestFirst(k, best) < 0) best = k
      }
    }
    if (best) return best
  }
  return null
}

/**
 * Resolves what `show` was given: "last", an object key (with or without the
 * prefix), or a response id (the `<id>` of `…_<id>.json`), searching the
 * newest dates first. Throws a usage error (exit 2) when nothing matches.
 */
export async function resolveLogRef(target: S3Target, ref: string, window?: TimeWindow, opts: Signal = {}): Promise<LogKey> {
  const prefix = normalizePrefix(target.prefix)
  const where = `s3://${target.bucket}/${prefix}${window ? ` (${window.label})` : ''}`
  if (ref === 'last') {
    const k = await findLast(target, window, opts)
    if (!k) throw new KitError(`no archived logs in ${where}`, EXIT.usage, 'LiteLLM uploads a request one flush interval after it ends')
    return k
  }
  if (ref.endsWith('.json') && ref.includes('/')) {
    const full = ref.startsWith(prefix) ? ref : prefix + ref.replace(/^\/+/, '')
    const k = parseLogKey(full, prefix)
    if (!k) throw new KitError(`${ref} is not a log object key (<prefix>[team/][key/]<YYYY-MM-DD>/time-…_<id>.json)`, EXIT.usage)
    for await (const o of listObjects(target, full, opts)) if (o.Key === full) return k
    throw new KitError(`no object ${full} in s3://${target.bucket}`, EXIT.usage)
  }
  if (!/^[^/\s]+$/.test(ref)) throw new KitError(`${JSON.stringify(ref)} is not a response id, object key or "last"`, EXIT.usage)
  // A bare file name (time-…_<id>.json) or a response id.
  const suffix = /^time-.+\.json$/.test(ref) ? `/${ref}` : idSuffix(ref.replace(/\.json$/, ''))
  let folders = await discoverDateFolders(target, opts)
  if (window) folders = folders.filter((f) => windowHasDate(window, f.date))
  for (const f of folders) {
    for await (const k of listFolderKeys(target, f, undefined, opts)) if (k.key.endsWith(suffix)) return k
  }
  throw new KitError(`no log object for id ${ref} in ${where}`, EXIT.usage, 'ids are the response ids (chatcmpl-…); `logs list` shows them')
}

export interface FetchResult {
  key: LogKey
  summary: LogSummary | null
  problem: string | null
}

/**
 * GETs the bodies of `keys` with at most `concurrency` requests in flight and
 * summarises each, redacted. Objects deleted since the listing (retention) or
 * that are not JSON come back with `problem` set; other storage errors throw.
 */
export function fetchSummaries(
  target: S3Target,
  keys: Iterable<LogKey> | AsyncIterable<LogKey>,
  opts: Signal & { concurrency: number; ordered?: boolean; secrets?: readonly string[] },
): AsyncGenerator<FetchResult> {
  return mapBounded(
    keys,
    opts.concurrency,
    async (key): Promise<FetchResult> => {
      let text: string
      try {
        text = await getObjectText(target, key.key, opts)
      } catch (err) {
        if (err instanceof KitError && /: NoSuchKey\b/.test(err.message)) return { key, summary: null, problem: 'deleted since listed' }
        throw err
      }
      let payload: unknown
      try {
        payload = JSON.parse(text)
      } catch {
        return { key, summary: null, problem: 'not valid JSON' }
      }
      const summary = redact(summarizePayload(payload, key), opts.secrets ?? [])
      return { key, summary, problem: null }
    },
    { ordered: opts.ordered ?? true },
  )
}

export interface TailOptions extends Signal {
  /** How far back a late upload is still caught (LiteLLM uploads after the request ends, in batches). */
  lagMs?: number
  minDelayMs?: number
  maxDelayMs?: number
  now?: () => number
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
  onError?: (err: unknown, retryInMs: number) => void
}

/**
 * Follows new log objects: polls the date folders of the last `lagMs`, yields
 * keys not seen before (oldest first), and backs off (doubling up to
 * `maxDelayMs`) while nothing arrives. What exists at the start is not
 * yielded. Ends when `abortSignal` fires. Storage errors after the first poll
 * are reported through `onError` and retried with backoff.
 */
export async function* tailKeys(target: S3Target, opts: TailOptions = {}): AsyncGenerator<LogKey> {
  const lagMs = opts.lagMs ?? 10 * 60_000
  const minDelay = opts.minDelayMs ?? 1_000
  const maxDelay = opts.maxDelayMs ?? 5_000
  const now = opts.now ?? Date.now
  const sleep = opts.sleep ?? abortableSleep
  const seen = new Map<string, number>()
  const poll = async (): Promise<LogKey[]> => {
    const t = now()
    const fromMs = t - lagMs
    const window: TimeWindow = { fromMs, toMs: Infinity, dates: datesBetween(fromMs, t + 1), label: 'tail' }
    const fresh: LogKey[] = []
    for await (const k of listWindowKeys(target, window, opts)) {
      if (!seen.has(k.key)) {
        seen.set(k.key, k.startMs)
        fresh.push(k)
      }
    }
    for (const [key, ms] of seen) if (ms < fromMs - 60_000) seen.delete(key)
    return fresh.sort((a, b) => -compareNewestFirst(a, b))
  }
  await poll() // the backlog: not shown
  let delay = minDelay
  while (!opts.abortSignal?.aborted) {
    await sleep(delay, opts.abortSignal)
    if (opts.abortSignal?.aborted) return
    let fresh: LogKey[]
    try {
      fresh = await poll()
    } catch (err) {
      if (opts.abortSignal?.aborted) return
      delay = Math.min(delay * 2, maxDelay)
      opts.onError?.(err, delay)
      continue
    }
    delay = fresh.length > 0 ? minDelay : Math.min(delay * 2, maxDelay)
    yield* fresh
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}
