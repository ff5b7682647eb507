// Reading a StandardLoggingPayload (litellm/types/utils.py, 1.82.3) without
// trusting its shape: the one-line summary used by list/tail/summary, and the
// readable parts `show` prints (messages, response text, error, guardrails).
import { firstLine, shorten } from './text.ts'
import type { LogKey } from './log-keys.ts'

export interface LogSummary {
  key: string | null
  id: string
  /** ISO 8601 UTC start time (from startTime, else from the key). */
  start: string
  startMs: number
  date: string
  modelGroup: string
  model: string
  status: string
  stream: boolean
  promptTokens: number
  completionTokens: number
  totalTokens: number
  cost: number
  latencyMs: number | null
  /** Time to first token for streamed responses. */
  ttftMs: number | null
  team: string | null
  keyAlias: string | null
  /** First line of error_str, shortened. */
  error: string | null
}

type Obj = Record<string, unknown>

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)


const round1 = (n: number) => Math.round(n * 10) / 10


/** The row list/tail/summary work with; `logKey` fills gaps in the body. */
export function summarizePayload(payload: unknown, logKey?: LogKey | null): LogSummary {
  const p = isObj(payload) ? payload : {}
  const meta = isObj(p.metadata) ? p.metadata : {}
  const startSec = num(p.startTime)
  const endSec = num(p.endTime)
  const firstSec = num(p.completionStartTime)
  const startMs = startSec !== null ? Math.round(startSec * 1000) : (logKey?.startMs ?? 0)
  const start = new Date(startMs).toISOString()
  const status = str(p.status) ?? (str(p.error_str) ? 'failure' : 'success')
  const prompt = num(p.prompt_tokens) ?? 0
  const completion = num(p.completion_tokens) ?? 0
  const stream = p.stream === true
  const errorText = str(p.error_str) ?? str(isObj(p.error_information) ? p.error_information.error_message : null)
  return {
    key: logKey?.key ?? null,
    id: str(p.id) ?? logKey?.id ?? '?',
    start,
    startMs,
    date: logKey?.date ?? start.slice(0, 10),
    modelGroup: str(p.model_group) ?? str(p.model) ?? '?',
    model: str(p.model) ?? '?',
    status,
    stream,
    promptTokens: prompt,
    completionTokens: completion,
    totalTokens: num(p.total_tokens) ?? prompt + completion,
    cost: num(p.response_cost) ?? 0,
    latencyMs: startSec !== null && endSec !== null && endSec >= startSec ? round1((endSec - startSec) * 1000) : null,
    ttftMs: stream && startSec !== null && firstSec !== null && firstSec >= startSec ? round1((firstSec - startSec) * 1000) : null,
    team: str(meta.user_api_key_team_alias) ?? str(meta.team_alias) ?? logKey?.team ?? null,
    keyAlias: str(meta.user_api_key_alias) ?? logKey?.keyAlias ?? null,
    error: errorText ? shorten(firstLine(errorText), 200) : null,
  }
}

export interface ReadableMessage {
  role: string
  text: string
}

/** Text of an OpenAI-style content: a string, or parts ({type:'text', text}, images…). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content
  if (content === null || content === undefined) return ''
  if (Array.isArray(content)) {
    return content
      .map((part) => {
        if (typeof part === 'string') return part
        if (!isObj(part)) return ''
        if (typeof part.text === 'string') return part.text
        if (typeof part.type === 'string') return `[${part.type}]`
        return ''
      })
      .filter(Boolean)
      .join('\n')
  }
  return JSON.stringify(content)
}

const toolCallsText = (calls: unknown): string =>
  Array.isArray(calls)
    ? calls
        .map((c) => {
          const f = isObj(c) && isObj(c.function) ? c.function : {}
          return `→ ${str(f.name) ?? 'tool'}(${typeof f.arguments === 'string' ? f.arguments : JSON.stringify(f.arguments ?? {})})`
        })
        .join('\n')
    : ''

/** The request's messages as role + text (string prompts become one "prompt" entry). */
export function readableMessages(messages: unknown): ReadableMessage[] {
  if (typeof messages === 'string') return [{ role: 'prompt', text: messages }]
  if (isObj(messages)) return [{ role: str(messages.role) ?? 'input', text: contentText(messages.content ?? messages) }]
  if (!Array.isArray(messages)) return []
  return messages.map((m) => {
    if (!isObj(m)) return { role: 'input', text: contentText(m) }
    const text = [contentText(m.content), toolCallsText(m.tool_calls)].filter(Boolean).join('\n')
    return { role: str(m.role) ?? 'input', text }
  })
}

/** The response's text: choices' message content (and tool calls), else a string, else JSON. */
export function responseText(response: unknown): string {
  if (response === null || response === undefined) return ''
  if (typeof response === 'string') return response
  if (isObj(response) && Object.keys(response).length === 0) return ''
  if (isObj(response) && Array.isArray(response.choices)) {
    return response.choices
      .map((c) => {
        if (!isObj(c)) return ''
        const msg = isObj(c.message) ? c.message : isObj(c.delta) ? c.delta : {}
        const text = [contentText(msg.content ?? c.text), toolCallsText(msg.tool_calls)].filter(Boolean).join('\n')
        return text
      })
      .filter(Boolean)
      .join('\n---\n')
  }
  return JSON.stringify(response)
}

export interface ReadableGuardrail {
  name: string
  status: string
  mode: string
  durationMs: number | null
  detail: string
}

export function readableGuardrails(info: unknown): ReadableGuardrail[] {
  if (!Array.isArray(info)) return []
  return info.filter(isObj).map((g) => ({
    name: str(g.guardrail_name) ?? '?',
    status: str(g.guardrail_status) ?? '?',
    mode: typeof g.guardrail_mode === 'string' ? g.guardrail_mode : g.guardrail_mode ? JSON.stringify(g.guardrail_mode) : '',
    durationMs: num(g.duration) !== null ? (num(g.duration) as number) * 1000 : null,
    detail: g.guardrail_response === undefined || g.guardrail_response === null ? '' : shorten(typeof g.guardrail_response === 'string' ? g.guardrail_response : JSON.stringify(g.guardrail_response), 300),
  }))
}

/** The error fields of a failed request, when present. */
export function readableError(payload: unknown): { message: string; class: string | null; code: string | null } | null {
  const p = isObj(payload) ? payload : {}
  const info = isObj(p.error_information) ? p.error_information : {}
  const message = str(p.error_str) ?? str(info.error_message)
  if (!message) return null
  return { message, class: str(info.error_class), code: info.error_code === undefined || info.error_code === null ? null : String(info.error_code) }
}
