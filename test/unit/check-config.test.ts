// Settings -> what check.ts runs with; incomplete or bad settings are exit 2.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { resolveCheckConfig } from '../../scripts/lib/check-config.ts'
import { secretValues } from '../../scripts/lib/settings.ts'
import { loadSettings } from '../../scripts/lib/settings.ts'
import { KitError } from '../../scripts/lib/errors.ts'

const BASE: Record<string, string> = {
  LITELLM_MASTER_KEY: 'sk-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  LITELLM_SALT_KEY: 'sk-bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
  MINIO_ROOT_USER: 'kit-admin-123456',
  MINIO_ROOT_PASSWORD: 'rootpasswordrootpassword',
  S3_WRITER_SECRET_KEY: 'writersecretwritersecret',
}

/** Settings from a temp .env plus a process env, as check.ts loads them. */
function settingsFrom(file: Record<string, string>, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-config-'))
  const envFile = path.join(dir, '.env')
  fs.writeFileSync(envFile, Object.entries(file).map(([k, v]) => `${k}=${v}`).join('\n') + '\n')
  try {
    return loadSettings({ envFile, env })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const args = { model: undefined, timeout: 60 }

describe('resolveCheckConfig', () => {
  const cases: Array<{ name: string; file?: Record<string, string>; env?: Record<string, string>; model?: string; want: Record<string, unknown> }> = [
    { name: 'defaults', want: { litellmUrl: 'http://127.0.0.1:4000', s3Endpoint: 'http://127.0.0.1:9000', model: 'mock', bucket: 'litellm-log-archive', prefix: 'request_logs/', flushSeconds: 2, timeoutMs: 60_000 } },
    { name: 'ports from .env', file: { LITELLM_PORT: '4100', MINIO_API_PORT: '9100' }, want: { litellmUrl: 'http://127.0.0.1:4100', s3Endpoint: 'http://127.0.0.1:9100' } },
    { name: 'URLs from the process env win', file: { LITELLM_URL: 'http://file:1' }, env: { LITELLM_URL: 'http://127.0.0.1:5/', S3_ENDPOINT_URL: 'https://s3.local' }, want: { litellmUrl: 'http://127.0.0.1:5', s3Endpoint: 'https://s3.local' } },
    { name: 'CHECK_MODEL', file: { CHECK_MODEL: 'nova-lite' }, want: { model: 'nova-lite' } },
    { name: '--model wins over CHECK_MODEL', file: { CHECK_MODEL: 'nova-lite' }, model: 'mock', want: { model: 'mock' } },
    { name: 'online without CHECK_MODEL: nova-lite', file: { AWS_VAULT_PROFILE: 'dev' }, want: { model: 'nova-lite' } },
    { name: 'prefix gets one trailing slash', file: { S3_LOG_PREFIX: 'logs//' }, want: { prefix: 'logs/' } },
    { name: 'prefix without slash', file: { S3_LOG_PREFIX: 'logs' }, want: { prefix: 'logs/' } },
    { name: 'flush interval', file: { S3_FLUSH_INTERVAL_SECONDS: '10' }, want: { flushSeconds: 10 } },
  ]
  for (const c of cases) {
    test(c.name, () => {
      const cfg = resolveCheckConfig(settingsFrom({ ...BASE, ...c.file }, c.env), { ...args, model: c.model })
      for (const [k, v] of Object.entries(c.want)) assert.equal(cfg[k as keyof typeof cfg], v, k)
    })
  }

  const bad: Array<{ name: string; file: Record<string, string>; msg: RegExp }> = [
    { name: 'no master key', file: { ...BASE, LITELLM_MASTER_KEY: '' }, msg: /LITELLM_MASTER_KEY is missing/ },
    { name: 'no MinIO root user', file: { ...BASE, MINIO_ROOT_USER: '' }, msg: /MINIO_ROOT_USER is missing/ },
    { name: 'no MinIO root password', file: { LITELLM_MASTER_KEY: 'k', MINIO_ROOT_USER: 'u' }, msg: /MINIO_ROOT_PASSWORD is missing/ },
    { name: 'bad port', file: { ...BASE, LITELLM_PORT: 'http' }, msg: /LITELLM_PORT=http is not a port/ },
    { name: 'bad URL', file: { ...BASE, LITELLM_URL: 'localhost:4000' }, msg: /LITELLM_URL=localhost:4000 is not an http/ },
    { name: 'not a URL', file: { ...BASE, S3_ENDPOINT_URL: '::' }, msg: /S3_ENDPOINT_URL=:: is not a URL/ },
    { name: 'bad flush interval', file: { ...BASE, S3_FLUSH_INTERVAL_SECONDS: '1.5' }, msg: /S3_FLUSH_INTERVAL_SECONDS=1.5/ },
  ]
  for (const c of bad) {
    test(`exit 2: ${c.name}`, () => {
      assert.throws(() => resolveCheckConfig(settingsFrom(c.file), args), (err: unknown) => err instanceof KitError && err.exitCode === 2 && c.msg.test(err.message))
    })
  }

  test('a malformed .env is exit 2', () => {
    assert.throws(() => settingsFrom({ 'NOT A LINE': 'x' }), (err: unknown) => err instanceof KitError && err.exitCode === 2)
  })
})

describe('secretValues', () => {
  test('the kit secrets and aws-vault keys, longest first, no empties', () => {
    const s = secretValues(settingsFrom(BASE, { AWS_SECRET_ACCESS_KEY: 'awssecretawssecret', AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEJr-long-session-token', AWS_ACCESS_KEY_ID: '' }))
    for (const v of [...Object.values(BASE), 'awssecretawssecret', 'FwoGZXIvYXdzEJr-long-session-token']) assert.ok(s.includes(v), v)
    assert.ok(!s.includes(''))
    assert.deepEqual(s, [...s].sort((a, b) => b.length - a.length))
  })
})
