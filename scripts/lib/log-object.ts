// Step 3 of check.ts: find the object LiteLLM's s3_v2 logger wrote for one
// response id, and make its StandardLoggingPayload readable.
// Key format (litellm/integrations/s3.py get_s3_object_key):
//   <prefix>[<team_alias>/][<key_alias>/]<YYYY-MM-DD>/time-<HH-MM-SS-ffffff>_<id>.json
// with the date from the request's start time in the proxy's local time zone.

import { idSuffix, LOG_FILE_NAME } from './log-keys.ts'
import { shorten } from './text.ts'

export interface ListedObject {
  key: string
  size: number
  lastModified: Date | undefined
}

const fileName = (key: string) => key.slice(key.lastIndexOf('/') + 1)

/** True when `key` is the log of response `id` (the name ends with `_<id>.json`). */
export function keyMatchesResponseId(key: string, id: string): boolean {
  if (!id) return false
  const name = fileName(key)
  return name.startsWith('time-') && name.endsWith(idSuffix(id))
}

/** The response id in a log key, or undefined when the key is not LiteLLM's. */
export function responseIdFromKey(key: string): string | undefined {
  return LOG_FILE_NAME.exec(fileName(key))?.[5]
}

const ymd = (d: Date, utc: boolean) => {
  const y = utc ? d.getUTCFullYear() : d.getFullYear()
  const m = (utc ? d.getUTCMonth() : d.getMonth()) + 1
  const day = utc ? d.getUTCDate() : d.getDate()
  return `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * The day folders the log can be in: the proxy's clock zone is unknown (UTC in
 * the container, local when run on the host), and a request may span midnight.
 */
export function candidatePrefixes(prefix: string, requestStart: Date, requestEnd: Date): string[] {
  const days = new Set<string>()
  for (const d of [requestStart, requestEnd]) for (const utc of [true, false]) days.add(ymd(d, utc))
  return [...days].sort().map((day) => `${prefix}${day}/`)
}

export type Lister = (prefix: string) => AsyncIterable<ListedObject>

export interface FindResult {
  found: ListedObject | undefined
  /** The objects of the folder the log is in (or of the day folders when not found). */
  listing: ListedObject[]
  /** Objects written since the request started: tells "nothing lands" from "ours is missing". */
  landedSince: number
  polls: number
}

/**
 * Lists the day folders under `prefix` until the object for `id` shows up or
 * `deadline` (epoch ms) passes; one last listing of the whole prefix catches
 * keys with team/key alias folders.
 */
export async function findLogObject(
  list: Lister,
  opts: {
    prefix: string
    id: string
    requestStart: Date
    requestEnd: Date
    deadline: number
    intervalMs?: number
    now?: () => number
    sleep?: (ms: number) => Promise<void>
  },
): Promise<FindResult> {
  const now = opts.now ?? Date.now
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const interval = opts.intervalMs ?? 200
  // LastModified has second precision and clocks may differ a little.
  const since = opts.requestStart.getTime() - 2000
  const prefixes = candidatePrefixes(opts.prefix, opts.requestStart, opts.requestEnd)
  let polls = 0
  const scan = async (scanPrefixes: string[]) => {
    polls++
    const all: ListedObject[] = []
    for (const p of scanPrefixes) for await (const o of list(p)) all.push(o)
    const found = all.find((o) => keyMatchesResponseId(o.key, opts.id))
    const landedSince = all.filter((o) => o.lastModified !== undefined && o.lastModified.getTime() >= since).length
    return { found, all, landedSince }
  }
  for (;;) {
    const r = await scan(prefixes)
    if (r.found) return { found: r.found, listing: folderOf(r.all, r.found.key), landedSince: r.landedSince, polls }
    const left = opts.deadline - now()
    if (left <= 0) {
      const full = await scan([opts.prefix])
      if (full.found) return { found: full.found, listing: folderOf(full.all, full.found.key), landedSince: full.landedSince, polls }
      return { found: undefined, listing: r.all, landedSince: full.landedSince, polls }
    }
    await sleep(Math.min(interval, left))
  }
}

const folderOf = (all: ListedObject[], key: string) => {
  const dir = key.slice(0, key.lastIndexOf('/') + 1)
  return all.filter((o) => o.key.startsWith(dir) && !o.key.slice(dir.length).includes('/')).sort((a, b) => a.key.localeCompare(b.key))
}

/** Why no log arrived, most likely cause first. */
export function notFoundHint(opts: { landedSince: number; waitedMs: number; flushSeconds: number }): string {
  const causes: string[] = []
  if (opts.landedSince === 0) {
    causes.push(
      'nothing at all was written to the bucket since the request, so LiteLLM\'s uploads are probably refused',
      'most often a session token leaking into the S3 logger (AWS_SESSION_TOKEN in the litellm container must be empty; MinIO answers 403 InvalidTokenId)',
      "or the writer user's keys (S3_WRITER_ACCESS_KEY/S3_WRITER_SECRET_KEY) do not match MinIO's (re-run `make up` so minio-init recreates it)",
    )
  } else {
    causes.push(
      'other logs arrived but not this one: the proxy may write under another prefix or bucket than .env says (restart it with `make up`)',
      'or its upload failed (a session token leaking into the S3 logger: AWS_SESSION_TOKEN in the litellm container must be empty)',
    )
  }
  if (opts.waitedMs < (opts.flushSeconds + 1) * 1000) {
    causes.push(`the wait (${(opts.waitedMs / 1000).toFixed(1)} s) was shorter than S3_FLUSH_INTERVAL_SECONDS=${opts.flushSeconds} + 1 s: raise --timeout`)
  }
  causes.push('LiteLLM logs "Error uploading to s3" when a PUT fails (docker compose logs litellm)')
  return `likely causes: ${causes.join('; ')}`
}


/** The readable part of a StandardLoggingPayload (the rest is shown with --full). */
export function payloadSummary(payload: unknown): Record<string, unknown> {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return { payload }
  const p = payload as Record<string, unknown>
  const out: Record<string, unknown> = {}
  const keep = [
    'id',
    'call_type',
    'status',
    'model_group',
    'model',
    'custom_llm_provider',
    'api_base',
    'prompt_tokens',
    'completion_tokens',
    'total_tokens',
    'response_cost',
    'response_time',
    'error_str',
  ]
  for (const k of keep) if (p[k] !== undefined && p[k] !== null && p[k] !== '') out[k] = p[k]
  for (const k of ['startTime', 'endTime']) {
    const v = p[k]
    if (typeof v === 'number') out[k] = new Date(v * 1000).toISOString()
  }
  const meta = p.metadata && typeof p.metadata === 'object' ? (p.metadata as Record<string, unknown>) : {}
  const who: Record<string, unknown> = {}
  for (const k of ['user_api_key_alias', 'user_api_key_team_alias', 'user_api_key_user_id', 'user_api_key_end_user_id']) {
    if (meta[k] !== undefined && meta[k] !== null) who[k] = meta[k]
  }
  if (Object.keys(who).length) out.metadata = who
  const messages = Array.isArray(p.messages) ? p.messages : []
  const shown = messages.map((m) => {
    const msg = m as { role?: unknown; content?: unknown }
    const content = typeof msg.content === 'string' ? shorten(msg.content, 200) : msg.content
    return { role: msg.role, content }
  })
  if (shown.length) out.messages = shown
  const response = p.response as { choices?: Array<{ message?: { content?: unknown } }> } | undefined
  const answer = response?.choices?.[0]?.message?.content
  if (typeof answer === 'string') out.response = shorten(answer, 400)
  return out
}
