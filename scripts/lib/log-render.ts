// How the log commands print: the list table, tail lines, the `show` view,
// the summary table with bars, and coloured JSON. Input is already redacted.
import { chalk } from 'zx'
import type { SummaryRow } from './log-aggregate.ts'
import type { LogKey } from './log-keys.ts'
import { readableError, readableGuardrails, readableMessages, responseText, isObj, type LogSummary } from './log-payload.ts'
import { bar, fmtCost, fmtInt, fmtMs, renderTable, truncate, type Column } from './table.ts'

const statusColor = (text: string, s: { status: string }) => (s.status === 'success' ? chalk.green(text) : chalk.red(text))
const who = (s: LogSummary) => [s.team, s.keyAlias].filter(Boolean).join('/') || '-'
export const startText = (s: LogSummary) => `${s.start.slice(0, 10)} ${s.start.slice(11, 19)}`

const LIST_COLUMNS: Column<LogSummary>[] = [
  { header: 'time (UTC)', value: startText, color: (t) => chalk.dim(t) },
  { header: 'model', value: (s) => s.modelGroup, maxWidth: 24, color: (t) => chalk.cyan(t) },
  { header: 'status', value: (s) => (s.stream ? `${s.status}~` : s.status), color: statusColor },
  { header: 'in', align: 'right', value: (s) => fmtInt(s.promptTokens) },
  { header: 'out', align: 'right', value: (s) => fmtInt(s.completionTokens) },
  { header: 'cost', align: 'right', value: (s) => fmtCost(s.cost) },
  { header: 'latency', align: 'right', value: (s) => fmtMs(s.latencyMs) },
  { header: 'team/key', value: who, maxWidth: 28 },
  { header: 'id', value: (s) => s.id, maxWidth: 40, color: (t) => chalk.dim(t) },
]

/** The `list` table ("~" after the status marks a streamed response). */
export function renderList(rows: LogSummary[]): string[] {
  return renderTable(LIST_COLUMNS, rows, { header: (h) => chalk.bold(h) })
}

/** One `tail` line. */
export function tailLine(s: LogSummary): string {
  const status = statusColor(s.status.padEnd(7), s)
  const tokens = `${fmtInt(s.promptTokens)}→${fmtInt(s.completionTokens)} tok`
  const parts = [
    chalk.dim(s.start.slice(11, 19)),
    chalk.cyan(truncate(s.modelGroup, 24)),
    status + (s.stream ? ' stream' : ''),
    tokens,
    fmtCost(s.cost),
    fmtMs(s.latencyMs),
    who(s),
    chalk.dim(s.id),
  ]
  if (s.error) parts.push(chalk.red(truncate(s.error, 80)))
  return parts.join('  ')
}

/** The one-object-a-line JSON of `list --json` / `tail --json`. */
export const summaryJson = (s: LogSummary) => JSON.stringify(s)

const label = (name: string) => chalk.bold(`${name}:`.padEnd(10))
const indent = (text: string, by = '  ') => text.split('\n').map((l) => by + l).join('\n')

/** The default `show` view: what people read in a request log. */
export function renderShow(payload: unknown, s: LogSummary, key: LogKey | null): string[] {
  const p = isObj(payload) ? payload : {}
  const out: string[] = []
  out.push(`${chalk.bold(s.id)}  ${statusColor(s.status, s)}${s.stream ? chalk.yellow('  streamed') : ''}`)
  if (key) out.push(`${label('object')}${chalk.dim(key.key)}`)
  out.push(`${label('time')}${s.start.replace('T', ' ').replace('Z', ' UTC')}`)
  const model = s.model !== s.modelGroup ? `${s.modelGroup} ${chalk.dim(`(${s.model})`)}` : s.modelGroup
  out.push(`${label('model')}${chalk.cyan(model)}${typeof p.custom_llm_provider === 'string' ? chalk.dim(`  via ${p.custom_llm_provider}`) : ''}`)
  if (s.team || s.keyAlias) out.push(`${label('key')}${[s.team && `team ${s.team}`, s.keyAlias && `key ${s.keyAlias}`].filter(Boolean).join(', ')}`)
  out.push(`${label('usage')}${fmtInt(s.promptTokens)} prompt + ${fmtInt(s.completionTokens)} completion = ${fmtInt(s.totalTokens)} tokens`)
  out.push(`${label('cost')}${fmtCost(s.cost)}${p.cache_hit === true ? chalk.dim('  (cache hit)') : ''}`)
  const timing = [`total ${fmtMs(s.latencyMs)}`]
  if (s.ttftMs !== null) timing.push(`first token ${fmtMs(s.ttftMs)}`)
  out.push(`${label('timing')}${timing.join(', ')}`)

  const err = readableError(p)
  if (err) {
    out.push('', chalk.red.bold('error'))
    const head = [err.class, err.code && `code ${err.code}`].filter(Boolean).join(', ')
    if (head) out.push(indent(chalk.red(head)))
    out.push(indent(chalk.red(err.message)))
  }

  const messages = readableMessages(p.messages)
  if (messages.length) {
    out.push('', chalk.bold(`messages (${messages.length})`))
    for (const m of messages) {
      out.push(`  ${roleColor(m.role)(m.role)}`)
      out.push(indent(m.text || chalk.dim('(empty)'), '    '))
    }
  }
  const answer = responseText(p.response)
  if (answer) {
    out.push('', chalk.bold('response'))
    out.push(indent(answer))
  }
  const guards = readableGuardrails(p.guardrail_information)
  if (guards.length) {
    out.push('', chalk.bold('guardrails'))
    for (const g of guards) {
      const color = g.status === 'success' ? chalk.green : g.status === 'not_run' ? chalk.dim : chalk.yellow
      const extra = [g.mode, g.durationMs !== null ? fmtMs(g.durationMs) : ''].filter(Boolean).join(', ')
      out.push(`  ${g.name}: ${color(g.status)}${extra ? chalk.dim(`  (${extra})`) : ''}`)
      if (g.detail) out.push(indent(chalk.dim(g.detail), '    '))
    }
  }
  out.push('', chalk.dim('--full for every field, --raw for the stored JSON (both redacted)'))
  return out
}

const roleColor = (role: string) =>
  role === 'user' ? chalk.blue : role === 'assistant' ? chalk.green : role === 'system' ? chalk.magenta : role === 'tool' ? chalk.yellow : chalk.white

/** Pretty JSON with coloured keys and values (plain when colours are off). */
export function colorJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2) ?? 'null'
  if (chalk.level === 0) return text
  return text.replace(
    /("(?:\\.|[^"\\])*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g,
    (m, str: string | undefined, colon: string | undefined, lit: string | undefined, n: string | undefined) => {
      if (str !== undefined) return colon ? chalk.cyan(str) + colon : chalk.green(str)
      if (lit !== undefined) return chalk.yellow(lit)
      if (n !== undefined) return chalk.magenta(n)
      return m
    },
  )
}

export type BarMetric = 'requests' | 'cost'

/** The `summary` table: per day × model group, with a bar of requests or cost. */
export function renderSummary(rows: SummaryRow[], metric: BarMetric, width = 20): string[] {
  const value = (r: SummaryRow) => (metric === 'cost' ? r.cost : r.requests)
  const max = Math.max(0, ...rows.map(value))
  const columns: Column<SummaryRow>[] = [
    { header: 'date', value: (r) => r.date, color: (t) => chalk.dim(t) },
    { header: 'model', value: (r) => r.modelGroup, maxWidth: 24, color: (t) => chalk.cyan(t) },
    { header: 'requests', align: 'right', value: (r) => fmtInt(r.requests) },
    { header: 'failed', align: 'right', value: (r) => fmtInt(r.failures), color: (t, r) => (r.failures > 0 ? chalk.red(t) : t) },
    { header: 'prompt tok', align: 'right', value: (r) => fmtInt(r.promptTokens) },
    { header: 'compl. tok', align: 'right', value: (r) => fmtInt(r.completionTokens) },
    { header: 'cost', align: 'right', value: (r) => fmtCost(r.cost) },
    { header: 'p50', align: 'right', value: (r) => fmtMs(r.p50Ms) },
    { header: 'p95', align: 'right', value: (r) => fmtMs(r.p95Ms) },
    { header: `bar: ${metric}`, value: (r) => bar(value(r), max, width), color: (t) => chalk.blue(t) },
  ]
  return renderTable(columns, rows, { header: (h) => chalk.bold(h) })
}
