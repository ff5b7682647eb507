import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'
import { spawnSync } from 'node:child_process'
import { describeError, KitError, EXIT } from '../../scripts/lib/errors.ts'
import { isInside, assertInsideKit, KIT_ROOT } from '../../scripts/lib/paths.ts'
import { removeInsideKit, cleanTargets, removeData, wipeInContainerArgv } from '../../scripts/lib/teardown.ts'
import { describeExpiry } from '../../scripts/lib/up.ts'

test('describeError: KitError, Ctrl-C in a prompt, a failed command, anything else', () => {
  assert.deepEqual(describeError(new KitError('bad', EXIT.storage, 'hint')), { message: 'bad', hint: 'hint', exitCode: 5 })
  const ctrlC = Object.assign(new Error('User force closed the prompt with SIGINT'), { name: 'ExitPromptError' })
  assert.equal(describeError(ctrlC).exitCode, 130)
  const proc = { exitCode: 3, stderr: 'warn\nreal reason\n', stdout: '' }
  assert.deepEqual(describeError(proc), { message: 'command failed with exit code 3: real reason', exitCode: 1 })
  assert.deepEqual(describeError(new Error('\n  first line\nsecond')), { message: 'first line', exitCode: 1 })
  assert.equal(describeError('text').message, 'text')
})

const inside: Array<[string, string, boolean]> = [
  ['/k', '/k', true],
  ['/k', '/k/.data', true],
  ['/k', '/k/a/../.data', true],
  ['/k', '/k/../k2', false],
  ['/k', '/kk', false],
  ['/k', '/', false],
  ['/k', '/k/..data', true],
]
for (const [root, target, expected] of inside) test(`isInside(${root}, ${target}) = ${expected}`, () => assert.equal(isInside(root, target), expected))

test('assertInsideKit refuses the root itself and anything outside', () => {
  assert.equal(assertInsideKit('.data', '/k'), '/k/.data')
  assert.throws(() => assertInsideKit('.', '/k'), KitError)
  assert.throws(() => assertInsideKit('../x', '/k'), KitError)
  assert.throws(() => assertInsideKit('/etc', '/k'), KitError)
})

test('removeInsideKit: removes inside, refuses a path that resolves outside through a linked parent', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-rm-'))
  const root = path.join(base, 'kit')
  const outside = path.join(base, 'outside')
  fs.mkdirSync(path.join(root, '.data', 'x'), { recursive: true })
  fs.mkdirSync(path.join(outside, 'victim'), { recursive: true })
  assert.equal(removeInsideKit(path.join(root, '.data'), root), true)
  assert.equal(fs.existsSync(path.join(root, '.data')), false)
  assert.equal(removeInsideKit(path.join(root, '.data'), root), false, 'already gone')
  fs.symlinkSync(outside, path.join(root, 'link'))
  assert.throws(() => removeInsideKit(path.join(root, 'link', 'victim'), root), /outside the kit/)
  assert.ok(fs.existsSync(path.join(outside, 'victim')))
})

test('cleanTargets: .data only, or with --all the env file and its backups', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-ct-'))
  fs.writeFileSync(path.join(root, '.env'), '')
  fs.writeFileSync(path.join(root, '.env.bak-1'), '')
  fs.writeFileSync(path.join(root, '.env.example'), '')
  assert.deepEqual(cleanTargets({ all: false, envFile: path.join(root, '.env'), root }), [path.join(root, '.data')])
  assert.deepEqual(cleanTargets({ all: true, envFile: path.join(root, '.env'), root }).sort(), [path.join(root, '.data'), path.join(root, '.env'), path.join(root, '.env.bak-1')].sort())
})

test('cleanTargets refuses up front when --all names an env file outside the kit', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-ct-'))
  const outside = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kit-out-')), '.env')
  fs.writeFileSync(outside, 'A=1\n')
  assert.throws(() => cleanTargets({ all: true, envFile: outside, root }), (e) => e instanceof KitError && e.exitCode === 2)
  assert.deepEqual(cleanTargets({ all: false, envFile: outside, root }), [path.join(root, '.data')], 'without --all the env file is not a target')
  assert.ok(fs.existsSync(outside))
})

test('removeData: when the host may not delete container-owned data, it is wiped in a container first', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-wipe-'))
  const data = path.join(root, '.data')
  const pg = path.join(data, 'postgres')
  fs.mkdirSync(pg, { recursive: true })
  fs.writeFileSync(path.join(pg, 'PG_VERSION'), '17')
  // Tests run as root, whom nothing is denied: the first removal fails as it would for a host user.
  const denied: string[] = []
  const realRm = fs.rmSync
  let first = true
  ;(fs as { rmSync: typeof fs.rmSync }).rmSync = ((p: fs.PathLike, o?: fs.RmOptions) => {
    if (first) {
      first = false
      throw Object.assign(new Error(`EACCES: permission denied, rmdir '${p}'`), { code: 'EACCES' })
    }
    return realRm(p, o)
  }) as typeof fs.rmSync
  try {
    const removed = await removeData(data, async (dir) => {
      denied.push(dir)
      realRm(pg, { recursive: true, force: true })
    }, root)
    assert.equal(removed, true)
  } finally {
    ;(fs as { rmSync: typeof fs.rmSync }).rmSync = realRm
  }
  assert.deepEqual(denied, [data])
  assert.ok(!fs.existsSync(data))
  // Other errors are not papered over.
  fs.mkdirSync(data)
  await assert.rejects(removeData(path.join(root, '..', 'elsewhere'), async () => {}, root), KitError)
})

test('wipeInContainerArgv: root in the given image empties the bind-mounted folder', () => {
  assert.deepEqual(wipeInContainerArgv('/k/.data', 'postgres:17.6-alpine'), [
    'docker', 'run', '--rm', '--user', '0', '--entrypoint', 'sh', '-v', '/k/.data:/wipe', 'postgres:17.6-alpine', '-c', 'rm -rf /wipe/* /wipe/.[!.]* /wipe/..?*',
  ])
})

test('describeExpiry: future, past, unparseable', () => {
  const now = new Date('2026-12-04T20:00:00Z')
  assert.equal(describeExpiry('2026-12-04T20:58:00Z', now), '2026-12-04T20:58:00Z (in 58 min)')
  assert.equal(describeExpiry('2026-12-04T19:50:00Z', now), '2026-12-04T19:50:00Z (10 min ago)')
  assert.equal(describeExpiry('soon', now), null)
})

test('runMain: a closed pipe (| head) ends the script without a stack trace', () => {
  const script = `import { runMain } from './scripts/lib/errors.ts'
await runMain(async () => { for (let i = 0; i < 200000; i++) process.stdout.write('line ' + i + '\\n') })`
  const r = spawnSync('bash', ['-c', `set -o pipefail; node --import tsx --input-type=module -e "$SCRIPT" | head -n 1`], {
    cwd: KIT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, SCRIPT: script },
  })
  assert.equal(r.stdout, 'line 0\n')
  assert.equal(r.stderr, '')
  assert.equal(r.status, 0)
})
