// check.ts's three steps in order, each timed; the first failure stops the run
// and decides the exit code (3 readiness, 4 completion, 5 log/storage). The
// proxy and the bucket come in as functions so the unit tests can fake them.
import { shorten } from './text.ts'
import { describeError, EXIT, KitError } from './errors.ts'
import { getObjectJson, listObjects, s3Target } from './s3.ts'
import { makeProxyClient, ConnectError, completionHint, completionRequest, proxyErrorMessage, readCompletion, type ProxyClient } from './proxy-client.ts'
import { ReadinessError, waitForReadiness } from './readiness.ts'
import { findLogObject, notFoundHint, payloadSummary, type ListedObject, type Lister } from './log-object.ts'
import type { CheckConfig } from './check-config.ts'
import type { CheckExtras, CheckReport, StepName, StepResult } from './check-report.ts'

export interface CheckDeps {
  proxy: ProxyClient
  list: Lister
  getJson(key: string): Promise<unknown>
  now?: () => number
  sleep?: (ms: number) => Promise<void>
}

export interface CheckOutcome {
  report: CheckReport
  extras: CheckExtras
  exitCode: number
}

/** How long after the flush interval a log may still be on its way (upload, clock skew). */
export const LOG_MARGIN_MS = 10_000

export function defaultDeps(config: CheckConfig): CheckDeps {
  const target = s3Target({ endpoint: config.s3Endpoint, ...config.s3Read, bucket: config.bucket, prefix: config.prefix })
  // Bounds every S3 call by --timeout (plus a little), so a hanging server cannot hold the run.
  const abortSignal = AbortSignal.timeout(config.timeoutMs + 2000)
  return {
    proxy: makeProxyClient(config.litellmUrl, config.masterKey),
    list: async function* (prefix: string): AsyncGenerator<ListedObject> {
      for await (const o of listObjects(target, prefix, { abortSignal })) {
        if (o.Key) yield { key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified }
      }
    },
    getJson: (key) => getObjectJson(target, key, { abortSignal }),
  }
}

class StepFailure extends Error {
  readonly exitCode: number
  readonly hint: string | undefined
  constructor(message: string, exitCode: number, hint?: string) {
    super(message)
    this.exitCode = exitCode
    this.hint = hint
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

export async function runCheck(config: CheckConfig, deps: CheckDeps, opts: { full?: boolean } = {}): Promise<CheckOutcome> {
  const now = deps.now ?? Date.now
  const started = now()
  const deadline = started + config.timeoutMs
  const report: CheckReport = { ok: false, steps: [], object: null, payload: null }
  const extras: CheckExtras = { bucket: config.bucket, listing: [], shownPayload: null, full: opts.full ?? false }

  const step = async (name: StepName, fn: () => Promise<string>): Promise<void> => {
    const t0 = now()
    try {
      const detail = await fn()
      report.steps.push({ name, ok: true, ms: now() - t0, detail })
    } catch (err) {
      const failure = asFailure(err, name)
      report.steps.push({ name, ok: false, ms: now() - t0, detail: failure.message })
      extras.error = { message: failure.message, hint: failure.hint }
      throw failure
    }
  }

  let responseId = ''
  let requestStart = new Date(started)
  let requestEnd = new Date(started)
  try {
    await step('readiness', async () => {
      try {
        const r = await waitForReadiness(deps.proxy.get, deadline, { now, sleep: deps.sleep })
        const version = r.version ? ` (LiteLLM ${r.version})` : ''
        const logger = r.s3Logger
          ? `S3 logger "${r.s3Logger}" among the success callbacks (${r.source})`
          : 'callback list not available; S3 logger not verified'
        return `${deps.proxy.baseUrl} ready${version}; ${logger}`
      } catch (err) {
        if (!(err instanceof ReadinessError)) throw err
        if (err.misconfigured) throw new StepFailure(`proxy at ${deps.proxy.baseUrl} is not usable: ${err.message}`, EXIT.notReady)
        throw new StepFailure(
          `proxy at ${deps.proxy.baseUrl} is not ready after ${seconds(config.timeoutMs)}: ${err.message}`,
          EXIT.notReady,
          'start the stack with `make up` (`docker compose ps` shows which service is unhealthy), or give it longer with --timeout',
        )
      }
    })

    await step('completion', async () => {
      requestStart = new Date(now())
      const left = deadline - now()
      if (left <= 0) throw new StepFailure(`no time left for the completion (--timeout ${seconds(config.timeoutMs)})`, EXIT.completion)
      let answer
      try {
        answer = await deps.proxy.post('/v1/chat/completions', completionRequest(config.model), { timeoutMs: left })
      } catch (err) {
        if (err instanceof ConnectError) throw new StepFailure(`completion failed: ${err.message}`, EXIT.completion)
        throw err
      }
      requestEnd = new Date(now())
      if (answer.status < 200 || answer.status > 299) {
        const msg = proxyErrorMessage(answer.body) || '(no error message)'
        throw new StepFailure(`completion failed: HTTP ${answer.status} from the proxy: ${msg}`, EXIT.completion, completionHint(answer.status, msg, config.model))
      }
      const completion = readCompletion(answer.body)
      if (!completion) throw new StepFailure('completion failed: the proxy answered without a response id', EXIT.completion)
      responseId = completion.id
      const u = completion.usage
      const tokens = u ? `, tokens ${u.prompt_tokens ?? '?'}+${u.completion_tokens ?? '?'}=${u.total_tokens ?? '?'}` : ''
      const text = completion.content ? `: ${JSON.stringify(shorten(completion.content, 60))}` : ''
      return `${config.model} → ${completion.id}${tokens}${text}`
    })

    await step('log', async () => {
      const t0 = now()
      // The log lands one flush interval after the request; wait that plus a
      // margin, but never past --timeout.
      const logDeadline = Math.min(deadline, t0 + config.flushSeconds * 1000 + LOG_MARGIN_MS)
      const found = await findLogObject(deps.list, {
        prefix: config.prefix,
        id: responseId,
        requestStart,
        requestEnd,
        deadline: logDeadline,
        now,
        sleep: deps.sleep,
      })
      extras.listing = found.listing
      if (!found.found) {
        const waited = now() - t0
        throw new StepFailure(
          `log object not found: nothing ending in _${responseId}.json under s3://${config.bucket}/${config.prefix} after ${seconds(waited)} (S3_FLUSH_INTERVAL_SECONDS=${config.flushSeconds})`,
          EXIT.storage,
          notFoundHint({ landedSince: found.landedSince, waitedMs: waited, flushSeconds: config.flushSeconds }),
        )
      }
      const delay = now() - t0
      const payload = await deps.getJson(found.found.key)
      report.object = { key: found.found.key, size: found.found.size }
      report.payload = payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : { value: payload }
      extras.shownPayload = opts.full ? report.payload : payloadSummary(report.payload)
      const idNote = report.payload.id === responseId ? '' : ` (payload id ${JSON.stringify(report.payload.id)} differs!)`
      return `${found.found.key} (${found.found.size} B), ${seconds(delay)} after the completion returned${idNote}`
    })
    report.ok = true
    return { report, extras, exitCode: EXIT.ok }
  } catch (err) {
    return { report, extras, exitCode: asFailure(err, 'log').exitCode }
  }
}

/** Any error as a step failure; S3 errors are already KitErrors with exit 5. */
function asFailure(err: unknown, name: StepName): StepFailure {
  if (err instanceof StepFailure) return err
  if (err instanceof KitError) return new StepFailure(err.message, err.exitCode, err.hint)
  const d = describeError(err)
  return new StepFailure(`${name}: ${d.message}`, d.exitCode, d.hint)
}

/** The report of a run that failed before any step (flags, .env): for --json. */
export function configFailure(err: unknown): CheckOutcome {
  const d = describeError(err)
  const step: StepResult = { name: 'config', ok: false, ms: 0, detail: d.message }
  return {
    report: { ok: false, steps: [step], object: null, payload: null },
    extras: { bucket: '', listing: [], shownPayload: null, full: false, error: { message: d.message, hint: d.hint } },
    exitCode: d.exitCode,
  }
}
