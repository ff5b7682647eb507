// The commands of logs.ts (list, show, tail, summary): each turns flags into
// queries over the bucket and prints the result. scripts/logs.ts dispatches.
import process from 'node:process'
import { chalk } from 'zx'
import { EXIT, usageError } from './errors.ts'
import type { Flags } from './flags.ts'
import { isEmptyFilter, keyMayMatch, parseFilter, summaryMatches } from './log-filter.ts'
import { summarizePayload } from './log-payload.ts'
import { listLogs, summarizeLogs } from './log-queries.ts'
import { colorJson, renderList, renderShow, renderSummary, summaryJson, tailLine, type BarMetric } from './log-render.ts'
import { fetchSummaries, resolveLogRef, tailKeys } from './log-store.ts'
import { redact } from './redact.ts'
import { getObjectJson, s3TargetFromSettings, type S3Target } from './s3.ts'
import { secretValues, type Settings } from './settings.ts'
import { fmtCost, fmtInt } from './table.ts'
import { parseWindow, type TimeWindow } from './time-window.ts'

export const LOGS_FLAGS = {
  string: ['date', 'since', 'model', 'status', 'team', 'key-alias', 'bar'],
  boolean: ['json', 'full', 'raw', 'all'],
  number: ['limit', 'concurrency'],
} as const

export const COMMANDS = ['list', 'show', 'tail', 'summary'] as const
export type Command = (typeof COMMANDS)[number]

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

/** Runs one command (flags already read); returns the exit code. */
export async function runLogsCommand(command: Command, flags: Flags, settings: Settings): Promise<number> {
  if (command !== 'show' && flags._.length > 1) throw usageError(`${command} takes no arguments, got ${JSON.stringify(flags._.slice(1).join(' '))}`)
  const target = s3TargetFromSettings(settings)
  const fromEnv = settings.get('LOGS_CONCURRENCY')
  const concurrency = positiveInt({ ...flags, numbers: { concurrency: flags.numbers.concurrency ?? (fromEnv ? Number(fromEnv) : 16) } }, 'concurrency', 16, 256)
  const ctx: Context = {
    flags,
    target,
    secrets: secretValues(settings),
    concurrency,
    where: `s3://${target.bucket}/${target.prefix}`,
  }
  const run: Record<Command, (c: Context) => Promise<number>> = { list, show, tail, summary }
  try {
    return await run[command](ctx)
  } finally {
    target.client.destroy()
  }
}

export const isCommand = (c: string): c is Command => (COMMANDS as readonly string[]).includes(c)
