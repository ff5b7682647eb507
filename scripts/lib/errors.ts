// The one place that turns errors into a one-line message and an exit code.
import process from 'node:process'
import { chalk } from 'zx'
import { firstLine, lastLine } from './text.ts'

/** Exit codes shared by every script (see CONTRACT.md, check.ts section). */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notReady: 3,
  completion: 4,
  storage: 5,
  interrupted: 130,
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/** An expected failure: its message is shown as is, without a stack trace. */
export class KitError extends Error {
  readonly exitCode: number
  readonly hint: string | undefined
  constructor(message: string, exitCode: number = EXIT.unexpected, hint?: string) {
    super(message)
    this.name = 'KitError'
    this.exitCode = exitCode
    this.hint = hint
  }
}

export const usageError = (message: string, hint?: string) => new KitError(message, EXIT.usage, hint)

/** Message and exit code for anything a script may throw. */
export function describeError(err: unknown): { message: string; hint?: string; exitCode: number } {
  if (err instanceof KitError) return { message: err.message, hint: err.hint, exitCode: err.exitCode }
  if (err instanceof Error && err.name === 'ExitPromptError') {
    // Ctrl-C inside an @inquirer prompt.
    return { message: 'cancelled; nothing was changed', exitCode: EXIT.interrupted }
  }
  // zx ProcessOutput: a command failed.
  if (err && typeof err === 'object' && 'exitCode' in err && 'stderr' in err) {
    const out = err as { exitCode: number | null; stderr: string; stdout: string }
    const last = lastLine(out.stderr) || lastLine(out.stdout)
    return {
      message: `command failed with exit code ${out.exitCode}${last ? `: ${last}` : ''}`,
      exitCode: EXIT.unexpected,
    }
  }
  const message = err instanceof Error ? err.message : String(err)
  return { message: firstLine(message) || 'unexpected error', exitCode: EXIT.unexpected }
}


/**
 * Runs a script's main(): its number is the exit code; a throw becomes one
 * line on stderr (plus an optional hint). DEBUG=1 shows the stack.
 */
export async function runMain(main: () => Promise<number | void>): Promise<void> {
  // A reader that went away (`logs list | head`) ends the script quietly.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok)
  })
  try {
    const code = await main()
    process.exitCode = code ?? EXIT.ok
  } catch (err) {
    const { message, hint, exitCode } = describeError(err)
    process.stderr.write(`${chalk.red('✖')} ${message}\n`)
    if (hint) process.stderr.write(`  ${chalk.dim(hint)}\n`)
    if (process.env.DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`)
    process.exitCode = exitCode
  }
}
