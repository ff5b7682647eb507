// check.ts's result and its two renderings: the human one (steps with ✔/✖
// and timings, the listing, the payload) and the --json one. Both pass
// through redaction last, so no code path can print a known secret.
import { chalk } from 'zx'
import { redact, redactString } from './redact.ts'
import type { ListedObject } from './log-object.ts'

export type StepName = 'config' | 'readiness' | 'completion' | 'log'

export interface StepResult {
  name: StepName
  ok: boolean
  ms: number
  detail: string
}

export interface CheckReport {
  ok: boolean
  steps: StepResult[]
  object: { key: string; size: number } | null
  payload: Record<string, unknown> | null
}

/** What the human output shows besides the report itself. */
export interface CheckExtras {
  bucket: string
  /** The folder listing around the log object (found one included). */
  listing: ListedObject[]
  /** The payload to show: a readable subset, or the whole with --full. */
  shownPayload: unknown
  full: boolean
  /** One-line error and optional hint of the failed step. */
  error?: { message: string; hint?: string }
}

/** The --json output: exactly the contract's object, redacted. */
export function formatJson(report: CheckReport, secrets: readonly string[]): string {
  const clean: CheckReport = {
    ok: report.ok,
    steps: report.steps.map((s) => ({ name: s.name, ok: s.ok, ms: s.ms, detail: s.detail })),
    object: report.object,
    payload: report.payload === null ? null : redact(report.payload, secrets),
  }
  return redactString(JSON.stringify(clean, null, 2), secrets) + '\n'
}

const STEP_WIDTH = 10
const LISTING_MAX = 10

const ms = (n: number) => `${n} ms`.padStart(8)

export function formatStep(s: StepResult): string {
  const mark = s.ok ? chalk.green('✔') : chalk.red('✖')
  return `${mark} ${s.name.padEnd(STEP_WIDTH)} ${ms(s.ms)}  ${s.detail}`
}

export function formatListing(bucket: string, listing: readonly ListedObject[], foundKey: string | undefined): string[] {
  if (!listing.length) return []
  const dir = foundKey ? foundKey.slice(0, foundKey.lastIndexOf('/') + 1) : ''
  const lines = [chalk.bold(`s3://${bucket}/${dir} (${listing.length} object${listing.length === 1 ? '' : 's'})`)]
  const skipped = Math.max(0, listing.length - LISTING_MAX)
  if (skipped) lines.push(chalk.dim(`    … ${skipped} earlier`))
  for (const o of listing.slice(skipped)) {
    const mine = o.key === foundKey
    const when = o.lastModified ? o.lastModified.toISOString().replace(/\.\d+Z$/, 'Z') : '?'
    const line = `${mine ? '→' : ' '} ${when} ${`${o.size} B`.padStart(9)}  ${o.key.slice(dir.length)}`
    lines.push(`  ${mine ? chalk.bold(line) : line}`)
  }
  return lines
}

/** The human output (stdout); the failed step's message goes to stderr separately. */
export function formatHuman(report: CheckReport, extras: CheckExtras, secrets: readonly string[]): string {
  const lines = report.steps.map(formatStep)
  const listing = formatListing(extras.bucket, extras.listing, report.object?.key)
  if (listing.length) lines.push('', ...listing)
  if (report.payload !== null) {
    lines.push('', chalk.bold(extras.full ? 'payload (redacted):' : 'payload (redacted; --full shows all of it):'))
    lines.push(JSON.stringify(redact(extras.shownPayload, secrets), null, 2))
  }
  if (report.ok) lines.push('', chalk.green('all checks passed'))
  return redactString(lines.join('\n'), secrets) + '\n'
}

/** The one-line error (and hint) for stderr, as runMain prints it. */
export function formatError(error: { message: string; hint?: string }, secrets: readonly string[]): string {
  let out = `${chalk.red('✖')} ${error.message}\n`
  if (error.hint) out += `  ${chalk.dim(error.hint)}\n`
  return redactString(out, secrets)
}
