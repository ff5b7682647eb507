// The kit's S3 access to MinIO (reading the archived logs): one client
// factory, paginated listing, JSON bodies, and S3 errors as one-line messages.
import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type _Object,
} from '@aws-sdk/client-s3'
import process from 'node:process'
import { KitError, EXIT } from './errors.ts'
import { portSetting, settingOrDefault, urlSetting, type Settings } from './settings.ts'
import { normalizePrefix } from './log-keys.ts'

export interface S3Target {
  client: S3Client
  endpoint: string
  bucket: string
  prefix: string
}

export function makeS3Client(endpoint: string, accessKeyId: string, secretAccessKey: string): S3Client {
  // Node 20 gets an 8-line SDK deprecation warning on every run; `make doctor` reports the Node version instead.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  return new S3Client({
    endpoint,
    // MinIO: path-style URLs, any region, and no aws-chunked checksummed bodies.
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
  })
}

/** Where the logs are and how to read them: MinIO's root user (the writer user can only put). */
export interface S3Settings {
  endpoint: string
  accessKeyId: string
  secretAccessKey: string
  bucket: string
  /** As LiteLLM writes it (see normalizePrefix). */
  prefix: string
}

export function s3SettingsFrom(settings: Settings): S3Settings {
  return {
    endpoint: urlSetting(settings, 'S3_ENDPOINT_URL', `http://127.0.0.1:${portSetting(settings, 'MINIO_API_PORT')}`),
    accessKeyId: settings.require('MINIO_ROOT_USER'),
    secretAccessKey: settings.require('MINIO_ROOT_PASSWORD'),
    bucket: settingOrDefault(settings, 'S3_LOG_BUCKET'),
    prefix: normalizePrefix(settingOrDefault(settings, 'S3_LOG_PREFIX')),
  }
}

export function s3Target(s: S3Settings): S3Target {
  return { client: makeS3Client(s.endpoint, s.accessKeyId, s.secretAccessKey), endpoint: s.endpoint, bucket: s.bucket, prefix: s.prefix }
}

export const s3TargetFromSettings = (settings: Settings): S3Target => s3Target(s3SettingsFrom(settings))

export interface ListOptions {
  /** List only keys after this one (S3 StartAfter, exclusive). */
  startAfter?: string | undefined
  abortSignal?: AbortSignal | undefined
}

/** Every object under `prefix`, page by page (1,000 keys a page). */
export async function* listObjects(target: S3Target, prefix = target.prefix, opts: ListOptions = {}): AsyncGenerator<_Object> {
  let token: string | undefined
  do {
    const page = await target.client
      .send(
        new ListObjectsV2Command({
          Bucket: target.bucket,
          Prefix: prefix,
          ContinuationToken: token,
          StartAfter: token ? undefined : opts.startAfter,
        }),
        { abortSignal: opts.abortSignal },
      )
      .catch((err: unknown) => {
        throw describeS3Error(err, target)
      })
    for (const o of page.Contents ?? []) yield o
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
}

/** The "folders" directly under `prefix` (common prefixes with delimiter "/"), each ending in "/". */
export async function listFolders(target: S3Target, prefix = target.prefix, opts: Pick<ListOptions, 'abortSignal'> = {}): Promise<string[]> {
  const out: string[] = []
  let token: string | undefined
  do {
    const page = await target.client
      .send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }), {
        abortSignal: opts.abortSignal,
      })
      .catch((err: unknown) => {
        throw describeS3Error(err, target)
      })
    for (const p of page.CommonPrefixes ?? []) if (p.Prefix) out.push(p.Prefix)
    token = page.IsTruncated ? page.NextContinuationToken : undefined
  } while (token)
  return out
}

export async function getObjectText(target: S3Target, key: string, opts: Pick<ListOptions, 'abortSignal'> = {}): Promise<string> {
  try {
    const res = await target.client.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }), { abortSignal: opts.abortSignal })
    return (await res.Body?.transformToString('utf8')) ?? ''
  } catch (err) {
    throw describeS3Error(err, target, key)
  }
}

export async function getObjectJson(target: S3Target, key: string, opts: Pick<ListOptions, 'abortSignal'> = {}): Promise<unknown> {
  const text = await getObjectText(target, key, opts)
  try {
    return JSON.parse(text)
  } catch {
    throw new KitError(`object ${key} is not valid JSON`, EXIT.storage)
  }
}

/** A storage error (exit 5) with a message a person can act on. */
export function describeS3Error(err: unknown, target: Pick<S3Target, 'endpoint' | 'bucket'>, key?: string): KitError {
  if (err instanceof KitError) return err
  const e = err as { name?: string; Code?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } }
  const code = e.Code ?? (e.name && e.name !== 'Error' ? e.name : undefined) ?? e.code ?? 'Error'
  const where = `${target.endpoint}/${target.bucket}${key ? `/${key}` : ''}`
  const hints: Record<string, string> = {
    NoSuchBucket: `bucket ${target.bucket} does not exist; minio-init creates it on \`make up\``,
    NoSuchKey: `no object ${key ?? ''} in ${target.bucket}`,
    InvalidAccessKeyId: 'MINIO_ROOT_USER is not a user of this S3 server; check .env against the running MinIO',
    SignatureDoesNotMatch: 'MINIO_ROOT_PASSWORD does not match the running MinIO',
    AccessDenied: 'the S3 user may not read this bucket; reading needs MINIO_ROOT_USER/MINIO_ROOT_PASSWORD',
    InvalidTokenId: 'a session token was sent to MinIO; unset AWS_SESSION_TOKEN for this command',
    ECONNREFUSED: `nothing listens at ${target.endpoint}; is the stack up (make up)?`,
  }
  const cause = (err as { cause?: { code?: string } }).cause?.code
  const hint = hints[code] ?? (e.code ? hints[e.code] : undefined) ?? (cause ? hints[cause] : undefined)
  const status = e.$metadata?.httpStatusCode
  const detail = hint ?? (e.message || code)
  return new KitError(`storage error at ${where}: ${code}${status ? ` (HTTP ${status})` : ''}: ${detail}`, EXIT.storage)
}
