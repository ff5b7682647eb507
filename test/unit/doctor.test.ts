// doctor: the pure verdicts as tables, then every failing case end to end
// with the fake docker/aws-vault on PATH.
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'
import { spawnSync } from 'node:child_process'
import {
  compareVersions,
  formatResults,
  hasBlockingFailure,
  judgeAwsVaultVersion,
  judgeCompose,
  judgeEnvMode,
  judgeRuntime,
  judgeVaultShell,
  missingNames,
  parseComposePs,
  parseVersion,
  preflight,
  runDoctor,
  type DoctorResult,
} from '../../scripts/lib/doctor.ts'
import { ENV_VARS, REQUIRED_NAMES } from '../../scripts/lib/env-vars.ts'
import { formatEnvLine } from '../../scripts/lib/env-file.ts'
import { loadSettings } from '../../scripts/lib/settings.ts'
import { KIT_ROOT } from '../../scripts/lib/paths.ts'
import { KitError } from '../../scripts/lib/errors.ts'
import { makeFakeBin, type FakeBin } from '../helpers/fake-bin.ts'

const ANSI = /\x1b\[[0-9;]*m/g
const plain = (s: string) => s.replace(ANSI, '')

describe('pure verdicts', () => {
  test('parseVersion', () => {
    const cases: Array<[string, ReturnType<typeof parseVersion>]> = [
      ['2.39.1', [2, 39, 1]],
      ['Docker Compose version v2.1.1', [2, 1, 1]],
      ['v7.2.0', [7, 2, 0]],
      ['aws-vault v7.13.2-ByteNess', [7, 13, 2]],
      ['docker-compose version 1.29.2, build 5becea4c', [1, 29, 2]],
      ['v6.6', [6, 6, 0]],
      ['dev', null],
      ['', null],
    ]
    for (const [input, want] of cases) assert.deepEqual(parseVersion(input), want, input)
  })

  test('compareVersions', () => {
    assert.ok(compareVersions([2, 1, 0], [2, 1, 1]) < 0)
    assert.ok(compareVersions([2, 10, 0], [2, 9, 9]) > 0)
    assert.equal(compareVersions([7, 2, 0], [7, 2, 0]), 0)
  })

  test('judgeCompose: up --wait needs v2.1.1+', () => {
    const cases: Array<[string, string]> = [
      ['2.39.1', 'ok'],
      ['v2.1.1', 'ok'],
      ['2.1.0', 'fail'],
      ['2.0.1', 'fail'],
      ['1.29.2', 'fail'],
      ['garbage', 'fail'],
    ]
    for (const [input, want] of cases) assert.equal(judgeCompose(input).status, want, input)
    assert.match(judgeCompose('2.0.1').hint ?? '', /2\.1\.1/)
  })

  test('judgeAwsVaultVersion: 99designs (<= 7.2.0) gets the ByteNess hint', () => {
    const cases: Array<[string, string]> = [
      ['v7.13.2', 'ok'],
      ['v7.3.0', 'ok'],
      ['v7.2.0', 'warn'],
      ['v7.1.3', 'warn'],
      ['v6.6.2', 'warn'],
      ['unknown', 'warn'],
    ]
    for (const [input, want] of cases) {
      const verdict = judgeAwsVaultVersion(input)
      assert.equal(verdict.status, want, input)
      if (want === 'warn') assert.match(verdict.hint ?? '', /ByteNess\/aws-vault/)
    }
  })


  test('parseComposePs: JSON lines (>= 2.21), one array (older), empty', () => {
    const row = (service: string, port?: number) => ({
      Service: service,
      State: 'running',
      Publishers: port ? [{ URL: '127.0.0.1', TargetPort: 4000, PublishedPort: port, Protocol: 'tcp' }] : null,
    })
    const lines = [row('litellm', 4000), row('minio-init')].map((r) => JSON.stringify(r)).join('\n')
    const cases: Array<[string, Array<{ service: string; publishedPorts: number[] }>]> = [
      [lines, [{ service: 'litellm', publishedPorts: [4000] }, { service: 'minio-init', publishedPorts: [] }]],
      [JSON.stringify([row('postgres', 5432)]), [{ service: 'postgres', publishedPorts: [5432] }]],
      ['', []],
      ['[]', []],
    ]
    for (const [input, want] of cases) {
      assert.deepEqual(parseComposePs(input).map(({ service, publishedPorts }) => ({ service, publishedPorts })), want, input)
    }
  })

  test('missingNames', () => {
    const full = Object.fromEntries(REQUIRED_NAMES.map((n) => [n, 'x']))
    assert.deepEqual(missingNames(full), [])
    assert.deepEqual(missingNames({ ...full, LITELLM_MASTER_KEY: '' }), ['LITELLM_MASTER_KEY'])
    const { POSTGRES_PASSWORD: _drop, ...rest } = full
    assert.deepEqual(missingNames(rest), ['POSTGRES_PASSWORD'])
  })

  test('judgeEnvMode', () => {
    const cases: Array<[number, string, string]> = [
      [0o100600, 'linux', 'ok'],
      [0o100400, 'linux', 'ok'],
      [0o100644, 'linux', 'fail'],
      [0o100640, 'darwin', 'fail'],
      [0o100606, 'linux', 'fail'],
      [0o100644, 'win32', 'skip'],
    ]
    for (const [mode, platform, want] of cases) assert.equal(judgeEnvMode(mode, platform).status, want, `${mode.toString(8)} ${platform}`)
    assert.match(judgeEnvMode(0o100644, 'linux').detail, /0644/)
  })

  test('judgeRuntime', () => {
    const cases: Array<[{ node?: string; deno?: string }, string]> = [
      [{ node: '22.23.3' }, 'ok'],
      [{ node: '24.1.0' }, 'ok'],
      [{ node: '20.20.2' }, 'warn'],
      [{ node: '18.20.0' }, 'fail'],
      [{ deno: '2.9.6', node: '24.2.0' }, 'ok'],
      [{ deno: '1.46.3', node: '20.11.1' }, 'fail'],
    ]
    for (const [input, want] of cases) assert.equal(judgeRuntime(input).status, want, JSON.stringify(input))
  })

  test('judgeVaultShell', () => {
    const now = new Date('2026-12-04T20:00:00Z')
    const cases: Array<[Parameters<typeof judgeVaultShell>[0], string]> = [
      [{ awsVault: undefined, profile: '' }, 'skip'],
      [{ awsVault: 'prod', profile: '' }, 'skip'],
      [{ awsVault: undefined, profile: 'dev' }, 'ok'],
      [{ awsVault: 'dev', profile: 'dev', expiration: '2026-12-04T21:00:00Z', now }, 'ok'],
      [{ awsVault: 'dev', profile: 'dev', expiration: '2026-12-04T19:00:00Z', now }, 'warn'],
      [{ awsVault: 'prod', profile: 'dev' }, 'fail'],
    ]
    for (const [input, want] of cases) assert.equal(judgeVaultShell(input).status, want, JSON.stringify(input))
  })

  test('formatResults: marks, hints under problems, summary', () => {
    const results: DoctorResult[] = [
      { id: 'docker', label: 'docker', status: 'ok', detail: 'Docker version 28', blocking: true },
      { id: 'engine', label: 'docker engine', status: 'fail', detail: 'not reachable', hint: 'start it', blocking: true },
      { id: 'aws-vault', label: 'aws-vault', status: 'warn', detail: 'old', hint: 'fork', blocking: false },
      { id: 'profile', label: 'aws-vault profile', status: 'skip', detail: 'offline', blocking: false },
    ]
    const lines = plain(formatResults(results)).split('\n')
    assert.match(lines[0]!, /^✔ docker\s+Docker version 28$/)
    assert.match(lines[1]!, /^✖ docker engine\s+not reachable$/)
    assert.match(lines[2]!, /→ start it$/)
    assert.match(lines[3]!, /^! aws-vault\s+old$/)
    assert.match(lines[4]!, /→ fork$/)
    assert.match(lines[5]!, /^○ aws-vault profile\s+offline$/)
    assert.match(lines[6]!, /1 problem to fix before make up; 1 warning/)
    assert.equal(hasBlockingFailure(results), true)
    assert.equal(hasBlockingFailure(results.filter((r) => r.id !== 'engine')), false)
  })
})

// ------------------------------------------------------------ with fakes

/** Ports nobody holds: the OS hands out free ones (4000 etc. may be busy here). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<net.Server>((resolve) => {
      const s = net.createServer()
      s.listen(0, '127.0.0.1', () => resolve(s))
    })),
  )
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port)
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  return ports
}

interface Fixture {
  dir: string
  envFile: string
  ports: Record<string, number>
}

async function makeEnvFile(overrides: Record<string, string | null> = {}, mode = 0o600): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-doctor-'))
  const [a, b, c, d] = await freePorts(4)
  const ports = { LITELLM_PORT: a!, POSTGRES_PORT: b!, MINIO_API_PORT: c!, MINIO_CONSOLE_PORT: d! }
  const values: Record<string, string | null> = {}
  for (const v of ENV_VARS) values[v.name] = v.initial({ offline: true })
  Object.assign(values, Object.fromEntries(Object.entries(ports).map(([k, p]) => [k, String(p)])), overrides)
  const text = Object.entries(values).filter((e): e is [string, string] => e[1] !== null).map(([k, x]) => formatEnvLine(k, x)).join('\n') + '\n'
  const envFile = path.join(dir, '.env')
  fs.writeFileSync(envFile, text, { mode })
  fs.chmodSync(envFile, mode)
  return { dir, envFile, ports }
}

const byId = (results: DoctorResult[], id: string) => {
  const r = results.find((x) => x.id === id)
  assert.ok(r, `no result ${id} in ${results.map((x) => x.id).join(',')}`)
  return r
}

async function doctorWith(fake: FakeBin, fx: Fixture, extraEnv: Record<string, string | undefined> = {}) {
  const env = fake.env(extraEnv)
  const settings = loadSettings({ envFile: fx.envFile, env })
  return runDoctor({ settings, env, envFile: fx.envFile })
}

describe('runDoctor with fake docker and aws-vault', () => {
  let fake: FakeBin
  let noDocker: FakeBin
  let noVault: FakeBin
  const fixtures: Fixture[] = []
  const fixture = async (...a: Parameters<typeof makeEnvFile>) => {
    const fx = await makeEnvFile(...a)
    fixtures.push(fx)
    return fx
  }
  before(() => {
    fake = makeFakeBin()
    noDocker = makeFakeBin({ withoutDocker: true })
    noVault = makeFakeBin({ withoutAwsVault: true })
  })
  after(() => {
    for (const f of [fake, noDocker, noVault]) f.cleanup()
    for (const fx of fixtures) fs.rmSync(fx.dir, { recursive: true, force: true })
  })

  test('all fine (online, profile listed): nothing blocks', async () => {
    const fx = await fixture({ AWS_VAULT_PROFILE: 'dev' })
    const results = await doctorWith(fake, fx, { FAKE_AWS_VAULT_PROFILES: 'dev,prod' })
    const bad = results.filter((r) => r.status === 'fail')
    assert.deepEqual(bad, [])
    assert.equal(hasBlockingFailure(results), false)
    assert.match(byId(results, 'engine').detail, /28\.2\.2/)
    assert.equal(byId(results, 'profile').status, 'ok')
  })

  // One row per failing case: the environment, which check fails, and its hint.
  const failing: Array<{
    name: string
    bin: () => FakeBin
    env?: Record<string, string>
    overrides?: Record<string, string | null>
    mode?: number
    id: string | ((fx: Fixture) => string)
    status: 'fail' | 'warn'
    detail: RegExp
    hint: RegExp
    blocks: boolean
  }> = [
    { name: 'no docker', bin: () => noDocker, id: 'docker', status: 'fail', detail: /not on PATH/, hint: /install Docker/, blocks: true },
    { name: 'engine down', bin: () => fake, env: { FAKE_DOCKER_ENGINE: 'down' }, id: 'engine', status: 'fail', detail: /Cannot connect to the Docker daemon/, hint: /start Docker/, blocks: true },
    { name: 'no compose plugin', bin: () => fake, env: { FAKE_DOCKER_MISSING_COMPOSE: '1' }, id: 'compose', status: 'fail', detail: /not available/, hint: /Compose v2/, blocks: true },
    { name: 'old compose', bin: () => fake, env: { FAKE_COMPOSE_VERSION: 'v2.0.1' }, id: 'compose', status: 'fail', detail: /v2\.0\.1 has no `up --wait`/, hint: /2\.1\.1 or newer/, blocks: true },
    { name: 'no aws-vault (online)', bin: () => noVault, overrides: { AWS_VAULT_PROFILE: 'dev' }, id: 'aws-vault', status: 'fail', detail: /not on PATH/, hint: /ByteNess\/aws-vault.*--offline/, blocks: true },
    { name: 'old 99designs aws-vault', bin: () => fake, env: { FAKE_AWS_VAULT_VERSION: 'v7.2.0', FAKE_AWS_VAULT_PROFILES: 'dev' }, overrides: { AWS_VAULT_PROFILE: 'dev' }, id: 'aws-vault', status: 'warn', detail: /99designs/, hint: /ByteNess\/aws-vault/, blocks: false },
    { name: 'profile not listed', bin: () => fake, env: { FAKE_AWS_VAULT_PROFILES: 'prod,sandbox' }, overrides: { AWS_VAULT_PROFILE: 'dev' }, id: 'profile', status: 'fail', detail: /"dev" is not among aws-vault's profiles \(prod, sandbox\)/, hint: /make setup/, blocks: true },
    { name: 'profile list fails', bin: () => fake, env: { FAKE_AWS_VAULT_FAIL: '1' }, overrides: { AWS_VAULT_PROFILE: 'dev' }, id: 'profile', status: 'warn', detail: /keyring locked/, hint: /aws-vault list --profiles/, blocks: false },
    { name: 'nested shell of another profile', bin: () => fake, env: { AWS_VAULT: 'prod', FAKE_AWS_VAULT_PROFILES: 'dev,prod' }, overrides: { AWS_VAULT_PROFILE: 'dev' }, id: 'vault-shell', status: 'fail', detail: /shell for "prod".*"dev"/, hint: /AWS_VAULT_PROFILE=prod/, blocks: true },
    { name: '.env incomplete', bin: () => fake, overrides: { LITELLM_MASTER_KEY: '', MINIO_ROOT_PASSWORD: null }, id: 'env', status: 'fail', detail: /LITELLM_MASTER_KEY, MINIO_ROOT_PASSWORD/, hint: /make setup/, blocks: true },
    { name: '.env mode 0644', bin: () => fake, mode: 0o644, id: 'env-mode', status: 'fail', detail: /0644/, hint: /chmod 600 \.env/, blocks: true },
    { name: 'bad port value', bin: () => fake, overrides: { MINIO_API_PORT: '99999' }, id: 'port:MINIO_API_PORT', status: 'fail', detail: /not a port number/, hint: /MINIO_API_PORT/, blocks: true },
  ]
  for (const c of failing) {
    test(`failing case: ${c.name}`, async () => {
      const fx = await fixture(c.overrides, c.mode)
      const results = await doctorWith(c.bin(), fx, c.env)
      const r = byId(results, typeof c.id === 'string' ? c.id : c.id(fx))
      assert.equal(r.status, c.status, JSON.stringify(r))
      assert.match(r.detail, c.detail)
      assert.match(r.hint ?? '', c.hint)
      assert.equal(hasBlockingFailure(results), c.blocks, JSON.stringify(results.filter((x) => x.status === 'fail')))
    })
  }

  test('offline mode: no aws-vault and an unrelated aws-vault shell do not block', async () => {
    const fx = await fixture({ AWS_VAULT_PROFILE: '' })
    const results = await doctorWith(noVault, fx, { AWS_VAULT: 'prod' })
    for (const id of ['aws-vault', 'profile', 'vault-shell']) assert.equal(byId(results, id).status, 'skip', id)
    assert.equal(hasBlockingFailure(results), false)
  })

  test('same-profile aws-vault shell is fine', async () => {
    const fx = await fixture({ AWS_VAULT_PROFILE: 'dev' })
    const results = await doctorWith(fake, fx, { AWS_VAULT: 'dev', AWS_CREDENTIAL_EXPIRATION: '2999-01-01T00:00:00Z', FAKE_AWS_VAULT_PROFILES: 'dev' })
    assert.equal(byId(results, 'vault-shell').status, 'ok')
    assert.equal(hasBlockingFailure(results), false)
  })

  test('port in use by another program blocks; held by the kit\'s own container does not', async () => {
    const fx = await fixture()
    const port = fx.ports.LITELLM_PORT!
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()))
    try {
      let results = await doctorWith(fake, fx)
      let r = byId(results, 'port:LITELLM_PORT')
      assert.equal(r.status, 'fail')
      assert.match(r.detail, new RegExp(`127\\.0\\.0\\.1:${port} is in use`))
      assert.match(r.hint ?? '', /LITELLM_PORT/)
      assert.equal(hasBlockingFailure(results), true)

      fake.reset()
      const ps = JSON.stringify({ Service: 'litellm', State: 'running', Publishers: [{ URL: '127.0.0.1', TargetPort: 4000, PublishedPort: port, Protocol: 'tcp' }] })
      results = await doctorWith(fake, fx, { FAKE_DOCKER_PS: ps + '\n' })
      r = byId(results, 'port:LITELLM_PORT')
      assert.equal(r.status, 'ok', JSON.stringify(r))
      assert.match(r.detail, /this kit's litellm/)
      // ps asked the kit's own project: project directory, compose file and .env of this kit.
      const psCall = fake.calls().find((c) => c.tool === 'docker' && c.argv.includes('ps'))
      assert.ok(psCall)
      assert.deepEqual(psCall.argv.slice(0, 7), ['compose', '--project-directory', KIT_ROOT, '-f', path.join(KIT_ROOT, 'compose', 'docker-compose.yaml'), '--env-file', fx.envFile])
    } finally {
      await new Promise((r) => server.close(r))
    }
  })

  test('no .env: the .env check fails with the setup hint', async () => {
    const fx = await fixture()
    fs.rmSync(fx.envFile)
    const env = fake.env()
    const results = await runDoctor({ settings: null, env, envFile: fx.envFile })
    const r = byId(results, 'env')
    assert.equal(r.status, 'fail')
    assert.match(r.detail, /does not exist/)
    assert.match(r.hint ?? '', /make setup/)
  })

  test('duplicate port settings block', async () => {
    const fx = await fixture()
    fs.appendFileSync(fx.envFile, `MINIO_CONSOLE_PORT=${fx.ports.MINIO_API_PORT}\n`)
    const results = await doctorWith(fake, fx)
    assert.equal(byId(results, 'port:MINIO_CONSOLE_PORT').status, 'fail')
  })

  test('blockingOnly leaves out the runtime line; preflight throws a usage error listing the failures', async () => {
    const fx = await fixture({ LITELLM_SALT_KEY: '' })
    const env = fake.env({ FAKE_DOCKER_ENGINE: 'down' })
    const settings = loadSettings({ envFile: fx.envFile, env })
    const results = await runDoctor({ settings, env, envFile: fx.envFile, blockingOnly: true })
    assert.ok(!results.some((r) => r.id === 'runtime'))
    await assert.rejects(preflight({ settings, env, envFile: fx.envFile }), (err: unknown) => {
      assert.ok(err instanceof KitError)
      assert.equal(err.exitCode, 2)
      const msg = plain(err.message)
      assert.match(msg, /✖ docker engine/)
      assert.match(msg, /✖ \.env\s+missing or empty: LITELLM_SALT_KEY/)
      assert.doesNotMatch(msg, /✔/)
      return true
    })
  })

  test('scripts/doctor.ts: exit 0 when nothing blocks, 2 when something does, --json', async () => {
    const fx = await fixture()
    const run = (env: Record<string, string>, ...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/doctor.ts', '--env-file', fx.envFile, ...args], { cwd: KIT_ROOT, env: fake.env({ NO_COLOR: '1', ...env }), encoding: 'utf8' })
    const ok = run({})
    assert.equal(ok.status, 0, ok.stdout + ok.stderr)
    assert.match(ok.stdout, /ready for make up/)
    const down = run({ FAKE_DOCKER_ENGINE: 'down' })
    assert.equal(down.status, 2, down.stdout + down.stderr)
    assert.match(plain(down.stdout), /✖ docker engine/)
    assert.equal(down.stderr, '')
    const json = run({}, '--json')
    const parsed = JSON.parse(json.stdout) as DoctorResult[]
    assert.ok(parsed.some((r) => r.id === 'engine' && r.status === 'ok'))
    // (A missing --env-file target is not tested here: Node itself exits 9 on a
    // script argument `--env-file <missing>`, nodejs/node#54232.)
  })
})
