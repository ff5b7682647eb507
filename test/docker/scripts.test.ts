// The docker path: make up/down/clean against fake `docker` and `aws-vault`
// executables, asserting exactly what the scripts ask of them.
import { test, before, after, beforeEach } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { makeFakeBin, type Call, type FakeBin } from '../helpers/fake-bin.ts'
import { copyKit, removeCopy } from '../helpers/kit-copy.ts'
import { freePort } from '../e2e/procs.ts'

let kit: string
let fake: FakeBin
// up's preflight checks the host ports: free ones, whatever else runs here.
let base: Record<string, string> = {}

before(async () => {
  kit = copyKit()
  fake = makeFakeBin()
  const [a, b, c, d] = [await freePort(), await freePort(), await freePort(), await freePort()]
  base = { LITELLM_PORT: `${a}`, POSTGRES_PORT: `${b}`, MINIO_API_PORT: `${c}`, MINIO_CONSOLE_PORT: `${d}`, FAKE_AWS_VAULT_PROFILES: 'dev,prod' }
})
after(() => {
  removeCopy(kit)
  fake.cleanup()
})
beforeEach(() => fake.reset())

function make(target: string, opts: { args?: string; env?: Record<string, string | undefined> } = {}) {
  const r = spawnSync('make', ['-s', '-C', kit, target, ...(opts.args ? [`ARGS=${opts.args}`] : [])], {
    encoding: 'utf8',
    env: fake.env({ ...base, ...opts.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

// Exit codes are the scripts' own; make turns any failure into 2, so they are checked here.
function zx(script: string, args: string[] = [], env: Record<string, string | undefined> = {}) {
  // npx, as the README says: it applies .npmrc's tsx preload on Node 20.
  const r = spawnSync('npx', ['--no-install', 'zx', `scripts/${script}.ts`, ...args], {
    cwd: kit,
    encoding: 'utf8',
    env: fake.env({ ...base, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 60_000,
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

function setup(args: string) {
  const r = make('setup', { args })
  assert.equal(r.code, 0, r.stderr)
}

const composeBase = () => ['compose', '--project-directory', kit, '-f', path.join(kit, 'compose', 'docker-compose.yaml'), '--env-file', path.join(kit, '.env')]
const composeCalls = (calls: Call[], sub: string) => calls.filter((c) => c.tool === 'docker' && c.argv[0] === 'compose' && c.argv.includes(sub))

test('make up with a profile: aws-vault exec wraps compose; the vault keys reach compose, not the .env', () => {
  setup('--profile dev --region eu-central-1')
  const r = make('up', { env: { AWS_ACCESS_KEY_ID: 'AKIAHOSTLONGLIVED000', AWS_SECRET_ACCESS_KEY: 'host-secret' } })
  assert.equal(r.code, 0, r.stderr)
  const calls = fake.calls()
  const vault = calls.find((c) => c.tool === 'aws-vault' && c.argv[0] === 'exec' && c.argv.includes('up'))
  assert.deepEqual(vault?.argv, ['exec', '--region', 'eu-central-1', 'dev', '--', 'docker', ...composeBase(), 'up', '-d', '--wait'])
  assert.equal(vault?.cwd, kit)
  const [up] = composeCalls(calls, 'up')
  assert.deepEqual(up.argv, [...composeBase(), 'up', '-d', '--wait'])
  assert.equal(up.cwd, kit)
  assert.equal(up.env.AWS_ACCESS_KEY_ID, 'ASIAFAKEVAULTKEY0001')
  assert.equal(up.env.AWS_SECRET_ACCESS_KEY, 'fake-vault-secret-access-key-0123456789')
  assert.equal(up.env.AWS_SESSION_TOKEN, 'fake-vault-session-token-abcdef0123456789')
  assert.equal(up.env.AWS_VAULT, 'dev')
  // The region setup chose, not the profile's own (the fake's default is ap-northeast-1).
  assert.equal(up.env.AWS_REGION, 'eu-central-1')
  // Expiry comes from aws-vault's session, and the credentials are never written to disk.
  assert.match(r.stdout, /expire 2026-12-04T21:00:00Z/)
  assert.match(r.stdout, /make up` again refreshes them/)
  assert.ok(r.stdout.includes(`http://127.0.0.1:${base.LITELLM_PORT}/ui`), r.stdout)
  assert.ok(r.stdout.includes(`http://127.0.0.1:${base.MINIO_CONSOLE_PORT}`), r.stdout)
  const envText = fs.readFileSync(path.join(kit, '.env'), 'utf8')
  assert.ok(!envText.includes('fake-vault'), '.env holds no Bedrock credentials')
  assert.match(envText, /^AWS_VAULT_PROFILE=dev$/m)
  assert.match(envText, /^AWS_REGION=eu-central-1$/m)
})

test('make up offline: compose directly, and no AWS keys of the shell reach it', () => {
  setup('--offline')
  const r = make('up', { env: { AWS_ACCESS_KEY_ID: 'AKIAHOSTLONGLIVED000', AWS_SECRET_ACCESS_KEY: 'host-secret', AWS_SESSION_TOKEN: 'host-token' } })
  assert.equal(r.code, 0, r.stderr)
  const calls = fake.calls()
  assert.ok(!calls.some((c) => c.tool === 'aws-vault' && c.argv[0] === 'exec'), 'no aws-vault exec offline')
  const [up] = composeCalls(calls, 'up')
  assert.deepEqual(up.argv, [...composeBase(), 'up', '-d', '--wait'])
  for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']) assert.equal(up.env[k], undefined, k)
  assert.match(r.stdout, /offline/)
})

test('make up inside an aws-vault shell of the same profile: compose directly with that shell\'s keys', () => {
  setup('--profile dev')
  const r = make('up', {
    env: { AWS_VAULT: 'dev', AWS_ACCESS_KEY_ID: 'ASIASHELLKEY00000001', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 'shell-token', AWS_CREDENTIAL_EXPIRATION: '2026-12-04T22:30:00Z' },
  })
  assert.equal(r.code, 0, r.stderr)
  const calls = fake.calls()
  assert.ok(!calls.some((c) => c.tool === 'aws-vault' && c.argv[0] === 'exec'), 'aws-vault refuses to nest: not called')
  const [up] = composeCalls(calls, 'up')
  assert.deepEqual(up.argv, [...composeBase(), 'up', '-d', '--wait'])
  assert.equal(up.env.AWS_SESSION_TOKEN, 'shell-token')
  assert.match(r.stdout, /expire 2026-12-04T22:30:00Z/)
})

test('make up inside an aws-vault shell of another profile: exit 2, one line, nothing started', () => {
  setup('--profile dev')
  const r = zx('up', [], { AWS_VAULT: 'prod', AWS_SESSION_TOKEN: 't' })
  assert.equal(r.code, 2)
  assert.equal(r.stderr.trim().split('\n').length, 2, 'message and hint')
  assert.match(r.stderr, /aws-vault credentials for profile "prod", but AWS_VAULT_PROFILE is "dev"/)
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace')
  assert.equal(composeCalls(fake.calls(), 'up').length, 0)
})

test('make up without .env and without a terminal: exit 2 naming the setup flags', () => {
  fs.rmSync(path.join(kit, '.env'), { force: true })
  const r = zx('up')
  assert.equal(r.code, 2)
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
  assert.match(r.stderr, /--offline or --profile NAME/)
  assert.notEqual(make('up').code, 0)
  assert.equal(fake.calls().filter((c) => c.tool === 'docker').length, 0)
})

test('make up: a failing compose is one line and exit 1', () => {
  setup('--offline')
  const r = zx('up', [], { FAKE_DOCKER_EXIT: '17' })
  assert.equal(r.code, 1)
  assert.match(r.stderr, /docker compose .*failed \(exit 17\)/)
})

test('make down: compose down, data kept', () => {
  setup('--offline')
  fs.mkdirSync(path.join(kit, '.data', 'minio'), { recursive: true })
  const r = make('down')
  assert.equal(r.code, 0, r.stderr)
  const [down] = composeCalls(fake.calls(), 'down')
  assert.deepEqual(down.argv, [...composeBase(), 'down', '--remove-orphans'])
  assert.ok(fs.existsSync(path.join(kit, '.data', 'minio')))
})

test('make clean ARGS=--yes: down with volumes, .data/ removed, .env and everything outside the kit kept', () => {
  setup('--offline')
  fs.mkdirSync(path.join(kit, '.data', 'postgres'), { recursive: true })
  fs.writeFileSync(path.join(kit, '.data', 'postgres', 'PG_VERSION'), '17')
  const sentinel = path.join(path.dirname(kit), 'sentinel.txt')
  fs.writeFileSync(sentinel, 'outside the kit')
  const outsideData = path.join(path.dirname(kit), '.data')
  fs.mkdirSync(outsideData, { recursive: true })
  const r = make('clean', { args: '--yes' })
  assert.equal(r.code, 0, r.stderr)
  const [down] = composeCalls(fake.calls(), 'down')
  assert.deepEqual(down.argv, [...composeBase(), 'down', '--volumes', '--remove-orphans'])
  assert.ok(!fs.existsSync(path.join(kit, '.data')))
  assert.ok(fs.existsSync(path.join(kit, '.env')), '.env kept without --all')
  assert.equal(fs.readFileSync(sentinel, 'utf8'), 'outside the kit')
  assert.ok(fs.existsSync(outsideData))
})

test('make clean: .data/ as a symlink to a folder outside loses only the link', () => {
  setup('--offline')
  const outside = path.join(path.dirname(kit), 'precious')
  fs.mkdirSync(outside, { recursive: true })
  fs.writeFileSync(path.join(outside, 'keep.txt'), 'x')
  fs.rmSync(path.join(kit, '.data'), { recursive: true, force: true })
  fs.symlinkSync(outside, path.join(kit, '.data'))
  const r = make('clean', { args: '--yes' })
  assert.equal(r.code, 0, r.stderr)
  assert.ok(!fs.existsSync(path.join(kit, '.data')))
  assert.equal(fs.readFileSync(path.join(outside, 'keep.txt'), 'utf8'), 'x')
})

test('make clean --all also removes .env and its backups; without --yes and no terminal it refuses', () => {
  setup('--offline')
  setup('--offline') // makes a backup
  fs.mkdirSync(path.join(kit, '.data'), { recursive: true })
  const refused = zx('clean')
  assert.equal(refused.code, 2)
  assert.match(refused.stderr, /--yes/)
  assert.ok(fs.existsSync(path.join(kit, '.data')), 'nothing removed when refused')
  assert.equal(fake.calls().filter((c) => c.tool === 'docker').length, 0)
  const r = make('clean', { args: '--yes --all' })
  assert.equal(r.code, 0, r.stderr)
  assert.ok(!fs.existsSync(path.join(kit, '.env')))
  assert.deepEqual(fs.readdirSync(kit).filter((f) => f.startsWith('.env.bak')), [])
  assert.ok(fs.existsSync(path.join(kit, '.env.example')))
})

test('make down without .env stops the project by name', () => {
  fs.rmSync(path.join(kit, '.env'), { force: true })
  const r = make('down')
  assert.equal(r.code, 0, r.stderr)
  const [down] = composeCalls(fake.calls(), 'down')
  assert.deepEqual(down.argv, ['compose', '--project-name', 'llm-gateway', 'down', '--remove-orphans'])
})

test('setup without a terminal and without enough flags: exit 2, one line naming the flags, nothing written', () => {
  fs.rmSync(path.join(kit, '.env'), { force: true })
  const r = zx('setup')
  assert.equal(r.code, 2)
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
  assert.match(r.stderr, /--offline or --profile NAME/)
  assert.ok(!fs.existsSync(path.join(kit, '.env')))
  const bad = zx('setup', ['--profile'])
  assert.equal(bad.code, 2)
  assert.match(bad.stderr, /--profile needs a value/)
  const both = zx('setup', ['--profile', 'dev', '--offline'])
  assert.equal(both.code, 2)
})

test('make up stops on a blocking preflight failure (engine down) before compose runs', () => {
  setup('--offline')
  const r = zx('up', [], { FAKE_DOCKER_ENGINE: 'down' })
  assert.equal(r.code, 2)
  assert.match(r.stderr, /preflight failed/)
  assert.equal(composeCalls(fake.calls(), 'up').length, 0)
})
