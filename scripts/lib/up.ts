// `make up`: the stack with aws-vault's short-lived keys in compose's
// environment (or offline), then where to find things and when keys expire.
import fs from 'node:fs'
import process from 'node:process'
import { chalk } from 'zx'
import { KitError, EXIT } from './errors.ts'
import { defaultTarget, expiryProbeArgv, planUp, type UpPlan } from './compose.ts'
import { runInteractive, captureOrNull } from './exec.ts'
import { loadSettings, portSetting, type Settings } from './settings.ts'
import { runSetup, isInteractive, NON_INTERACTIVE_MESSAGE } from './setup.ts'

/** Runs setup first when .env is missing (interactive only: it needs answers). */
export async function ensureEnvFile(envFile: string): Promise<boolean> {
  if (fs.existsSync(envFile)) return false
  if (!isInteractive()) throw new KitError(`${envFile} does not exist; run make setup first (${NON_INTERACTIVE_MESSAGE.replace(/^no terminal[^:]*: /, '')})`, EXIT.usage)
  console.log(chalk.dim(`${envFile} does not exist yet: running setup first`))
  await runSetup({ envFile, interactive: true })
  return true
}

export function urls(settings: Settings) {
  const litellm = portSetting(settings, 'LITELLM_PORT')
  const console_ = portSetting(settings, 'MINIO_CONSOLE_PORT')
  const api = portSetting(settings, 'MINIO_API_PORT')
  return {
    proxy: `http://127.0.0.1:${litellm}`,
    adminUi: `http://127.0.0.1:${litellm}/ui`,
    minioConsole: `http://127.0.0.1:${console_}`,
    s3: `http://127.0.0.1:${api}`,
  }
}

/** "in 58 min" style text for an ISO expiry, or null when unparseable. */
export function describeExpiry(iso: string, now = new Date()): string | null {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return null
  const mins = Math.round((t - now.getTime()) / 60_000)
  const when = new Date(t).toISOString().replace('.000Z', 'Z')
  return mins >= 0 ? `${when} (in ${mins} min)` : `${when} (${-mins} min ago)`
}

export async function credentialExpiry(plan: UpPlan, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (plan.mode === 'offline') return null
  if (plan.mode === 'inside-aws-vault') return env.AWS_CREDENTIAL_EXPIRATION || null
  const out = await captureOrNull(expiryProbeArgv(plan.profile), { env })
  return out?.trim() || null
}

/** Offline, no AWS keys of this shell (long-lived ones, maybe) may reach the container. */
export function withoutAwsKeys(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env }
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN']) delete out[k]
  return out
}

export async function up(opts: { envFile: string; env?: NodeJS.ProcessEnv; beforeCompose?: (s: Settings) => Promise<void> }) {
  const env = opts.env ?? process.env
  await ensureEnvFile(opts.envFile)
  const settings = loadSettings({ envFile: opts.envFile, env })
  const target = defaultTarget(opts.envFile)
  const plan = planUp({ profile: settings.get('AWS_VAULT_PROFILE'), awsVault: env.AWS_VAULT, region: settings.get('AWS_REGION'), target })
  await opts.beforeCompose?.(settings)
  const how = plan.mode === 'offline' ? 'offline (mock model only)' : plan.mode === 'aws-vault' ? `aws-vault profile ${plan.profile}` : `this aws-vault shell (${plan.profile})`
  console.log(chalk.dim(`starting the stack, ${how}; the first start migrates LiteLLM's DB and may take a minute`))
  await runInteractive(plan.argv, { cwd: target.root, env: plan.mode === 'offline' ? withoutAwsKeys(env) : env })
  return { settings, plan, expiry: await credentialExpiry(plan, env) }
}
