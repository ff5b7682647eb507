// minio/init.sh under dash (POSIX sh, like the mc image's shell) with a fake
// `mc` that records its calls and keeps just enough state to be idempotent.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const script = path.join(root, 'minio', 'init.sh')

// The fake keeps attached policies in a file, answers `admin user info`, and
// copies policy files it is given so the test can read them.
const FAKE_MC = `#!/bin/sh
state="$FAKE_MC_DIR"
printf '%s\\n' "$*" >> "$state/calls"
case "$1 $2 $3" in
  "admin policy create") cp "$6" "$state/policy-$5.json" ;;
  "admin policy attach")
    if grep -qx "$5" "$state/attached" 2>/dev/null; then echo "policy already attached" >&2; exit 1; fi
    echo "$5" >> "$state/attached" ;;
  "admin user info") echo "AccessKey: $5"; echo "PolicyName: $(cat "$state/attached" 2>/dev/null)" ;;
esac
exit 0
`

function run(env: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-mc-'))
  fs.writeFileSync(path.join(dir, 'mc'), FAKE_MC, { mode: 0o755 })
  const exec = () =>
    spawnSync('dash', [script], {
      encoding: 'utf8',
      env: {
        PATH: `${dir}:/usr/bin:/bin`,
        FAKE_MC_DIR: dir,
        MINIO_URL: 'http://minio:9000',
        MINIO_ROOT_USER: 'root-user',
        MINIO_ROOT_PASSWORD: 'root-password-123',
        S3_LOG_BUCKET: 'litellm-log-archive',
        S3_LOG_PREFIX: 'request_logs/',
        S3_WRITER_ACCESS_KEY: 'writer',
        S3_WRITER_SECRET_KEY: 'writer-secret-123',
        ...env,
      },
    })
  return { dir, exec, calls: () => fs.readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n') }
}

test('init.sh is valid POSIX sh', () => {
  const r = spawnSync('dash', ['-n', script], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  const code = fs.readFileSync(script, 'utf8').split('\n').filter((l) => !l.trim().startsWith('#')).join('\n')
  assert.doesNotMatch(code, /pipefail|\[\[|function /)
})

test('creates the bucket, the writer user and a put-only policy under the prefix; twice without failing', () => {
  const r = run({})
  const first = r.exec()
  assert.equal(first.status, 0, first.stderr)
  const second = r.exec()
  assert.equal(second.status, 0, `second run: ${second.stderr}`)
  const calls = r.calls()
  assert.equal(calls[0], 'alias set local http://minio:9000 root-user root-password-123')
  assert.ok(calls.includes('mb --ignore-existing local/litellm-log-archive'))
  assert.ok(calls.includes('admin user add local writer writer-secret-123'))
  assert.ok(calls.some((c) => c === 'admin policy attach local litellm-log-writer --user writer'))
  assert.ok(!calls.some((c) => c.startsWith('ilm rule add')), 'no retention rule when S3_LOG_RETENTION_DAYS is 0')
  // Back to 0 after a retention was set: the old rule goes.
  assert.ok(calls.includes('ilm rule rm --all --force local/litellm-log-archive'))
  const policy = JSON.parse(fs.readFileSync(path.join(r.dir, 'policy-litellm-log-writer.json'), 'utf8'))
  assert.deepEqual(policy.Statement, [
    { Effect: 'Allow', Action: ['s3:PutObject'], Resource: ['arn:aws:s3:::litellm-log-archive/request_logs/*'] },
  ])
})

test('retention: an expiry rule when S3_LOG_RETENTION_DAYS > 0; a bad number fails', () => {
  const r = run({ S3_LOG_RETENTION_DAYS: '30' })
  assert.equal(r.exec().status, 0)
  assert.ok(r.calls().includes('ilm rule add --expire-days 30 --prefix request_logs/ local/litellm-log-archive'))
  const bad = run({ S3_LOG_RETENTION_DAYS: 'thirty' }).exec()
  assert.notEqual(bad.status, 0)
  assert.match(bad.stderr, /whole number/)
})

test('fails when a required variable is missing', () => {
  const r = run({ S3_WRITER_SECRET_KEY: '' })
  const res = r.exec()
  assert.notEqual(res.status, 0)
})
