// The settings a script runs with: the kit's .env (or --env-file), with the
// process environment taking precedence, as docker compose does.
import path from 'node:path'
import process from 'node:process'
import { KitError, EXIT } from './errors.ts'
import { readEnvFile, type EnvMap } from './env-file.ts'
import { defaultValue, SECRET_NAMES } from './env-vars.ts'
import { kitPaths } from './paths.ts'

export interface Settings {
  /** Merged values: file first, process env over it. */
  values: EnvMap
  /** Path of the .env that was read. */
  envFile: string
  get(name: string): string | undefined
  /** The value, or a usage error that names the variable and the file. */
  require(name: string): string
}

/** The .env a script uses: --env-file (alias --env), else the kit's. */
export function envFileFrom(flags: { strings: Record<string, string> }): string {
  return path.resolve(flags.strings['env-file'] ?? kitPaths.envFile)
}

export function loadSettings(opts: { envFile?: string; env?: NodeJS.ProcessEnv; optional?: boolean } = {}): Settings {
  const envFile = path.resolve(opts.envFile ?? kitPaths.envFile)
  const fromFile = readEnvFile(envFile)
  if (fromFile === null && !opts.optional) {
    throw new KitError(`${envFile} does not exist`, EXIT.usage, 'run `make setup` (or `npx zx scripts/setup.ts`) first, or pass --env-file')
  }
  const values: EnvMap = { ...(fromFile ?? {}) }
  for (const [k, v] of Object.entries(opts.env ?? process.env)) if (v !== undefined) values[k] = v
  const get = (name: string) => {
    const v = values[name]
    return v === undefined || v === '' ? undefined : v
  }
  return {
    values,
    envFile,
    get,
    require(name) {
      const v = get(name)
      if (v === undefined) {
        throw new KitError(`${name} is missing or empty in ${envFile}`, EXIT.usage, 'run `make setup` to complete it')
      }
      return v
    },
  }
}

/** An http(s) URL setting (or the fallback), validated, without a trailing slash. */
export function urlSetting(settings: Settings, name: string, fallback: string): string {
  const value = settings.get(name) ?? fallback
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new KitError(`${name}=${value} is not a URL`, EXIT.usage, 'expected e.g. http://127.0.0.1:4000')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new KitError(`${name}=${value} is not an http(s) URL`, EXIT.usage)
  return value.replace(/\/+$/, '')
}

/** The value, or the default setup would write for it. */
export const settingOrDefault = (settings: Settings, name: string): string => settings.get(name) ?? defaultValue(name)

/** A TCP port setting (default: the catalogue's), validated. */
export function portSetting(settings: Settings, name: string): number {
  const raw = settings.get(name)
  if (raw === undefined) return Number(defaultValue(name))
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new KitError(`${name}=${raw} is not a port number (1-65535)`, EXIT.usage)
  }
  return n
}

// Besides the kit's generated secrets: the AWS keys that aws-vault puts into
// the environment of `make up` / `make check` / `make logs`.
export const AWS_SECRET_NAMES = [
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'BEDROCK_AWS_SECRET_ACCESS_KEY',
  'BEDROCK_AWS_SESSION_TOKEN',
] as const

/**
 * Every value the scripts must never print: the kit's secrets and the AWS keys
 * in the environment, longest first (a secret containing another is replaced whole).
 */
export function secretValues(settings: Settings): string[] {
  const all = new Set<string>()
  for (const name of [...SECRET_NAMES, ...AWS_SECRET_NAMES]) {
    const v = settings.get(name)
    if (v) all.add(v)
  }
  return [...all].sort((a, b) => b.length - a.length)
}
