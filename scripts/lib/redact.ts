// Redaction of what the kit prints: archived payloads carry request headers
// (authorization, cookies) and LiteLLM metadata (key hashes).
export const REDACTED = '[REDACTED]'

// Names whose values are secrets. Counts such as prompt_tokens and plain
// identifiers/aliases stay readable.
const SECRET_NAME = /(authorization|cookie|api[-_]?key|secret|passw(or)?d|token|credential|signature|x-amz-security-token)/i
const SAFE_NAME = /(tokens|_tokens_.*|token_count|_alias|_id|_ids|_email|_spend|_budget|_hash_alias|tokenizer.*|_request_route)$/i

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi
const SK_KEY = /\bsk-[A-Za-z0-9_-]{8,}/g
const AWS_ACCESS_KEY = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/g

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !SAFE_NAME.test(name)
}

/** Replaces known secret values and secret-looking substrings in a string. */
export function redactString(value: string, secrets: readonly string[] = []): string {
  let out = value
  for (const s of secrets) if (s && s.length >= 6) out = out.split(s).join(REDACTED)
  return out
    .replace(BEARER, (_m, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(SK_KEY, `sk-${REDACTED}`)
    .replace(AWS_ACCESS_KEY, REDACTED)
}

/**
 * A deep copy of `value` with secrets replaced: values under secret-like names,
 * bearer tokens and `sk-` keys inside any string, and every string in `secrets`
 * (the kit's own keys, which may appear anywhere).
 */
export function redact<T>(value: T, secrets: readonly string[] = []): T {
  const walk = (v: unknown, name: string | undefined): unknown => {
    if (name !== undefined && isSecretName(name) && v !== null && (typeof v === 'string' || typeof v === 'object')) {
      return typeof v === 'string' && v === '' ? v : REDACTED
    }
    if (typeof v === 'string') return redactString(v, secrets)
    if (Array.isArray(v)) return v.map((x) => walk(x, undefined))
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]))
    }
    return v
  }
  return walk(value, undefined) as T
}
