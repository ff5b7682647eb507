// The kit copied into tools/llm-gateway/ of another repo: setup (offline), up,
// down and clean through its Makefile with the fake docker and aws-vault.
// Every path handed to compose lies inside that sub-folder, nothing outside it
// is created, changed or removed, and the host repo's git status stays clean.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { isInside, KIT_ROOT } from '../../scripts/lib/paths.ts'
import { makeFakeBin, type FakeBin, type Call } from '../helpers/fake-bin.ts'
import { show } from './runtimes.ts'
import { run } from '../helpers/run.ts'
import { freePort } from '../e2e/procs.ts'

const SUB = path.join('tools', 'llm-gateway')

let top: string // temp folder holding the host repo: nothing here may change but the kit
let host: string
let kit: string
let fake: FakeBin
let env: Record<string, string>
let before_: Map<string, string>

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...env, GIT_CONFIG_NOSYSTEM: '1', HOME: top } })

/** The kit as a user would copy it: tracked files plus new, not-ignored ones. */
function kitFiles(): string[] {
  const list = (...args: string[]) => execFileSync('git', ['ls-files', '-z', ...args], { cwd: KIT_ROOT, encoding: 'utf8' }).split('\0').filter(Boolean)
  return [...new Set([...list(), ...list('--others', '--exclude-standard')])].filter((f) => fs.existsSync(path.join(KIT_ROOT, f)))
}

/** path -> sha256 of every file below `root`, skipping the kit and .git. */
function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>()
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name)
      if (p === kit || e.name === '.git') continue
      if (e.isDirectory()) walk(p)
      else out.set(path.relative(root, p), e.isFile() ? crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex') : 'link')
    }
  }
  walk(root)
  return out
}

before(async () => {
  top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-subfolder-')))
  host = path.join(top, 'host')
  kit = path.join(host, SUB)
  fake = makeFakeBin()
  // Free ports (the process env overrides .env), so the run does not depend on 4000 etc. being free here.
  const ports = { LITELLM_PORT: await freePort(), POSTGRES_PORT: await freePort(), MINIO_API_PORT: await freePort(), MINIO_CONSOLE_PORT: await freePort() }
  env = fake.env({ NO_COLOR: '1', NODE_OPTIONS: undefined, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) })

  // The host repo, with sentinels where a careless script might write or delete.
  fs.mkdirSync(path.join(host, 'tools'), { recursive: true })
  fs.mkdirSync(path.join(host, '.data'))
  fs.writeFileSync(path.join(host, '.data', 'sentinel'), 'host data\n')
  fs.writeFileSync(path.join(host, '.env'), 'HOST_ONLY=1\n')
  fs.writeFileSync(path.join(host, 'README.md'), '# host\n')
  fs.writeFileSync(path.join(host, 'tools', 'sentinel.txt'), 'sibling\n')
  fs.writeFileSync(path.join(top, 'outside-sentinel'), 'outside\n')
  git(host, 'init', '-q', '-b', 'main')
  git(host, 'config', 'user.email', 'test@example.invalid')
  git(host, 'config', 'user.name', 'test')
  // The host's own .env and .data/ are its business; only the kit's must stay out.
  fs.writeFileSync(path.join(host, '.gitignore'), '/.env\n/.data/\n')

  for (const f of kitFiles()) {
    fs.mkdirSync(path.dirname(path.join(kit, f)), { recursive: true })
    // Timestamps kept: a lock file newer than node_modules would make `make` run npm ci.
    fs.cpSync(path.join(KIT_ROOT, f), path.join(kit, f), { preserveTimestamps: true })
  }
  // node_modules would be a folder from `npm ci`; a symlink is not matched by
  // the kit's `node_modules/` rule, so the host ignores it locally.
  fs.symlinkSync(path.join(KIT_ROOT, 'node_modules'), path.join(kit, 'node_modules'), 'dir')
  fs.appendFileSync(path.join(host, '.git', 'info', 'exclude'), `/${SUB}/node_modules\n`)
  git(host, 'add', '-A')
  git(host, 'commit', '-q', '-m', 'host with the kit')
  before_ = snapshot(top)
})

after(() => {
  fake?.cleanup()
  if (top) fs.rmSync(top, { recursive: true, force: true })
})

// -o: never remake node_modules here (npm ci through the symlink would reinstall the real kit's).
const make = (target: string, args = '') =>
  run('make', ['-s', '-C', SUB, '-o', 'node_modules/.package-lock.json', target, ...(args ? [`ARGS=${args}`] : [])], { cwd: host, env, timeoutMs: 120_000 })

function assertPathsInsideKit(calls: Call[]) {
  assert.ok(calls.length > 0, 'docker was called')
  for (const c of calls) {
    const a = c.argv
    if (c.tool === 'docker' && a[0] === 'compose') {
      const value = (flag: string) => (a.includes(flag) ? a[a.indexOf(flag) + 1] : undefined)
      const projectDir = value('--project-directory')
      if (projectDir !== undefined) assert.equal(fs.realpathSync(path.resolve(c.cwd, projectDir)), kit, `--project-directory in ${a.join(' ')}`)
      for (const flag of ['-f', '--file', '--env-file']) {
        const v = value(flag)
        if (v !== undefined) assert.ok(isInside(kit, path.resolve(c.cwd, v)), `${flag} ${v} is outside ${kit}`)
      }
    }
    for (const arg of a) {
      if (path.isAbsolute(arg)) assert.ok(isInside(kit, arg), `${c.tool} got ${arg}, outside the kit: ${a.join(' ')}`)
    }
    assert.ok(isInside(kit, c.cwd), `${c.tool} ran in ${c.cwd}, outside the kit`)
  }
}

test('setup --offline --yes writes the sub-folder\'s .env only', async () => {
  const r = await make('setup', '--offline --yes')
  assert.equal(r.code, 0, show(r))
  const envFile = path.join(kit, '.env')
  assert.equal(fs.statSync(envFile).mode & 0o777, 0o600)
  assert.match(fs.readFileSync(envFile, 'utf8'), /^CHECK_MODEL=mock$/m)
  assert.equal(fs.readFileSync(path.join(host, '.env'), 'utf8'), 'HOST_ONLY=1\n')
})

test('up, down, clean: compose gets the sub-folder as project directory', async () => {
  fake.reset()
  const up = await make('up')
  assert.equal(up.code, 0, show(up))
  const upCall = fake.calls().find((c) => c.tool === 'docker' && c.argv.includes('up'))
  assert.ok(upCall, JSON.stringify(fake.calls().map((c) => c.argv)))
  assert.equal(upCall.argv[upCall.argv.indexOf('--project-directory') + 1], kit)
  assert.equal(upCall.argv[upCall.argv.indexOf('--env-file') + 1], path.join(kit, '.env'))
  assert.equal(upCall.argv[upCall.argv.indexOf('-f') + 1], path.join(kit, 'compose', 'docker-compose.yaml'))

  // What the stack would have written.
  fs.mkdirSync(path.join(kit, '.data', 'minio', 'litellm-log-archive'), { recursive: true })
  fs.writeFileSync(path.join(kit, '.data', 'minio', 'litellm-log-archive', 'obj.json'), '{}')

  const down = await make('down')
  assert.equal(down.code, 0, show(down))
  assert.ok(fs.existsSync(path.join(kit, '.data', 'minio')), 'down keeps data')

  const clean = await make('clean', '--yes')
  assert.equal(clean.code, 0, show(clean))
  assert.ok(!fs.existsSync(path.join(kit, '.data')), 'clean removed the kit\'s .data/')
  assert.ok(fs.existsSync(path.join(kit, '.env')), 'clean keeps .env')
  const downs = fake.calls().filter((c) => c.tool === 'docker' && c.argv.includes('down'))
  assert.equal(downs.length, 2, JSON.stringify(fake.calls().map((c) => c.argv)))
  assert.ok(downs[1]!.argv.includes('--volumes') || downs[1]!.argv.includes('-v'))
  assertPathsInsideKit(fake.calls())
})

test('nothing outside the sub-folder was created, changed or removed', () => {
  assert.deepEqual([...snapshot(top).entries()].sort(), [...before_.entries()].sort())
})

test('the host repo\'s git status does not show the kit\'s .env or .data/', () => {
  // .data/ again, as a running stack would leave it.
  fs.mkdirSync(path.join(kit, '.data', 'postgres'), { recursive: true })
  fs.writeFileSync(path.join(kit, '.data', 'postgres', 'PG_VERSION'), '17\n')
  const status = git(host, 'status', '--porcelain', '--untracked-files=all')
  assert.doesNotMatch(status, /\.env|\.data/, status)
  assert.equal(status, '', status)
})
