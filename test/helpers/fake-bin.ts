// Fake `docker` and `aws-vault` executables for tests: they record what the
// kit's scripts ask of them (argv, env, cwd) as JSON lines and act just enough
// like the real tools. Only the edges we cannot reach here are faked.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'

export interface Call {
  tool: 'docker' | 'aws-vault'
  argv: string[]
  env: Record<string, string>
  cwd: string
}

export interface FakeBin {
  dir: string
  logFile: string
  /** PATH with the fakes first (node stays reachable). */
  path: string
  /** Environment for a child process that should meet the fakes. */
  env(extra?: Record<string, string | undefined>): Record<string, string>
  calls(): Call[]
  reset(): void
  cleanup(): void
}

// One Node program plays both tools; the name it was called by decides which.
const FAKE_SOURCE = String.raw`
import fs from 'node:fs'
import { spawnSync } from 'node:child_process'
const tool = process.env.FAKE_TOOL
delete process.env.FAKE_TOOL
const args = process.argv.slice(2)
fs.appendFileSync(process.env.FAKE_LOG, JSON.stringify({ tool, argv: args, env: process.env, cwd: process.cwd() }) + '\n')
const out = (s) => process.stdout.write(s)
if (tool === 'docker') {
  if (process.env.FAKE_DOCKER_MISSING_COMPOSE && args[0] === 'compose') { process.stderr.write("docker: 'compose' is not a docker command.\n"); process.exit(1) }
  if (args[0] === 'info') {
    if (process.env.FAKE_DOCKER_ENGINE === 'down') { process.stderr.write('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n'); process.exit(1) }
    out(args.includes('--format') ? '28.2.2\n' : '{"ServerVersion":"28.2.2"}\n'); process.exit(0)
  }
  if (args[0] === '--version') { out('Docker version 28.2.2, build e6534b4\n'); process.exit(0) }
  if (args[0] === 'compose' && args.includes('version')) { out((process.env.FAKE_COMPOSE_VERSION || 'v2.39.1').replace(/^v?/, args.includes('--short') ? '' : 'Docker Compose version v') + '\n'); process.exit(0) }
  if (args[0] === 'compose' && args.includes('ps')) { out(process.env.FAKE_DOCKER_PS || ''); process.exit(0) }
  process.exit(Number(process.env.FAKE_DOCKER_EXIT || 0))
}
if (tool === 'aws-vault') {
  if (args[0] === '--version') { out((process.env.FAKE_AWS_VAULT_VERSION || 'v7.13.2') + '\n'); process.exit(0) }
  if (args[0] === 'list') {
    if (process.env.FAKE_AWS_VAULT_FAIL) { process.stderr.write('aws-vault: error: keyring locked\n'); process.exit(1) }
    out((process.env.FAKE_AWS_VAULT_PROFILES || '').split(',').filter(Boolean).join('\n') + '\n'); process.exit(0)
  }
  if (args[0] === 'exec') {
    // aws-vault exec [--region R] <profile> -- cmd...
    let i = 1
    let region = process.env.FAKE_AWS_VAULT_REGION || 'ap-northeast-1'
    while (args[i] && args[i].startsWith('--') && args[i] !== '--') {
      if (args[i] === '--region') region = args[++i]
      i++
    }
    const profile = args[i]
    if (process.env.AWS_VAULT) { process.stderr.write('aws-vault: error: exec: running in an existing aws-vault subshell; \'exit\' from the subshell or unset AWS_VAULT to force\n'); process.exit(1) }
    const sep = args.indexOf('--')
    const cmd = args.slice(sep + 1)
    const env = { ...process.env }
    for (const k of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_SECURITY_TOKEN', 'AWS_PROFILE']) delete env[k]
    Object.assign(env, {
      AWS_VAULT: profile,
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ACCESS_KEY_ID: 'ASIAFAKEVAULTKEY0001',
      AWS_SECRET_ACCESS_KEY: 'fake-vault-secret-access-key-0123456789',
      AWS_SESSION_TOKEN: 'fake-vault-session-token-abcdef0123456789',
      AWS_CREDENTIAL_EXPIRATION: process.env.FAKE_AWS_VAULT_EXPIRATION || '2026-12-04T21:00:00Z',
    })
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env })
    process.exit(r.status === null ? 1 : r.status)
  }
  process.exit(0)
}
`

export function makeFakeBin(opts: { withoutAwsVault?: boolean; withoutDocker?: boolean } = {}): FakeBin {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-fakebin-'))
  const logFile = path.join(dir, 'calls.jsonl')
  const impl = path.join(dir, 'fake.mjs')
  fs.writeFileSync(impl, FAKE_SOURCE)
  const tools = (['docker', 'aws-vault'] as const).filter((t) => !(t === 'docker' ? opts.withoutDocker : opts.withoutAwsVault))
  for (const tool of tools) {
    const file = path.join(dir, tool)
    fs.writeFileSync(file, `#!/bin/sh\nFAKE_TOOL=${tool} exec "${process.execPath}" "${impl}" "$@"\n`)
    fs.chmodSync(file, 0o755)
  }
  fs.writeFileSync(logFile, '')
  // node's own folder, then the usual system ones; deliberately no real docker/aws-vault.
  const nodeDir = path.dirname(process.execPath)
  const binPath = [dir, nodeDir, '/usr/local/sbin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']
    .filter((p, i, a) => a.indexOf(p) === i)
    .join(path.delimiter)
  return {
    dir,
    logFile,
    path: binPath,
    env(extra = {}) {
      const base: Record<string, string> = {}
      for (const [k, v] of Object.entries(process.env)) {
        if (v !== undefined && !k.startsWith('AWS_') && !k.startsWith('FAKE_') && !k.startsWith('npm_')) base[k] = v
      }
      const merged: Record<string, string | undefined> = { ...base, PATH: binPath, FAKE_LOG: logFile, ...extra }
      return Object.fromEntries(Object.entries(merged).filter((e): e is [string, string] => e[1] !== undefined))
    },
    calls() {
      return fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Call)
    },
    reset() {
      fs.writeFileSync(logFile, '')
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
