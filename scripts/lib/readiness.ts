// Step 1 of check.ts: is the proxy ready, and is LiteLLM's S3 logger among its
// success callbacks? Understands both shapes of LiteLLM's readiness answer:
// - up to ~1.83 (the kit's 1.82.3): GET /health/readiness, public, lists
//   `success_callbacks` (the s3_v2 logger shows as "s3_v2" until the first
//   request, "S3Logger" once LiteLLM has turned the name into its class);
// - newer (PR #26912): /health/readiness holds only {status, db} (503 when the
//   DB is down); the list moved to GET /health/readiness/details (master key).

/** What one HTTP answer says; `body` is parsed JSON, or text when it is not JSON. */
export interface HttpAnswer {
  status: number
  body: unknown
}

export type ReadinessVerdict =
  /** Ready; `callbacks` is undefined when the proxy did not list them. */
  | { kind: 'ready'; callbacks: string[] | undefined; version: string | undefined; s3Logger: string | undefined }
  /** Ready, but the callback list is only in the details endpoint. */
  | { kind: 'need-details' }
  /** Not (yet) ready: worth polling again. */
  | { kind: 'waiting'; reason: string }
  /** Ready, but misconfigured: polling will not help. */
  | { kind: 'failed'; reason: string }

// "s3_v2" / "s3" before LiteLLM instantiates the logger, the class name after.
const S3_LOGGER_NAME = /^(s3(_v2)?|S3(V2)?Logger)$/i

/** The callback names of an answer; non-strings (very old releases) are skipped. */
export function callbackNames(body: unknown): string[] | undefined {
  if (!body || typeof body !== 'object') return undefined
  const list = (body as Record<string, unknown>).success_callbacks
  if (!Array.isArray(list)) return undefined
  return list.filter((x): x is string => typeof x === 'string')
}

export const findS3Logger = (callbacks: readonly string[]): string | undefined => callbacks.find((c) => S3_LOGGER_NAME.test(c))

const field = (body: unknown, name: string): string | undefined => {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined
  return typeof v === 'string' ? v : undefined
}

/** Reads an answer of /health/readiness (or of /health/readiness/details). */
export function interpretReadiness(answer: HttpAnswer, opts: { details?: boolean } = {}): ReadinessVerdict {
  const { status, body } = answer
  if (status === 401 || status === 403) {
    return opts.details
      ? { kind: 'failed', reason: `/health/readiness/details refused the master key (HTTP ${status}); LITELLM_MASTER_KEY does not match the proxy` }
      : { kind: 'failed', reason: `/health/readiness needs authentication (HTTP ${status}); this is not a LiteLLM proxy the kit knows` }
  }
  if (status === 404 && opts.details) return { kind: 'ready', callbacks: undefined, version: undefined, s3Logger: undefined }
  if (status < 200 || status > 299) {
    const why = field(body, 'detail') ?? field(body, 'db') ?? (typeof body === 'string' ? body.slice(0, 120) : '')
    return { kind: 'waiting', reason: `HTTP ${status}${why ? `: ${why}` : ''}` }
  }
  const state = field(body, 'status')
  if (state !== undefined && state !== 'healthy' && state !== 'connected') {
    return { kind: 'waiting', reason: `status is ${JSON.stringify(state)}` }
  }
  const db = field(body, 'db')
  if (db === 'disconnected') return { kind: 'waiting', reason: 'the proxy cannot reach its database' }
  const callbacks = callbackNames(body)
  if (callbacks === undefined) {
    if (opts.details) return { kind: 'ready', callbacks: undefined, version: field(body, 'litellm_version'), s3Logger: undefined }
    return { kind: 'need-details' }
  }
  const s3Logger = findS3Logger(callbacks)
  if (!s3Logger) {
    return {
      kind: 'failed',
      reason: `the S3 logger is not among LiteLLM's success callbacks (${callbacks.join(', ') || 'none'}); litellm/config.yaml must list "s3_v2" in litellm_settings.success_callback`,
    }
  }
  return { kind: 'ready', callbacks, version: field(body, 'litellm_version'), s3Logger }
}

/** How one GET is done; throws when nothing answers (connection refused, timeout). */
export type Fetcher = (path: string, opts: { auth: boolean; timeoutMs: number }) => Promise<HttpAnswer>

export interface ReadinessResult {
  callbacks: string[] | undefined
  version: string | undefined
  s3Logger: string | undefined
  /** Which endpoint gave the callback list. */
  source: '/health/readiness' | '/health/readiness/details'
  attempts: number
}

export class ReadinessError extends Error {
  /** true: the proxy answered but is misconfigured; false: never became ready. */
  readonly misconfigured: boolean
  constructor(message: string, misconfigured: boolean) {
    super(message)
    this.name = 'ReadinessError'
    this.misconfigured = misconfigured
  }
}

/**
 * Polls until the proxy is ready or `deadline` (epoch ms) passes. A proxy that
 * answers but lacks the S3 logger fails at once: polling would not change it.
 */
export async function waitForReadiness(
  fetcher: Fetcher,
  deadline: number,
  opts: { intervalMs?: number; now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<ReadinessResult> {
  const now = opts.now ?? Date.now
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const interval = opts.intervalMs ?? 500
  let last = 'no answer yet'
  let attempts = 0
  for (;;) {
    attempts++
    const timeoutMs = Math.max(1, Math.min(5000, deadline - now()))
    try {
      let verdict = interpretReadiness(await fetcher('/health/readiness', { auth: false, timeoutMs }))
      let source: ReadinessResult['source'] = '/health/readiness'
      if (verdict.kind === 'need-details') {
        source = '/health/readiness/details'
        verdict = interpretReadiness(await fetcher(source, { auth: true, timeoutMs }), { details: true })
      }
      if (verdict.kind === 'ready') return { ...verdict, source, attempts }
      if (verdict.kind === 'failed') throw new ReadinessError(verdict.reason, true)
      if (verdict.kind === 'waiting') last = verdict.reason
    } catch (err) {
      if (err instanceof ReadinessError) throw err
      // A try the deadline cut short ("no answer within 0.0 s") says less than the one before it.
      if (attempts === 1 || timeoutMs >= 1000) last = err instanceof Error ? err.message : String(err)
    }
    const left = deadline - now()
    if (left <= 0) throw new ReadinessError(last, false)
    await sleep(Math.min(interval, left))
  }
}
