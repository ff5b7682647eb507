// Runs an argv the kit built (compose, aws-vault) with the terminal attached,
// turning a failure into a one-line error that names the command.
import process from 'node:process'
import { $ } from 'zx'
import { KitError, EXIT } from './errors.ts'

export async function runInteractive(argv: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  const [cmd, ...args] = argv
  const p = $({ stdio: 'inherit', cwd: opts.cwd, env: opts.env ?? process.env, nothrow: true, quiet: true })`${cmd} ${args}`
  let code: number | null
  try {
    code = (await p).exitCode
  } catch (err) {
    throw new KitError(`cannot run ${cmd}: ${(err as Error).message}`, EXIT.unexpected)
  }
  if (code !== 0) throw new KitError(`${argv.slice(0, 3).join(' ')} … failed (exit ${code ?? 'signal'})`, EXIT.unexpected)
}

export interface CmdResult {
  code: number | null
  stdout: string
  stderr: string
  /** The command is not on PATH (the shell's 127). */
  missing: boolean
  timedOut: boolean
}

/**
 * Runs a command with a timeout and captures its output; never throws. No
 * stdin by default, so a keyring prompt cannot hang a check; `stdin: 'inherit'`
 * lets a person at the terminal answer it.
 */
export async function runCaptured(
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number; stdin?: 'ignore' | 'inherit' } = {},
): Promise<CmdResult> {
  const [cmd, ...args] = argv
  const out = await $({
    env: opts.env ?? process.env,
    quiet: true,
    nothrow: true,
    timeout: opts.timeoutMs ?? 15_000,
    stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'],
  })`${cmd} ${args}`
  return {
    code: out.exitCode,
    stdout: out.stdout,
    stderr: out.stderr,
    missing: out.exitCode === 127,
    timedOut: out.exitCode === null && out.signal !== null,
  }
}

/** stdout of a command, or null when it is missing or fails. */
export async function captureOrNull(argv: string[], opts: Parameters<typeof runCaptured>[1] = {}): Promise<string | null> {
  const r = await runCaptured(argv, { timeoutMs: 30_000, ...opts })
  return r.code === 0 ? r.stdout : null
}
