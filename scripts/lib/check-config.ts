// What check.ts runs with, resolved from the settings (.env + process env) and
// its flags; every problem here is a configuration error (exit 2).
import { usageError } from './errors.ts'
import { portSetting, secretValues, type Settings } from './settings.ts'
import type { CheckArgs } from './check-args.ts'

export interface CheckConfig {
  litellmUrl: string
  masterKey: string
  model: string
  s3Endpoint: string
  /** MinIO's root user: the writer user may only put. */
  s3Read: { accessKeyId: string; secretAccessKey: string }
  bucket: string
  prefix: string
  flushSeconds: number
  timeoutMs: number
  /** Values that must never be printed. */
  secrets: string[]
}

function httpUrl(name: string, value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw usageError(`${name}=${value} is not a URL`, 'expected e.g. http://127.0.0.1:4000')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`${name}=${value} is not an http(s) URL`)
  return value.replace(/\/+$/, '')
}

export function resolveCheckConfig(settings: Settings, args: Pick<CheckArgs, 'model' | 'timeout'>): CheckConfig {
  const litellmUrl = httpUrl('LITELLM_URL', settings.get('LITELLM_URL') ?? `http://127.0.0.1:${portSetting(settings, 'LITELLM_PORT', 4000)}`)
  const s3Endpoint = httpUrl(
    'S3_ENDPOINT_URL',
    settings.get('S3_ENDPOINT_URL') ?? `http://127.0.0.1:${portSetting(settings, 'MINIO_API_PORT', 9000)}`,
  )
  const masterKey = settings.require('LITELLM_MASTER_KEY')
  const s3Read = { accessKeyId: settings.require('MINIO_ROOT_USER'), secretAccessKey: settings.require('MINIO_ROOT_PASSWORD') }
  const offline = settings.get('AWS_VAULT_PROFILE') === undefined
  const model = args.model ?? settings.get('CHECK_MODEL') ?? (offline ? 'mock' : 'nova-lite')
  const rawFlush = settings.get('S3_FLUSH_INTERVAL_SECONDS') ?? '2'
  const flushSeconds = Number(rawFlush)
  if (!Number.isInteger(flushSeconds) || flushSeconds < 1) {
    // LiteLLM reads it with int(): anything else stops the proxy too.
    throw usageError(`S3_FLUSH_INTERVAL_SECONDS=${rawFlush} is not a whole number of seconds (>= 1)`)
  }
  const prefix = settings.get('S3_LOG_PREFIX') ?? 'request_logs/'
  return {
    litellmUrl,
    masterKey,
    model,
    s3Endpoint,
    s3Read,
    bucket: settings.get('S3_LOG_BUCKET') ?? 'litellm-log-archive',
    // LiteLLM writes <s3_path with one trailing slash><rest>.
    prefix: prefix.replace(/\/+$/, '') + '/',
    flushSeconds,
    timeoutMs: Math.round(args.timeout * 1000),
    secrets: secretValues(settings),
  }
}
