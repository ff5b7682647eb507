// scripts/setup.ts in a real pseudo-terminal (tmux on a private socket), in a
// copy of the kit: arrow keys through aws-vault's profiles, defaults accepted,
// .env written; Ctrl-C half-way leaves no .env and exits cleanly (130, one line).
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'
import { execFileSync, spawnSync } from 'node:child_process'
import { makeFakeBin, type FakeBin } from '../helpers/fake-bin.ts'
import { copyKit, removeCopy } from '../helpers/kit-copy.ts'
import { plain } from './runtimes.ts'

const tmuxMissing = spawnSync('tmux', ['-V']).status === 0 ? false : 'tmux is not installed (apt-get install tmux)'
if (tmuxMissing) console.log(`setup in a terminal: ${process.env.CI === 'true' ? 'FAILING (CI=true)' : 'skipping'}: ${tmuxMissing}`)
const skip = tmuxMissing && process.env.CI !== 'true' ? tmuxMissing : false

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

interface Terminal {
  keys(...keys: string[]): void
  screen(): string
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>
  /** Exit code of the command, once it has finished. */
  waitExit(timeoutMs?: number): Promise<number>
  close(): void
}

/** Starts `command` (a shell line) in its own tmux server, 100x30, in `cwd`. */
function openTerminal(dir: string, cwd: string, command: string, env: Record<string, string>): Terminal {
  const socket = path.join(dir, 'tmux.sock')
  const exitFile = path.join(dir, `exit-${Date.now()}`)
  const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { env, encoding: 'utf8' })
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'kit', '-x', '100', '-y', '30', '-c', cwd, `${command}; echo $? > ${exitFile}; sleep 60`)
  const term: Terminal = {
    keys: (...keys) => void tmux('send-keys', '-t', 'kit', ...keys),
    // -J joins wrapped lines; -S - takes the scrollback too.
    screen: () => plain(tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'kit')),
    async waitFor(pattern, timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs
      for (;;) {
        const s = term.screen()
        if (pattern.test(s)) return s
        if (Date.now() > end) throw new Error(`timed out waiting for ${pattern}; screen:\n${s}`)
        await sleep(100)
      }
    },
    async waitExit(timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs
      while (!fs.existsSync(exitFile) || fs.readFileSync(exitFile, 'utf8').trim() === '') {
        if (Date.now() > end) throw new Error(`command did not finish; screen:\n${term.screen()}`)
        await sleep(100)
      }
      return Number(fs.readFileSync(exitFile, 'utf8').trim())
    },
    close: () => {
      try {
        tmux('kill-server')
      } catch {
        // already gone
      }
    },
  }
  return term
}

describe('setup.ts at a terminal', { skip }, () => {
  let dir: string
  let fake: FakeBin
  let env: Record<string, string>
  const kits: string[] = []
  before(() => {
    if (tmuxMissing) assert.fail(tmuxMissing)
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-tty-'))
    fake = makeFakeBin()
    env = fake.env({ FAKE_AWS_VAULT_PROFILES: 'dev,prod,sandbox', TERM: 'xterm-256color', NO_COLOR: '1', NODE_OPTIONS: undefined, TMUX: undefined, AWS_CONFIG_FILE: path.join(dir, 'no-aws-config') })
  })
  after(() => {
    for (const k of kits) removeCopy(k)
    fake?.cleanup()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })
  const newKit = () => {
    const k = copyKit()
    kits.push(k)
    return k
  }

  test('arrow keys choose a profile, Enter accepts the defaults, .env is written', async () => {
    const kit = newKit()
    const term = openTerminal(dir, kit, 'npx --no-install zx scripts/setup.ts', env)
    try {
      await term.waitFor(/aws-vault profile for Bedrock/)
      await term.waitFor(/❯ dev/)
      term.keys('Down')
      await term.waitFor(/❯ prod/)
      term.keys('Down')
      await term.waitFor(/❯ sandbox/)
      term.keys('Up')
      await term.waitFor(/❯ prod/)
      term.keys('Enter')
      await term.waitFor(/Bedrock region/)
      term.keys('Enter')
      await term.waitFor(/Bedrock model id/)
      term.keys('Enter')
      const code = await term.waitExit()
      const screen = term.screen()
      assert.equal(code, 0, screen)
      assert.match(screen, /wrote .*\.env \(mode 0600\)/)
    } finally {
      term.close()
    }
    const envFile = path.join(kit, '.env')
    assert.equal(fs.statSync(envFile).mode & 0o777, 0o600)
    const text = fs.readFileSync(envFile, 'utf8')
    const cases: Array<[string, RegExp]> = [
      ['AWS_VAULT_PROFILE', /^prod$/],
      ['AWS_REGION', /^ap-northeast-1$/],
      ['BEDROCK_MODEL_ID', /^amazon\.nova-lite-v1:0$/],
      ['CHECK_MODEL', /^nova-lite$/],
      ['LITELLM_MASTER_KEY', /^sk-[0-9a-f]{64}$/],
      ['LITELLM_SALT_KEY', /^sk-[0-9a-f]{64}$/],
      ['POSTGRES_PASSWORD', /^[A-Za-z0-9]{16,}$/],
      ['MINIO_ROOT_PASSWORD', /^[A-Za-z0-9]{8,}$/],
      ['S3_WRITER_SECRET_KEY', /^[A-Za-z0-9]{8,}$/],
    ]
    for (const [name, want] of cases) {
      const m = new RegExp(`^${name}=(.*)$`, 'm').exec(text)
      assert.ok(m, `${name} in .env`)
      assert.match(m[1]!, want, name)
    }
  })

  test('Ctrl-C half-way: no .env, exit 130, one line and no stack trace', async () => {
    const kit = newKit()
    const term = openTerminal(dir, kit, 'npx --no-install zx scripts/setup.ts', env)
    try {
      await term.waitFor(/aws-vault profile for Bedrock/)
      term.keys('Down', 'Enter')
      await term.waitFor(/Bedrock region/)
      term.keys('C-c')
      const code = await term.waitExit()
      const screen = term.screen()
      assert.equal(code, 130, screen)
      assert.doesNotMatch(screen, /\n\s+at |ExitPromptError|Error:/, screen)
      // After the prompt that was interrupted: exactly one line, the message.
      const rest = screen.slice(screen.indexOf('Bedrock region')).split('\n').slice(1).map((l) => l.trim()).filter(Boolean)
      assert.equal(rest.length, 1, screen)
      assert.match(rest[0]!, /cancelled/i)
    } finally {
      term.close()
    }
    assert.deepEqual(fs.readdirSync(kit).filter((f) => f.startsWith('.env') && f !== '.env.example'), [], 'no .env, backup or temp file')
  })
})
