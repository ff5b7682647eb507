// Preflight checks for the kit (`make doctor`, and the blocking ones before
// `make up`): each check is one result line with a fix hint. Parsers and
// verdicts are pure so the unit tests can hold them to tables of cases.
import fs from 'node:fs'
import net from 'node:net'
import process from 'node:process'
import { chalk } from 'zx'
import { KitError, EXIT } from './errors.ts'
import { defaultValue, REQUIRED_NAMES } from './env-vars.ts'
import { readEnvFile, type EnvMap } from './env-file.ts'
import { composeArgv, defaultTarget } from './compose.ts'
import { parseProfileList } from './aws-config.ts'
import { kitPaths } from './paths.ts'
import { runCaptured } from './exec.ts'
import { firstLine, lastLine } from './text.ts'
import type { Settings } from './settings.ts'

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip'

export interface DoctorResult {
  /** Stable name, e.g. 'engine' or 'port:LITELLM_PORT'. */
  id: string
  label: string
  status: CheckStatus
  detail: string
  hint?: string
  /** A failure of this check stops `make up`. */
  blocking: boolean
}

export interface DoctorOptions {
  /** The loaded settings, or null when .env is missing or unreadable. */
  settings: Settings | null
  /** Only the checks whose failure stops `make up` (skips the runtime line). */
  blockingOnly?: boolean
  /** Environment of the checks (PATH for docker/aws-vault, AWS_VAULT). Default: process.env. */
  env?: NodeJS.ProcessEnv
  /** The .env to check; default settings.envFile, else the kit's .env. */
  envFile?: string
}

// `docker compose up --wait` arrived in Compose v2.1.1.
export const MIN_COMPOSE: Version = [2, 1, 1]
// 99designs/aws-vault stopped at v7.2.0; ByteNess/aws-vault continues from v7.3.
export const LAST_99DESIGNS: Version = [7, 2, 0]
export const PORT_NAMES = ['LITELLM_PORT', 'POSTGRES_PORT', 'MINIO_API_PORT', 'MINIO_CONSOLE_PORT'] as const

// ---------------------------------------------------------------- pure parts

export type Version = [number, number, number]

/** The first dotted version in `text` ("Docker Compose version v2.39.1" -> [2,39,1]). */
export function parseVersion(text: string): Version | null {
  const m = /v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : null
}

export function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

const v = (x: Version) => x.join('.')

type Verdict = Pick<DoctorResult, 'status' | 'detail' | 'hint'>

export function judgeCompose(versionOutput: string): Verdict {
  const ver = parseVersion(versionOutput)
  if (!ver) return { status: 'fail', detail: `cannot read the Compose version from ${JSON.stringify(versionOutput.trim())}`, hint: 'install Docker Compose v2 (the `docker compose` plugin)' }
  if (ver[0] < 2) return { status: 'fail', detail: `Compose v${v(ver)} is v1`, hint: 'install Docker Compose v2 (the `docker compose` plugin); v1 is end-of-life' }
  if (compareVersions(ver, MIN_COMPOSE) < 0) {
    return { status: 'fail', detail: `Compose v${v(ver)} has no \`up --wait\``, hint: `upgrade Docker Compose to v${v(MIN_COMPOSE)} or newer (update Docker Desktop or the docker-compose-plugin package)` }
  }
  return { status: 'ok', detail: `Compose v${v(ver)}` }
}

export function judgeAwsVaultVersion(versionOutput: string): Verdict {
  const ver = parseVersion(versionOutput)
  const fork = 'install the maintained fork ByteNess/aws-vault (same commands and keyring)'
  if (!ver) return { status: 'warn', detail: `unknown aws-vault version ${JSON.stringify(versionOutput.trim())}`, hint: fork }
  if (compareVersions(ver, LAST_99DESIGNS) <= 0) {
    return { status: 'warn', detail: `aws-vault v${v(ver)} is the unmaintained 99designs build (no release since 2023)`, hint: fork }
  }
  return { status: 'ok', detail: `aws-vault v${v(ver)}` }
}

export interface KitContainer {
  service: string
  state: string
  publishedPorts: number[]
}

/**
 * `docker compose ps --format json`: Compose < 2.21 prints one JSON array,
 * newer releases one object a line.
 */
export function parseComposePs(output: string): KitContainer[] {
  const text = output.trim()
  if (!text) return []
  let rows: unknown[]
  if (text.startsWith('[')) rows = JSON.parse(text) as unknown[]
  else rows = text.split(/\r?\n/).filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown)
  return rows.map((row) => {
    const r = row as { Service?: string; State?: string; Publishers?: Array<{ PublishedPort?: number }> | null }
    return {
      service: r.Service ?? '?',
      state: r.State ?? '?',
      publishedPorts: (r.Publishers ?? []).map((p) => Number(p.PublishedPort)).filter((p) => p > 0),
    }
  })
}

/** Names of REQUIRED_NAMES that are missing or empty. */
export function missingNames(values: EnvMap, required: readonly string[] = REQUIRED_NAMES): string[] {
  return required.filter((n) => values[n] === undefined || values[n] === '')
}

/** A problem with .env's permissions (it holds every secret), or null. */
export function judgeEnvMode(mode: number, platform: string = process.platform): Verdict {
  if (platform === 'win32') return { status: 'skip', detail: 'file modes do not apply on Windows' }
  const octal = (mode & 0o777).toString(8).padStart(4, '0')
  if (mode & 0o077) return { status: 'fail', detail: `mode ${octal}: other users can read its secrets`, hint: 'chmod 600 .env' }
  return { status: 'ok', detail: `mode ${octal}` }
}

export function judgeRuntime(versions: { node?: string; deno?: string }): Verdict {
  if (versions.deno) {
    const ver = parseVersion(versions.deno)
    if (ver && ver[0] >= 2) return { status: 'ok', detail: `Deno ${v(ver)}` }
    return { status: 'fail', detail: `Deno ${versions.deno}`, hint: 'use Deno 2 or Node 22+' }
  }
  const ver = parseVersion(versions.node ?? '')
  if (!ver || ver[0] < 20) return { status: 'fail', detail: `Node ${versions.node ?? '?'}`, hint: 'use Node 22 or newer (20 at least)' }
  if (ver[0] === 20) {
    // Node 20 left maintenance in April 2026; the AWS SDK warns about it.
    return { status: 'warn', detail: `Node ${v(ver)} (end of life; TypeScript through the .npmrc tsx preload)`, hint: 'Node 22 or newer runs the scripts without a loader' }
  }
  return { status: 'ok', detail: `Node ${v(ver)}` }
}

export type AwsVaultShell = { awsVault: string | undefined; profile: string; expiration?: string; now?: Date }

export function judgeVaultShell({ awsVault, profile, expiration, now = new Date() }: AwsVaultShell): Verdict {
  if (!profile) {
    return awsVault
      ? { status: 'skip', detail: `offline mode; the aws-vault shell for "${awsVault}" is not used` }
      : { status: 'skip', detail: 'offline mode' }
  }
  if (!awsVault) return { status: 'ok', detail: `not inside an aws-vault shell; \`make up\` runs aws-vault exec ${profile}` }
  if (awsVault !== profile) {
    return {
      status: 'fail',
      detail: `inside an aws-vault shell for "${awsVault}", but AWS_VAULT_PROFILE is "${profile}"`,
      hint: `exit that shell first, or use its profile: AWS_VAULT_PROFILE=${awsVault}`,
    }
  }
  const expires = expiration ? new Date(expiration) : null
  if (expires && !Number.isNaN(expires.getTime()) && expires.getTime() <= now.getTime()) {
    return { status: 'warn', detail: `inside an aws-vault shell for "${profile}" whose credentials expired at ${expiration}`, hint: 'exit the shell and start a new one (aws-vault exec)' }
  }
  return { status: 'ok', detail: `inside an aws-vault shell for "${profile}"${expiration ? ` (credentials until ${expiration})` : ''}` }
}

// ------------------------------------------------------------- side effects

export type PortState = 'free' | 'in-use' | { error: string }

/** Binds 127.0.0.1:port for a moment, as compose will. */
export function probePort(port: number, host = '127.0.0.1'): Promise<PortState> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'EADDRINUSE' ? 'in-use' : { error: err.code ?? err.message }))
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve('free')))
  })
}


function portOf(values: EnvMap, name: string): { port: number } | { error: string } {
  const raw = values[name]
  if (raw === undefined || raw === '') return { port: Number(defaultValue(name)) }
  const n = Number(raw)
  return Number.isInteger(n) && n >= 1 && n <= 65535 ? { port: n } : { error: `${name}=${raw} is not a port number (1-65535)` }
}

/** Runs the checks; never throws for a failed check, only for a bug. */
export async function runDoctor(opts: DoctorOptions): Promise<DoctorResult[]> {
  const env = opts.env ?? process.env
  // Without settings, ports may still come from the environment.
  const values = (opts.settings?.values ?? env) as EnvMap
  const profile = (opts.settings ? opts.settings.get('AWS_VAULT_PROFILE') : env.AWS_VAULT_PROFILE)?.trim() ?? ''
  const envFile = opts.envFile ?? opts.settings?.envFile ?? kitPaths.envFile
  const result = (id: string, label: string, verdict: Verdict, blocking = true): DoctorResult => ({ id, label, blocking, ...verdict })

  const dockerChain = async (): Promise<{ results: DoctorResult[]; engineUp: boolean }> => {
    const out: DoctorResult[] = []
    const ver = await runCaptured(['docker', '--version'], { env })
    if (ver.missing || ver.code !== 0) {
      out.push(result('docker', 'docker', { status: 'fail', detail: ver.missing ? 'docker is not on PATH' : `docker --version failed: ${lastLine(ver.stderr)}`, hint: 'install Docker Desktop, or Docker Engine with the compose plugin' }))
      out.push(result('engine', 'docker engine', { status: 'skip', detail: 'no docker' }))
      out.push(result('compose', 'docker compose', { status: 'skip', detail: 'no docker' }))
      return { results: out, engineUp: false }
    }
    out.push(result('docker', 'docker', { status: 'ok', detail: ver.stdout.trim() }))
    const [info, compose] = await Promise.all([
      runCaptured(['docker', 'info', '--format', '{{.ServerVersion}}'], { env, timeoutMs: 20_000 }),
      runCaptured(['docker', 'compose', 'version', '--short'], { env }),
    ])
    const engineUp = info.code === 0
    out.push(
      result('engine', 'docker engine', engineUp
        ? { status: 'ok', detail: `reachable${info.stdout.trim() ? ` (server ${info.stdout.trim()})` : ''}` }
        : { status: 'fail', detail: info.timedOut ? '`docker info` timed out' : `not reachable: ${lastLine(info.stderr) || `docker info exited ${info.code}`}`, hint: 'start Docker Desktop, or the docker service (sudo systemctl start docker); check DOCKER_HOST / docker context' }),
    )
    out.push(
      result('compose', 'docker compose', compose.code === 0
        ? judgeCompose(compose.stdout)
        : { status: 'fail', detail: `\`docker compose\` is not available: ${firstLine(compose.stderr) || `exit ${compose.code}`}`, hint: `install Docker Compose v2 (the compose plugin), v${v(MIN_COMPOSE)} or newer` }),
    )
    return { results: out, engineUp }
  }

  const vaultChain = async (): Promise<DoctorResult[]> => {
    const out: DoctorResult[] = []
    const offline = !profile
    const ver = await runCaptured(['aws-vault', '--version'], { env })
    if (ver.missing) {
      out.push(result('aws-vault', 'aws-vault', offline
        ? { status: 'skip', detail: 'not installed; not needed in offline mode' }
        : { status: 'fail', detail: 'aws-vault is not on PATH', hint: 'install ByteNess/aws-vault, or run offline: make setup ARGS=--offline' }, !offline))
      out.push(result('profile', 'aws-vault profile', { status: 'skip', detail: offline ? 'offline mode (AWS_VAULT_PROFILE is empty)' : 'no aws-vault' }, !offline))
    } else {
      // aws-vault prints its version on stderr in some builds.
      out.push(result('aws-vault', 'aws-vault', judgeAwsVaultVersion(ver.stdout.trim() || ver.stderr.trim()), false))
      if (offline) {
        out.push(result('profile', 'aws-vault profile', { status: 'skip', detail: 'offline mode (AWS_VAULT_PROFILE is empty)' }, false))
      } else {
        const list = await runCaptured(['aws-vault', 'list', '--profiles'], { env })
        if (list.code !== 0) {
          out.push(result('profile', 'aws-vault profile', { status: 'warn', detail: `cannot list profiles: ${lastLine(list.stderr) || (list.timedOut ? 'timed out' : `exit ${list.code}`)}`, hint: 'run `aws-vault list --profiles` yourself (it may need the keyring unlocked)' }))
        } else {
          const names = parseProfileList(list.stdout)
          out.push(result('profile', 'aws-vault profile', names.includes(profile)
            ? { status: 'ok', detail: `"${profile}" is configured` }
            : { status: 'fail', detail: `"${profile}" is not among aws-vault's profiles (${names.join(', ') || 'none'})`, hint: `add [profile ${profile}] to ~/.aws/config, or choose another with make setup` }))
        }
      }
    }
    out.push(result('vault-shell', 'aws-vault shell', judgeVaultShell({ awsVault: env.AWS_VAULT || undefined, profile, expiration: env.AWS_CREDENTIAL_EXPIRATION }), !offline))
    return out
  }

  const envChecks = (): DoctorResult[] => {
    let fileValues: EnvMap | null
    try {
      fileValues = readEnvFile(envFile)
    } catch (err) {
      return [result('env', '.env', { status: 'fail', detail: (err as Error).message, hint: 'fix that line, or move the file away and run make setup' })]
    }
    if (fileValues === null) return [result('env', '.env', { status: 'fail', detail: `${envFile} does not exist`, hint: 'run make setup' })]
    // The process environment overrides .env, as in compose.
    const merged = { ...fileValues, ...(opts.settings?.values ?? {}) }
    const missing = missingNames(merged)
    const out = [
      result('env', '.env', missing.length
        ? { status: 'fail', detail: `missing or empty: ${missing.join(', ')}`, hint: 'run make setup ARGS=--yes (keeps what is there, fills the rest)' }
        : { status: 'ok', detail: `complete (${REQUIRED_NAMES.length} settings)` }),
    ]
    out.push(result('env-mode', '.env mode', judgeEnvMode(fs.statSync(envFile).mode)))
    return out
  }

  const portChecks = async (engineUp: boolean): Promise<DoctorResult[]> => {
    const out: DoctorResult[] = []
    const wanted: Array<{ name: string; port: number }> = []
    for (const name of PORT_NAMES) {
      const p = portOf(values, name)
      if ('error' in p) out.push(result(`port:${name}`, name, { status: 'fail', detail: p.error, hint: `set ${name} in .env to a free port` }))
      else wanted.push({ name, port: p.port })
    }
    const states = await Promise.all(wanted.map((w) => probePort(w.port)))
    let ours: KitContainer[] | null = null
    const kitContainers = async (): Promise<KitContainer[]> => {
      if (ours) return ours
      ours = []
      if (!engineUp || !opts.settings) return ours
      const ps = await runCaptured(composeArgv(defaultTarget(envFile), 'ps', '--format', 'json'), { env })
      try {
        if (ps.code === 0) ours = parseComposePs(ps.stdout)
      } catch {
        // Unreadable output: treat as no containers of ours.
      }
      return ours
    }
    for (const [i, w] of wanted.entries()) {
      const state = states[i]!
      const dup = wanted.find((o) => o.port === w.port && o.name !== w.name)
      if (dup) {
        out.push(result(`port:${w.name}`, w.name, { status: 'fail', detail: `${w.port} is also ${dup.name}`, hint: 'give each port setting in .env its own number' }))
      } else if (state === 'free') {
        out.push(result(`port:${w.name}`, w.name, { status: 'ok', detail: `127.0.0.1:${w.port} is free` }))
      } else if (state === 'in-use') {
        const holder = (await kitContainers()).find((c) => c.publishedPorts.includes(w.port))
        out.push(result(`port:${w.name}`, w.name, holder
          ? { status: 'ok', detail: `${w.port} is held by this kit's ${holder.service} (${holder.state})` }
          : { status: 'fail', detail: `127.0.0.1:${w.port} is in use by another program`, hint: `stop it (e.g. \`lsof -i :${w.port}\` shows which), or set ${w.name} in .env to a free port` }))
      } else {
        out.push(result(`port:${w.name}`, w.name, { status: 'fail', detail: `cannot bind 127.0.0.1:${w.port}: ${state.error}`, hint: `set ${w.name} in .env to a port above 1024` }))
      }
    }
    return out
  }

  const [docker, vault] = await Promise.all([dockerChain(), vaultChain()])
  const results = [...docker.results, ...vault, ...(await portChecks(docker.engineUp)), ...envChecks()]
  if (!opts.blockingOnly) {
    const deno = (globalThis as { Deno?: { version?: { deno?: string } } }).Deno?.version?.deno
    results.push(result('runtime', 'runtime', judgeRuntime({ deno, node: process.versions.node }), false))
  }
  return opts.blockingOnly ? results.filter((r) => r.blocking) : results
}

export function hasBlockingFailure(results: readonly DoctorResult[]): boolean {
  return results.some((r) => r.status === 'fail' && r.blocking)
}

const MARKS: Record<CheckStatus, string> = { ok: '✔', fail: '✖', warn: '!', skip: '○' }

/** One line per check, a hint under each problem, a summary at the end. */
export function formatResults(results: readonly DoctorResult[], opts: { summary?: boolean } = {}): string {
  const paint: Record<CheckStatus, (s: string) => string> = { ok: chalk.green, fail: chalk.red, warn: chalk.yellow, skip: chalk.dim }
  const width = Math.max(0, ...results.map((r) => r.label.length))
  const lines: string[] = []
  for (const r of results) {
    const mark = r.status === 'fail' && !r.blocking ? MARKS.warn : MARKS[r.status]
    lines.push(`${paint[r.status](mark)} ${r.label.padEnd(width)}  ${r.detail}`)
    if (r.hint && r.status !== 'ok' && r.status !== 'skip') lines.push(`  ${' '.repeat(width)}  ${chalk.dim(`→ ${r.hint}`)}`)
  }
  if (opts.summary ?? true) {
    const blocking = results.filter((r) => r.status === 'fail' && r.blocking).length
    const warnings = results.filter((r) => r.status === 'warn' || (r.status === 'fail' && !r.blocking)).length
    const parts = [blocking ? chalk.red(`${blocking} problem${blocking === 1 ? '' : 's'} to fix before make up`) : chalk.green('ready for make up')]
    if (warnings) parts.push(chalk.yellow(`${warnings} warning${warnings === 1 ? '' : 's'}`))
    lines.push(parts.join('; '))
  }
  return lines.join('\n')
}

/**
 * For up.ts: runs the blocking checks and throws a usage error (exit 2) that
 * lists the failed ones with their hints; returns the results otherwise.
 */
export async function preflight(opts: Omit<DoctorOptions, 'blockingOnly'>): Promise<DoctorResult[]> {
  const results = await runDoctor({ ...opts, blockingOnly: true })
  if (hasBlockingFailure(results)) {
    const failed = results.filter((r) => r.status === 'fail' && r.blocking)
    throw new KitError(`preflight failed (make doctor shows every check):\n${formatResults(failed, { summary: false })}`, EXIT.usage)
  }
  return results
}
