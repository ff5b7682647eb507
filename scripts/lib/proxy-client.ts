// HTTP to the LiteLLM proxy: GETs for readiness and the chat completion of
// check.ts, with the proxy's own error message turned into one line and
// Bedrock's credential errors recognised (aws-vault keys are fixed at start).
import type { HttpAnswer } from './readiness.ts'

export interface ProxyClient {
  baseUrl: string
  get(path: string, opts: { auth: boolean; timeoutMs: number }): Promise<HttpAnswer>
  post(path: string, body: unknown, opts: { timeoutMs: number }): Promise<HttpAnswer>
}

/** Fails when nothing answers; the message says why (refused, timed out). */
export class ConnectError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConnectError'
  }
}

export function makeProxyClient(baseUrl: string, masterKey: string, fetchFn: typeof fetch = fetch): ProxyClient {
  const base = baseUrl.replace(/\/+$/, '')
  const call = async (method: string, path: string, body: unknown, auth: boolean, timeoutMs: number): Promise<HttpAnswer> => {
    const headers: Record<string, string> = { accept: 'application/json' }
    if (auth) headers.authorization = `Bearer ${masterKey}`
    if (body !== undefined) headers['content-type'] = 'application/json'
    let res: Response
    try {
      res = await fetchFn(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(Math.max(1, timeoutMs)),
      })
    } catch (err) {
      throw new ConnectError(connectErrorMessage(err, base, timeoutMs))
    }
    let text: string
    try {
      text = await res.text()
    } catch (err) {
      throw new ConnectError(connectErrorMessage(err, base, timeoutMs))
    }
    return { status: res.status, body: parseMaybeJson(text) }
  }
  return {
    baseUrl: base,
    get: (path, { auth, timeoutMs }) => call('GET', path, undefined, auth, timeoutMs),
    post: (path, body, { timeoutMs }) => call('POST', path, body, true, timeoutMs),
  }
}

const parseMaybeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** One line for a failed fetch: undici hides the reason in `cause`. */
export function connectErrorMessage(err: unknown, base: string, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer from ${base} within ${(timeoutMs / 1000).toFixed(1)} s`
  const code = e?.cause?.code
  if (code === 'ECONNREFUSED') return `nothing listens at ${base} (connection refused)`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot resolve the host of ${base}`
  const why = code ?? e?.cause?.message ?? e?.message ?? String(err)
  return `cannot reach ${base}: ${why}`
}

/** The proxy's error text: LiteLLM answers {error: {message}} or FastAPI's {detail}. */
export function proxyErrorMessage(body: unknown): string {
  let msg: unknown
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>
    const err = b.error
    if (err && typeof err === 'object') msg = (err as Record<string, unknown>).message
    else if (typeof err === 'string') msg = err
    if (msg === undefined) msg = typeof b.detail === 'string' ? b.detail : b.detail !== undefined ? JSON.stringify(b.detail) : b.message
  } else if (typeof body === 'string') {
    msg = body
  }
  const text = typeof msg === 'string' ? msg : msg === undefined ? '' : JSON.stringify(msg)
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length > 400 ? `${line.slice(0, 397)}...` : line
}

// What Bedrock (through LiteLLM) says when aws-vault's session keys expired or
// are not valid any more: they are fixed when the litellm container starts.
const BEDROCK_CREDENTIAL_ERROR =
  /ExpiredToken|security token included in the request is (expired|invalid)|UnrecognizedClientException|InvalidClientTokenId|token has expired|Signature expired|credentials? (have|has) expired/i

export const isBedrockCredentialError = (message: string): boolean => BEDROCK_CREDENTIAL_ERROR.test(message)

// LiteLLM's own authentication failure (wrong master key), not Bedrock's.
const PROXY_AUTH_ERROR = /Invalid proxy server token|Authentication Error|No api key passed|invalid user key/i

/** A hint for a failed completion, or undefined. */
export function completionHint(status: number, message: string, model: string): string | undefined {
  if (isBedrockCredentialError(message)) {
    return 'Bedrock refused the aws-vault credentials (expired or invalid): the litellm container keeps the keys it was started with; run `make up` again to give it fresh ones'
  }
  if ((status === 401 || status === 403) && PROXY_AUTH_ERROR.test(message)) {
    return 'LITELLM_MASTER_KEY does not match the running proxy; it reads the key at start (`make up` restarts it with .env)'
  }
  // A key that is not the master key is looked up in the DB; without one LiteLLM says only this.
  if (/No connected db/i.test(message)) {
    return 'LITELLM_MASTER_KEY is not the proxy\'s master key (it tried to look the key up in its database, which is not connected); `make up` restarts it with .env'
  }
  if (/Invalid model name|model=.* not found|no deployments? (available|found)/i.test(message) || status === 404) {
    return `the proxy has no model "${model}"; use --model (nova-lite or mock) or CHECK_MODEL in .env`
  }
  return undefined
}

export interface Completion {
  id: string
  model: string | undefined
  content: string | undefined
  usage: { prompt_tokens?: number; completion_tokens?: number; total_tokens?: number } | undefined
}

/** The parts of a chat completion that check.ts shows and matches the log with. */
export function readCompletion(body: unknown): Completion | undefined {
  if (!body || typeof body !== 'object') return undefined
  const b = body as Record<string, unknown>
  if (typeof b.id !== 'string' || b.id === '') return undefined
  const choices = Array.isArray(b.choices) ? b.choices : []
  const first = choices[0] as { message?: { content?: unknown } } | undefined
  const content = typeof first?.message?.content === 'string' ? first.message.content : undefined
  const usage = b.usage && typeof b.usage === 'object' ? (b.usage as Completion['usage']) : undefined
  return { id: b.id, model: typeof b.model === 'string' ? b.model : undefined, content, usage }
}

export const CHECK_PROMPT = 'llm-gateway-kit check: answer with one short sentence.'

export function completionRequest(model: string): Record<string, unknown> {
  return { model, messages: [{ role: 'user', content: CHECK_PROMPT }], max_tokens: 64 }
}
