#!/usr/bin/env -S npx zx
// Browse, follow and summarise the request logs LiteLLM's s3_v2 logger
// archived in the bucket (one StandardLoggingPayload JSON per request):
// list, show, tail, summary. Output is always redacted.
// Steered by: .env (or --env-file) with the process env over it —
// S3_LOG_BUCKET, S3_LOG_PREFIX, MINIO_ROOT_USER/MINIO_ROOT_PASSWORD (read
// access), MINIO_API_PORT, or S3_ENDPOINT_URL to point elsewhere;
// LOGS_CONCURRENCY (parallel GETs, default 16); NO_COLOR/FORCE_COLOR; DEBUG=1.
import process from 'node:process'
import { argv, chalk } from 'zx'
import { EXIT, runMain, usageError } from './lib/errors.ts'
import { readFlags, type Flags } from './lib/flags.ts'
import { isEmptyFilter, keyMayMatch, parseFilter, summaryMatches } from './lib/log-filter.ts'
import { normalizePrefix } from './lib/log-keys.ts'
import { summarizePayload } from './lib/log-payload.ts'
import { listLogs, summarizeLogs } from './lib/log-queries.ts'
import { colorJson, renderList, renderShow, renderSummary, summaryJson, tailLine, type BarMetric } from './lib/log-render.ts'
import { fetchSummaries, resolveLogRef, tailKeys } from './lib/log-store.ts'
import { redact } from './lib/redact.ts'
import { getObjectJson, s3TargetFromSettings, type S3Target } from './lib/s3.ts'
import { loadSettings, secretValues } from './lib/settings.ts'
import { fmtCost, fmtInt } from './lib/table.ts'
import { parseWindow, type TimeWindow } from './lib/time-window.ts'

const HELP = `Usage: npx zx scripts/logs.ts <command> [flags]        (make logs ARGS="…")

Commands
  list                 requests of a day or window, newest first (default: today, UTC)
  show <id|key|last>   one request: messages, response, usage, cost, timings, error,
                       guardrails; <id> is the response id (chatcmpl-…), <key> the
                       object key (with or without the prefix), last the newest
  tail                 prints new requests as they land, until Ctrl-C
  summary              per day × model group: requests, failures, tokens, cost,
                       p50/p95 latency and a bar chart (default: the last 7 days)

Window (list, summary; show narrows its search with them)
  --date YYYY-MM-DD    one UTC day
  --since DURATION     the last 90s, 30m, 2h, 3d or 1w
  --all                every date in the bucket

Filters (list, tail, summary)
  --model NAME         model group (or the deployment's model)
  --status S           success or failure
  --team ALIAS         team alias of the virtual key
  --key-alias ALIAS    key alias of the virtual key

Output
  --limit N            list: at most N rows (default 50)
  --json               list/tail: one JSON object a line; summary: one JSON document
  --full               show: every field of the payload, as coloured JSON
  --raw                show: the stored JSON, one line
  --bar requests|cost  summary: what the bars measure (default requests)
  --concurrency N      parallel GETs (default 16, or LOGS_CONCURRENCY)
  --env-file FILE      read FILE instead of the kit's .env
  -h, --help           this text

Everything printed is redacted (authorization, cookies, api keys, tokens, the
kit's own secrets). Dates and times are UTC, as in the object keys. An empty day
or window is not an error: one line says so, exit 0.

Exit codes: 0 done (also: nothing in the window, tail stopped with Ctrl-C);
1 unexpected error; 2 usage: unknown command or flag, bad date/window/filter,
incomplete .env, or a show <id|key|last> that matches no object;
5 storage: bucket missing, wrong keys, S3 endpoint unreachable.`

const SPEC = {
  string: ['env-file', 'date', 'since', 'model', 'status', 'team', 'key-alias', 'bar'],
  boolean: ['help', 'json', 'full', 'raw', 'all'],
  number: ['limit', 'concurrency'],
  alias: { h: 'help' },
} as const

const COMMANDS = ['list', 'show', 'tail', 'summary'] as const
type Command = (typeof COMMANDS)[number]

interface Context {
  flags: Flags
  target: S3Target
  secrets: string[]
  concurrency: number
  where: string
}

/** Messages that are not data: stdout for people, stderr when stdout is JSON. */
const note = (flags: Flags, text: string) => (flags.booleans.json || flags.booleans.raw ? process.stderr : process.stdout).write(`${text}\n`)

function windowOf(flags: Flags, defaultDays: number): TimeWindow {
  return parseWindow({ date: flags.strings.date, since: flags.strings.since, all: flags.booleans.all, defaultDays })
}

function positiveInt(flags: Flags, name: string, fallback: number, max: number): number {
  const n = flags.numbers[name] ?? fallback
  if (!Number.isInteger(n) || n < 1 || n > max) throw usageError(`--${name} must be a whole number from 1 to ${max}`)
  return n
}

async function list(ctx: Context): Promise<number> {
  const { flags } = ctx
  const window = windowOf(flags, 1)
  const filter = parseFilter(flags.strings)
  const limit = positiveInt(flags, 'limit', 50, 1_000_000)
  const res = await listLogs(ctx.target, window, filter, limit, { concurrency: ctx.concurrency, secrets: ctx.secrets })
  for (const s of res.skipped) process.stderr.write(`${chalk.yellow('!')} skipped ${s.key}: ${s.problem}\n`)
  if (res.inWindow === 0) {
    note(flags, `no archived logs for ${window.label} in ${ctx.where}`)
    return EXIT.ok
  }
  if (res.rows.length === 0) {
    note(flags, `none of the ${fmtInt(res.inWindow)} requests of ${window.label} match ${describeFilter(flags)}`)
    return EXIT.ok
  }
  if (flags.booleans.json) {
    for (const r of res.rows) process.stdout.write(`${summaryJson(r)}\n`)
    return EXIT.ok
  }
  for (const line of renderList(res.rows)) console.log(line)
  const more = res.rows.length >= limit ? `; --limit to see more` : ''
  console.log(chalk.dim(`${res.rows.length} shown of ${fmtInt(res.inWindow)} requests in ${window.label} (${ctx.where})${more}`))
  return EXIT.ok
}

const describeFilter = (flags: Flags) =>
  ['model', 'status', 'team', 'key-alias']
    .filter((n) => flags.strings[n] !== undefined)
    .map((n) => `--${n} ${flags.strings[n]}`)
    .join(' ')

async function show(ctx: Context): Promise<number> {
  const { flags } = ctx
  const ref = flags._[1]
  if (ref === undefined) throw usageError('show needs an id, an object key or "last"', 'e.g. npx zx scripts/logs.ts show last')
  if (flags._.length > 2) throw usageError(`show takes one argument, got ${flags._.length - 1}`)
  if (flags.booleans.full && flags.booleans.raw) throw usageError('use either --full or --raw')
  const narrowed = flags.strings.date !== undefined || flags.strings.since !== undefined
  const window = narrowed ? windowOf(flags, 1) : undefined
  const key = await resolveLogRef(ctx.target, ref, window)
  const payload = redact(await getObjectJson(ctx.target, key.key), ctx.secrets)
  if (flags.booleans.raw) {
    process.stdout.write(`${JSON.stringify(payload)}\n`)
  } else if (flags.booleans.full || flags.booleans.json) {
    console.log(flags.booleans.json ? JSON.stringify(payload, null, 2) : colorJson(payload))
  } else {
    for (const line of renderShow(payload, summarizePayload(payload, key), key)) console.log(line)
  }
  return EXIT.ok
}

async function tail(ctx: Context): Promise<number> {
  const { flags } = ctx
  const filter = parseFilter(flags.strings)
  const stop = new AbortController()
  const onSignal = () => stop.abort()
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  const filterText = isEmptyFilter(filter) ? '' : ` (${describeFilter(flags)})`
  process.stderr.write(chalk.dim(`following ${ctx.where}${filterText}; Ctrl-C to stop\n`))
  try {
    const keys = tailKeys(ctx.target, {
      abortSignal: stop.signal,
      onError: (err, retryMs) =>
        process.stderr.write(`${chalk.yellow('!')} ${err instanceof Error ? err.message : String(err)}; retrying in ${Math.round(retryMs / 1000)} s\n`),
    })
    async function* wanted() {
      for await (const k of keys) if (keyMayMatch(filter, k)) yield k
    }
    for await (const r of fetchSummaries(ctx.target, wanted(), { concurrency: ctx.concurrency, secrets: ctx.secrets, abortSignal: stop.signal })) {
      if (!r.summary || !summaryMatches(filter, r.summary)) continue
      process.stdout.write(`${flags.booleans.json ? summaryJson(r.summary) : tailLine(r.summary)}\n`)
    }
  } catch (err) {
    if (!stop.signal.aborted) throw err
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  process.stderr.write(chalk.dim('stopped\n'))
  return EXIT.ok
}

async function summary(ctx: Context): Promise<number> {
  const { flags } = ctx
  const window = windowOf(flags, 7)
  const filter = parseFilter(flags.strings)
  const metric = (flags.strings.bar ?? 'requests') as BarMetric
  if (metric !== 'requests' && metric !== 'cost') throw usageError(`--bar ${metric}: use requests or cost`)
  const res = await summarizeLogs(ctx.target, window, filter, { concurrency: ctx.concurrency, secrets: ctx.secrets })
  if (res.skipped) process.stderr.write(`${chalk.yellow('!')} skipped ${res.skipped} objects that were deleted or not JSON\n`)
  const rows = res.aggregator.rows()
  const totals = res.aggregator.totals()
  if (flags.booleans.json) {
    console.log(JSON.stringify({ window: window.label, objects: res.inWindow, skipped: res.skipped, totals, rows }, null, 2))
    return EXIT.ok
  }
  if (res.inWindow === 0) {
    note(flags, `no archived logs for ${window.label} in ${ctx.where}`)
    return EXIT.ok
  }
  if (rows.length === 0) {
    note(flags, `none of the ${fmtInt(res.inWindow)} requests of ${window.label} match ${describeFilter(flags)}`)
    return EXIT.ok
  }
  for (const line of renderSummary(rows, metric)) console.log(line)
  console.log(
    chalk.dim(
      `${fmtInt(totals.requests)} requests (${fmtInt(totals.failures)} failed), ` +
        `${fmtInt(totals.promptTokens)} + ${fmtInt(totals.completionTokens)} tokens, ${fmtCost(totals.cost)} in ${window.label}; p50/p95 ±1%`,
    ),
  )
  return EXIT.ok
}

async function main(): Promise<number> {
  const flags = readFlags(argv, SPEC, 'see --help')
  const command = flags._[0]
  if (flags.booleans.help || command === 'help') {
    console.log(HELP)
    return EXIT.ok
  }
  if (command === undefined) {
    process.stderr.write(`${HELP}\n`)
    return EXIT.usage
  }
  if (!(COMMANDS as readonly string[]).includes(command)) throw usageError(`unknown command ${JSON.stringify(command)}`, `commands: ${COMMANDS.join(', ')} (see --help)`)
  if (command !== 'show' && flags._.length > 1) throw usageError(`${command} takes no arguments, got ${JSON.stringify(flags._.slice(1).join(' '))}`)
  const settings = loadSettings({ envFile: flags.strings['env-file'] })
  const target = s3TargetFromSettings(settings)
  const fromEnv = settings.get('LOGS_CONCURRENCY')
  const concurrency = positiveInt({ ...flags, numbers: { concurrency: flags.numbers.concurrency ?? (fromEnv ? Number(fromEnv) : 16) } }, 'concurrency', 16, 256)
  const ctx: Context = {
    flags,
    target,
    secrets: secretValues(settings),
    concurrency,
    where: `s3://${target.bucket}/${normalizePrefix(target.prefix)}`,
  }
  const run: Record<Command, (c: Context) => Promise<number>> = { list, show, tail, summary }
  try {
    return await run[command as Command](ctx)
  } finally {
    target.client.destroy()
  }
}

await runMain(main)
