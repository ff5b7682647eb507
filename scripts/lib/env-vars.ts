// The catalogue of .env variables: one source for setup (what it writes),
// doctor (what must be there) and the tests that keep .env.example true.
import { randomBytes } from 'node:crypto'

export const DEFAULT_IMAGES = {
  LITELLM_IMAGE: 'ghcr.io/berriai/litellm:v1.82.3-stable.patch.2',
  POSTGRES_IMAGE: 'postgres:17.6-alpine',
  // minio/minio and minio/mc left Docker Hub in Sept 2026; Pigsty's builds are maintained.
  MINIO_IMAGE: 'pgsty/minio:RELEASE.2026-08-04T00-00-00Z',
  MC_IMAGE: 'pgsty/mc:RELEASE.2026-08-04T00-00-00Z',
} as const

export const DEFAULT_REGION = 'ap-northeast-1'
export const DEFAULT_MODEL_ID = 'amazon.nova-lite-v1:0'

export type VarKind = 'setting' | 'secret'

export interface EnvVar {
  name: string
  kind: VarKind
  /** Value written by setup when the variable is new (secrets: generated). */
  initial: (ctx: { offline: boolean }) => string
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex')
// Alphanumeric so the value survives .env quoting, URLs (DATABASE_URL) and mc's CLI.
const password = (length = 32) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = randomBytes(length)
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}

export const generators = {
  litellmKey: () => `sk-${hex(32)}`,
  password,
  accessKey: () => `litellm-writer-${hex(4)}`,
  rootUser: () => `kit-admin-${hex(3)}`,
}

const setting = (name: string, value: string | ((ctx: { offline: boolean }) => string)): EnvVar => ({
  name,
  kind: 'setting',
  initial: typeof value === 'string' ? () => value : value,
})
const secret = (name: string, make: () => string): EnvVar => ({ name, kind: 'secret', initial: make })

export const ENV_VARS: readonly EnvVar[] = [
  setting('COMPOSE_PROJECT_NAME', 'llm-gateway'),
  setting('AWS_VAULT_PROFILE', ''),
  setting('AWS_REGION', DEFAULT_REGION),
  setting('BEDROCK_MODEL_ID', DEFAULT_MODEL_ID),
  setting('CHECK_MODEL', ({ offline }) => (offline ? 'mock' : 'nova-lite')),
  setting('LITELLM_IMAGE', DEFAULT_IMAGES.LITELLM_IMAGE),
  setting('POSTGRES_IMAGE', DEFAULT_IMAGES.POSTGRES_IMAGE),
  setting('MINIO_IMAGE', DEFAULT_IMAGES.MINIO_IMAGE),
  setting('MC_IMAGE', DEFAULT_IMAGES.MC_IMAGE),
  setting('LITELLM_PORT', '4000'),
  setting('POSTGRES_PORT', '5432'),
  setting('MINIO_API_PORT', '9000'),
  setting('MINIO_CONSOLE_PORT', '9001'),
  secret('LITELLM_MASTER_KEY', generators.litellmKey),
  secret('LITELLM_SALT_KEY', generators.litellmKey),
  secret('POSTGRES_PASSWORD', () => password()),
  secret('MINIO_ROOT_USER', generators.rootUser),
  secret('MINIO_ROOT_PASSWORD', () => password()),
  setting('S3_LOG_BUCKET', 'litellm-log-archive'),
  setting('S3_LOG_PREFIX', 'request_logs/'),
  secret('S3_WRITER_ACCESS_KEY', generators.accessKey),
  secret('S3_WRITER_SECRET_KEY', () => password(40)),
  setting('S3_FLUSH_INTERVAL_SECONDS', '2'),
  setting('S3_LOG_RETENTION_DAYS', '0'),
]

/** What setup writes for a setting when nothing says otherwise (online mode). */
export function defaultValue(name: string): string {
  const v = ENV_VARS.find((x) => x.name === name)
  if (!v || v.kind !== 'setting') throw new Error(`${name} has no default`)
  return v.initial({ offline: false })
}

export const SECRET_NAMES = ENV_VARS.filter((v) => v.kind === 'secret').map((v) => v.name)
export const REQUIRED_NAMES = ENV_VARS.filter((v) => v.name !== 'AWS_VAULT_PROFILE').map((v) => v.name)
