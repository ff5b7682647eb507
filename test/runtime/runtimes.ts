// The runtimes the kit promises (CONTRACT: Deno 2, Node 22+ without a loader,
// Node 20 through the .npmrc tsx preload), found and run the way a user would.
// Deno and Node 22 come from test/runtime/install-runtimes.sh.
import fs from 'node:fs'
import path from 'node:path'
import process from 'node:process'
import { KIT_ROOT } from '../../scripts/lib/paths.ts'
import { run, type RunResult } from '../helpers/run.ts'

export const RUNTIMES_BIN = path.join(KIT_ROOT, '.cache', 'runtimes', 'node_modules', '.bin')
const INSTALL_HINT = 'run bash test/runtime/install-runtimes.sh'

export type RuntimeName = 'node20' | 'node22' | 'deno'

export interface Runtime {
  name: RuntimeName
  label: string
  /** Why it cannot run here, or undefined. */
  missing: string | undefined
  /** Command line for `scripts/<task>.ts` (relative to cwd) with its flags. */
  command(script: string, args: string[]): [string, string[]]
  /** The child environment, built on `base` (e.g. a fake bin's env()). */
  env(base: Record<string, string>): Record<string, string>
}

/** This process's environment without what would leak into the runs under test. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || k.startsWith('AWS_') || k.startsWith('FAKE_') || k.startsWith('npm_') || k === 'NODE_OPTIONS') continue
    out[k] = v
  }
  for (const [k, v] of Object.entries(extra)) if (v === undefined) delete out[k]; else out[k] = v
  return out
}

const withoutNodeOptions = (base: Record<string, string>) => {
  const env = { ...base }
  delete env.NODE_OPTIONS
  for (const k of Object.keys(env)) if (k.startsWith('npm_')) delete env[k]
  return env
}

function binMissing(file: string, what: string): string | undefined {
  return fs.existsSync(file) ? undefined : `${what} not installed at ${path.relative(KIT_ROOT, file)}; ${INSTALL_HINT}`
}

export function runtimes(): Record<RuntimeName, Runtime> {
  const major = Number(process.versions.node.split('.')[0])
  const deno = path.join(RUNTIMES_BIN, 'deno')
  const node22 = path.join(RUNTIMES_BIN, 'node')
  return {
    node20: {
      name: 'node20',
      label: `Node ${process.versions.node} + .npmrc tsx preload`,
      // The system Node runs the tests; the preload path matters on Node 20 only.
      missing: major === 20 ? undefined : `the system Node is ${process.versions.node}, not 20`,
      command: (script, args) => ['npx', ['--no-install', 'zx', script, ...args]],
      // npx reads the kit's .npmrc (node-options=--import=tsx) from the cwd.
      env: (base) => withoutNodeOptions(base),
    },
    node22: {
      name: 'node22',
      label: 'Node 22 without a loader',
      missing: binMissing(node22, 'node@22'),
      // An empty npm_config_node_options does not override .npmrc; the CLI flag does.
      command: (script, args) => ['npx', ['--no-install', '--node-options=', 'zx', script, ...args]],
      env: (base) => ({ ...withoutNodeOptions(base), NODE_OPTIONS: '', PATH: `${RUNTIMES_BIN}${path.delimiter}${base.PATH ?? ''}` }),
    },
    deno: {
      name: 'deno',
      label: 'Deno 2',
      missing: binMissing(deno, 'deno'),
      command: (script, args) => [deno, ['run', '-A', script, ...args]],
      env: (base) => ({ ...withoutNodeOptions(base), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' }),
    },
  }
}

export function runScript(rt: Runtime, script: string, args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<RunResult> {
  const [cmd, argv] = rt.command(script, args)
  return run(cmd, argv, { ...opts, env: rt.env(opts.env) })
}

/**
 * What a test does about a runtime that is missing: skip with the reason
 * printed, or under CI=true fail.
 */
export function skipReason(rt: Runtime): string | false {
  if (!rt.missing) return false
  const ci = process.env.CI === 'true'
  // Said once per runtime, so the run's output always tells why.
  if (!announced.has(rt.name)) console.log(`runtime ${rt.label}: ${ci ? 'FAILING (CI=true)' : 'skipping'}: ${rt.missing}`)
  announced.add(rt.name)
  return ci ? false : rt.missing
}
const announced = new Set<RuntimeName>()

export const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g
export const plain = (s: string) => s.replace(ANSI, '')
export const show = (r: RunResult) => `exit ${r.code}${r.signal ? ` (${r.signal})` : ''}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`
