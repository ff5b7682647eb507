// What check.ts runs with, resolved from the settings (.env + process env) and
// its flags; every problem here is a configuration error (exit 2).
import { usageError } from './errors.ts'
import { portSetting, secretValues, urlSetting, type Settings } from './settings.ts'
import { s3SettingsFrom } from './s3.ts'
import type { CheckArgs } from './check-args.ts'

export interface CheckConfig {
  litellmUrl: string
  masterKey: string
  model: string
  s3Endpoint: string
  /** MinIO's root user: the writer user may only put. */
  s3Read: { accessKeyId: string; secretAccessKey: string }
  bucket: string
  /** As LiteLLM writes it (normalizePrefix). */
  prefix: string
  flushSeconds: number
  timeoutMs: number
  /** Values that must never be printed. */
  secrets: string[]
}

export function resolveCheckConfig(settings: Settings, args: Pick<CheckArgs, 'model' | 'timeout'>): CheckConfig {
  const litellmUrl = urlSetting(settings, 'LITELLM_URL', `http://127.0.0.1:${portSetting(settings, 'LITELLM_PORT')}`)
  const masterKey = settings.require('LITELLM_MASTER_KEY')
  const s3 = s3SettingsFrom(settings)
  const offline = settings.get('AWS_VAULT_PROFILE') === undefined
  const model = args.model ?? settings.get('CHECK_MODEL') ?? (offline ? 'mock' : 'nova-lite')
  const rawFlush = settings.get('S3_FLUSH_INTERVAL_SECONDS') ?? '2'
  const flushSeconds = Number(rawFlush)
  if (!Number.isInteger(flushSeconds) || flushSeconds < 1) {
    // LiteLLM reads it with int(): anything else stops the proxy too.
    throw usageError(`S3_FLUSH_INTERVAL_SECONDS=${rawFlush} is not a whole number of seconds (>= 1)`)
  }
  return {
    litellmUrl,
    masterKey,
    model,
    s3Endpoint: s3.endpoint,
    s3Read: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    bucket: s3.bucket,
    prefix: s3.prefix,
    flushSeconds,
    timeoutMs: Math.round(args.timeout * 1000),
    secrets: secretValues(settings),
  }
}
