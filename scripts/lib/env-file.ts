// Reading and writing the kit's .env: strict parsing (a typo is a clear
// error, not a silently missing variable) and atomic, private writes.
import fs from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import dotenv from 'dotenv'
import { KitError, EXIT } from './errors.ts'

export type EnvMap = Record<string, string>

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/

/** Parses .env text; throws a usage error naming the first malformed line. */
export function parseEnv(text: string, source = '.env'): EnvMap {
  const lines = text.split(/\r?\n/)
  let inQuote: string | null = null
  for (const [i, line] of lines.entries()) {
    if (inQuote) {
      // Inside a multi-line quoted value: wait for the closing quote.
      if (line.includes(inQuote)) inQuote = null
      continue
    }
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const m = LINE.exec(line)
    if (!m) throw new KitError(`${source}: line ${i + 1} is not NAME=value: ${JSON.stringify(trimmed.slice(0, 40))}`, EXIT.usage)
    const rest = line.slice(m[0].length).trimStart()
    const q = rest[0]
    if ((q === '"' || q === "'" || q === '`') && !rest.slice(1).includes(q)) inQuote = q
  }
  if (inQuote) throw new KitError(`${source}: a quoted value is never closed`, EXIT.usage)
  return dotenv.parse(text)
}

/** The parsed file, or null when it does not exist. */
export function readEnvFile(file: string): EnvMap | null {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new KitError(`cannot read ${file}: ${(err as Error).message}`, EXIT.usage)
  }
  return parseEnv(text, path.basename(file))
}

const needsQuotes = /[\s#"'`$\\]/

/** One NAME=value line; values that dotenv would misread are single-quoted. */
export function formatEnvLine(name: string, value: string): string {
  if (value === '' || !needsQuotes.test(value)) return `${name}=${value}`
  // dotenv has no escapes inside quotes: pick a quote the value does not contain.
  const q = ["'", '`', '"'].find((c) => !value.includes(c) && !(c === '"' && value.includes('\n')))
  if (!q || value.includes('\n')) throw new KitError(`${name}: a value with newlines or all three quote characters cannot be written to .env`, EXIT.usage)
  return `${name}=${q}${value}${q}`
}

/**
 * Writes `text` to `file` atomically with mode 0600: a temp file in the same
 * folder, fsync, rename. When the file exists, a timestamped backup of the old
 * one is kept first (also 0600). Returns the backup path, if any.
 */
export function writeFileAtomic(file: string, text: string, now = new Date()): string | null {
  const dir = path.dirname(file)
  let backup: string | null = null
  if (fs.existsSync(file)) {
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
    backup = path.join(dir, `${path.basename(file)}.bak-${stamp}`)
    for (let n = 1; fs.existsSync(backup); n++) backup = path.join(dir, `${path.basename(file)}.bak-${stamp}-${n}`)
    fs.copyFileSync(file, backup, fs.constants.COPYFILE_EXCL)
    fs.chmodSync(backup, 0o600)
  }
  const tmp = path.join(dir, `${path.basename(file)}.${process.pid}.${Date.now()}.tmp`)
  const fd = fs.openSync(tmp, 'wx', 0o600)
  try {
    fs.writeFileSync(fd, text)
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  try {
    fs.renameSync(tmp, file)
  } catch (err) {
    fs.rmSync(tmp, { force: true })
    throw err
  }
  fs.chmodSync(file, 0o600)
  return backup
}
