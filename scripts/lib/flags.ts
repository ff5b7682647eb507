// Validates the flags zx's `argv` parsed (minimist: untyped) against what a
// script accepts, so a typo is a usage error instead of being ignored.
import { KitError, EXIT } from './errors.ts'

export interface FlagSpec {
  string?: readonly string[]
  boolean?: readonly string[]
  number?: readonly string[]
  /** Short names: { h: 'help' }. */
  alias?: Readonly<Record<string, string>>
}

export interface Flags {
  _: string[]
  strings: Record<string, string>
  booleans: Record<string, boolean>
  numbers: Record<string, number>
}

/** Every kit script takes these: --help (-h) and --env-file (alias --env). */
export const COMMON_FLAGS = { string: ['env-file'], boolean: ['help'], alias: { h: 'help', env: 'env-file' } } as const

export function readFlags(argv: Record<string, unknown>, own: FlagSpec, usage = 'see --help'): Flags {
  const spec: FlagSpec = {
    string: [...COMMON_FLAGS.string, ...(own.string ?? [])],
    boolean: [...COMMON_FLAGS.boolean, ...(own.boolean ?? [])],
    number: own.number ?? [],
    alias: { ...COMMON_FLAGS.alias, ...own.alias },
  }
  const out: Flags = { _: ((argv._ as unknown[]) ?? []).map(String), strings: {}, booleans: {}, numbers: {} }
  const fail = (msg: string) => new KitError(`${msg} (${usage})`, EXIT.usage)
  for (const [rawName, value] of Object.entries(argv)) {
    if (rawName === '_' || rawName === '--') continue
    const name = spec.alias?.[rawName] ?? rawName
    if (spec.string?.includes(name)) {
      if (typeof value === 'boolean' || value === '') throw fail(`--${name} needs a value`)
      if (Array.isArray(value)) throw fail(`--${name} given more than once`)
      out.strings[name] = String(value)
    } else if (spec.boolean?.includes(name)) {
      if (value === 'true' || value === true) out.booleans[name] = true
      else if (value === 'false' || value === false) out.booleans[name] = false
      else throw fail(`--${name} takes no value`)
    } else if (spec.number?.includes(name)) {
      const n = typeof value === 'number' ? value : Number(value)
      if (typeof value === 'boolean' || !Number.isFinite(n) || n < 0) throw fail(`--${name} needs a number`)
      out.numbers[name] = n
    } else {
      throw fail(`unknown option ${rawName.length === 1 ? '-' : '--'}${rawName}`)
    }
  }
  return out
}
