// A throw-away copy of the kit, so tests can write .env and .data/ without
// touching the checkout. node_modules is linked, not copied.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const KIT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

const ENTRIES = ['compose', 'litellm', 'minio', 'scripts', 'Makefile', 'package.json', 'package-lock.json', '.npmrc', 'tsconfig.json', '.env.example', '.gitignore']

/** Copies the kit into `dest` (default: a new temp folder) and returns its path. */
export function copyKit(dest?: string): string {
  const dir = dest ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-copy-')), 'kit')
  fs.mkdirSync(dir, { recursive: true })
  for (const e of ENTRIES) {
    // Timestamps kept: a lock file newer than node_modules would make `make` run npm ci.
    fs.cpSync(path.join(KIT_ROOT, e), path.join(dir, e), { recursive: true, preserveTimestamps: true })
  }
  fs.symlinkSync(path.join(KIT_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  return dir
}

export function removeCopy(dir: string): void {
  const parent = path.dirname(dir)
  fs.rmSync(path.basename(parent).startsWith('kit-copy-') ? parent : dir, { recursive: true, force: true })
}
