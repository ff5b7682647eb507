// What setup writes into .env: settings from the answers, secrets kept from
// the previous file (or generated), unknown variables carried over untouched.
import { KitError, EXIT } from './errors.ts'
import { formatEnvLine, type EnvMap } from './env-file.ts'
import { ENV_VARS, DEFAULT_MODEL_ID, DEFAULT_REGION } from './env-vars.ts'

export interface SetupAnswers {
  /** aws-vault profile; null = offline. */
  profile: string | null
  region: string
  modelId: string
}

/**
 * Secrets bound to data under .data/: Postgres keeps the password it was
 * initialised with, LiteLLM cannot read DB credentials after a salt change,
 * MinIO's stored IAM config depends on its root user. Rotated only when there
 * is no data yet.
 */
export const DATA_BOUND_SECRETS = ['LITELLM_SALT_KEY', 'POSTGRES_PASSWORD', 'MINIO_ROOT_USER', 'MINIO_ROOT_PASSWORD']

/**
 * Names, not secrets: rotating the writer's access key would leave the old
 * MinIO user (and its put policy) behind, so only its secret key rotates.
 */
export const KEPT_ON_ROTATION = ['S3_WRITER_ACCESS_KEY']

export interface EnvPlan {
  values: EnvMap
  generated: string[]
  kept: string[]
  /** Data-bound secrets that --rotate-secrets left alone. */
  notRotated: string[]
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/
const MODEL_ID = /^[A-Za-z0-9._:/-]+$/
const PROFILE = /^[A-Za-z0-9_.@+=,-]+$/

export function validateAnswers(a: SetupAnswers): SetupAnswers {
  if (a.profile !== null && !PROFILE.test(a.profile)) throw new KitError(`"${a.profile}" is not an aws-vault profile name`, EXIT.usage)
  if (!REGION.test(a.region)) throw new KitError(`"${a.region}" is not an AWS region (e.g. ${DEFAULT_REGION})`, EXIT.usage)
  if (!MODEL_ID.test(a.modelId)) throw new KitError(`"${a.modelId}" is not a Bedrock model id (e.g. ${DEFAULT_MODEL_ID})`, EXIT.usage)
  return a
}

/** Defaults for the questions: what the previous .env said, else the kit's defaults. */
export function defaultAnswers(existing: EnvMap | null): SetupAnswers {
  return {
    profile: existing?.AWS_VAULT_PROFILE || null,
    region: existing?.AWS_REGION || DEFAULT_REGION,
    modelId: existing?.BEDROCK_MODEL_ID || DEFAULT_MODEL_ID,
  }
}

export function planEnv(opts: { existing: EnvMap | null; answers: SetupAnswers; rotate: boolean; hasData: boolean }): EnvPlan {
  const { existing, answers, rotate, hasData } = opts
  const offline = answers.profile === null
  const values: EnvMap = {}
  const generated: string[] = []
  const kept: string[] = []
  const notRotated: string[] = []
  for (const v of ENV_VARS) {
    const old = existing?.[v.name]
    if (v.kind === 'secret') {
      const mayRotate = rotate && !KEPT_ON_ROTATION.includes(v.name) && !(hasData && DATA_BOUND_SECRETS.includes(v.name))
      if (rotate && !mayRotate && old && !KEPT_ON_ROTATION.includes(v.name)) notRotated.push(v.name)
      if (old && !mayRotate) {
        values[v.name] = old
        kept.push(v.name)
      } else {
        values[v.name] = v.initial({ offline })
        generated.push(v.name)
      }
      continue
    }
    // An emptied setting gets its default again (an empty port or bucket breaks compose).
    values[v.name] = old !== undefined && old !== '' ? old : v.initial({ offline })
  }
  values.AWS_VAULT_PROFILE = answers.profile ?? ''
  values.AWS_REGION = answers.region
  values.BEDROCK_MODEL_ID = answers.modelId
  // The check model follows the mode unless someone chose another alias.
  if (!existing?.CHECK_MODEL || ['mock', 'nova-lite'].includes(existing.CHECK_MODEL)) {
    values.CHECK_MODEL = offline ? 'mock' : 'nova-lite'
  }
  // Never drop what a person added by hand.
  for (const [k, v] of Object.entries(existing ?? {})) if (!(k in values)) values[k] = v
  return { values, generated, kept, notRotated }
}

export function renderEnv(values: EnvMap, now = new Date()): string {
  const known = new Set(ENV_VARS.map((v) => v.name))
  const lines = [
    '# llm-gateway-kit settings, written by `make setup` on ' + now.toISOString() + '.',
    '# Secrets: keep this file private (mode 0600, gitignored). See .env.example for what each variable means.',
    '',
    ...ENV_VARS.map((v) => formatEnvLine(v.name, values[v.name] ?? '')),
  ]
  const extra = Object.keys(values).filter((k) => !known.has(k))
  if (extra.length) lines.push('', '# Added by hand; kept by setup.', ...extra.map((k) => formatEnvLine(k, values[k])))
  return lines.join('\n') + '\n'
}
