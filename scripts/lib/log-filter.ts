// The filters of the log commands: --model, --status, --team, --key-alias.
// A key with both alias folders names team and key exactly, so those filters
// can skip it before its body is fetched; everything else is decided on the
// payload.
import { usageError } from './errors.ts'
import type { LogKey } from './log-keys.ts'
import type { LogSummary } from './log-payload.ts'

export interface LogFilter {
  model?: string
  status?: 'success' | 'failure'
  team?: string
  keyAlias?: string
}

export function parseFilter(strings: Record<string, string>): LogFilter {
  const f: LogFilter = {}
  if (strings.model !== undefined) f.model = strings.model
  if (strings.team !== undefined) f.team = strings.team
  if (strings['key-alias'] !== undefined) f.keyAlias = strings['key-alias']
  if (strings.status !== undefined) {
    const s = strings.status
    if (s !== 'success' && s !== 'failure') throw usageError(`--status ${JSON.stringify(s)}: use success or failure`)
    f.status = s
  }
  return f
}

export const isEmptyFilter = (f: LogFilter) => Object.keys(f).length === 0

/** False when the key alone proves the object cannot match (no GET needed). */
export function keyMayMatch(f: LogFilter, k: LogKey): boolean {
  if (k.aliases.length !== 2) return true
  if (f.team !== undefined && k.team !== f.team) return false
  if (f.keyAlias !== undefined && k.keyAlias !== f.keyAlias) return false
  return true
}

/** --model matches the model group or the deployment's model name. */
export function summaryMatches(f: LogFilter, s: LogSummary): boolean {
  if (f.model !== undefined && s.modelGroup !== f.model && s.model !== f.model) return false
  if (f.status !== undefined && (f.status === 'success') !== (s.status === 'success')) return false
  if (f.team !== undefined && s.team !== f.team) return false
  if (f.keyAlias !== undefined && s.keyAlias !== f.keyAlias) return false
  return true
}
