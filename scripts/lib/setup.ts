// Setup: choose the aws-vault profile (or offline), region and model, then
// write .env. Prompts only when a person is at a terminal; flags otherwise.
import fs from 'node:fs'
import process from 'node:process'
import { select, input } from '@inquirer/prompts'
import { KitError, EXIT } from './errors.ts'
import { readEnvFile, writeFileAtomic, type EnvMap } from './env-file.ts'
import { defaultAnswers, planEnv, renderEnv, validateAnswers, type EnvPlan, type SetupAnswers } from './env-plan.ts'
import { parseProfileList, readAwsConfigProfiles, awsConfigPath } from './aws-config.ts'
import { kitPaths } from './paths.ts'
import { captureOrNull } from './exec.ts'

export interface SetupOptions {
  envFile: string
  profile?: string
  offline?: boolean
  region?: string
  modelId?: string
  rotateSecrets?: boolean
  yes?: boolean
  interactive: boolean
  dataDir?: string
}

export interface SetupResult {
  envFile: string
  backup: string | null
  plan: EnvPlan
  answers: SetupAnswers
  profileSource: string
}

export const NON_INTERACTIVE_MESSAGE =
  'no terminal to ask setup\'s questions: pass --offline or --profile NAME (optional: --region, --model-id, --rotate-secrets, --yes)'

/** Profiles from aws-vault, else from ~/.aws/config (or $AWS_CONFIG_FILE). */
export async function discoverProfiles(): Promise<{ profiles: string[]; source: string }> {
  // It may ask for the keyring's passphrase: the person at the terminal answers.
  const out = await captureOrNull(['aws-vault', 'list', '--profiles'], { stdin: 'inherit', timeoutMs: 60_000 })
  const profiles = parseProfileList(out ?? '')
  if (profiles.length) return { profiles, source: 'aws-vault list --profiles' }
  // aws-vault missing, locked or failing: the config file still names the profiles.
  return { profiles: readAwsConfigProfiles(), source: awsConfigPath() }
}

const OFFLINE = '\u0000offline'

async function ask(defaults: SetupAnswers, profiles: string[], source: string): Promise<SetupAnswers> {
  const choices = [
    ...profiles.map((p) => ({ name: p, value: p, description: `aws-vault profile (from ${source})` })),
    { name: 'offline (no AWS, mock model)', value: OFFLINE, description: 'only the mock model works; logging works fully' },
  ]
  const profile = await select({
    message: 'aws-vault profile for Bedrock',
    choices,
    default: defaults.profile && profiles.includes(defaults.profile) ? defaults.profile : profiles.length ? profiles[0] : OFFLINE,
  })
  if (profile === OFFLINE) return { ...defaults, profile: null }
  const region = await input({ message: 'Bedrock region', default: defaults.region })
  const modelId = await input({ message: 'Bedrock model id', default: defaults.modelId })
  return { profile, region: region.trim(), modelId: modelId.trim() }
}

export async function runSetup(opts: SetupOptions): Promise<SetupResult> {
  if (opts.profile !== undefined && opts.offline) throw new KitError('--profile and --offline exclude each other', EXIT.usage)
  const existing: EnvMap | null = readEnvFile(opts.envFile)
  const defaults = defaultAnswers(existing)
  const fromFlags = opts.offline || opts.profile !== undefined
  let answers: SetupAnswers
  let profileSource = 'flags'
  if (fromFlags || (existing && opts.yes)) {
    answers = {
      profile: opts.offline ? null : (opts.profile ?? defaults.profile),
      region: opts.region ?? defaults.region,
      modelId: opts.modelId ?? defaults.modelId,
    }
    if (!fromFlags) profileSource = 'existing .env'
  } else if (opts.interactive) {
    const { profiles, source } = await discoverProfiles()
    profileSource = source
    answers = await ask({ ...defaults, region: opts.region ?? defaults.region, modelId: opts.modelId ?? defaults.modelId }, profiles, source)
  } else {
    throw new KitError(NON_INTERACTIVE_MESSAGE, EXIT.usage)
  }
  validateAnswers(answers)
  const hasData = fs.existsSync(opts.dataDir ?? kitPaths.dataDir)
  const plan = planEnv({ existing, answers, rotate: !!opts.rotateSecrets, hasData })
  const backup = writeFileAtomic(opts.envFile, renderEnv(plan.values))
  return { envFile: opts.envFile, backup, plan, answers, profileSource }
}

export const isInteractive = () => Boolean(process.stdin.isTTY && process.stdout.isTTY)
