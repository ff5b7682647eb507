// The outside stays true: .env.example documents the catalogue setup writes,
// the Makefile lists every contract target, the layout matches the contract.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { ENV_VARS, DEFAULT_IMAGES } from '../../scripts/lib/env-vars.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8')

test('.env.example documents every variable setup writes, each with a comment above it', () => {
  const lines = example.split('\n')
  for (const v of ENV_VARS) {
    const i = lines.findIndex((l) => l.startsWith(`${v.name}=`))
    assert.ok(i >= 0, `${v.name} missing from .env.example`)
    // A comment directly above, or the variable sits in a commented group.
    const above = lines.slice(Math.max(0, i - 4), i).some((l) => l.startsWith('#'))
    assert.ok(above, `${v.name} has no comment`)
  }
  const names = lines.map((l) => /^([A-Z0-9_]+)=/.exec(l)?.[1]).filter(Boolean)
  assert.deepEqual(names, ENV_VARS.map((v) => v.name), 'same variables, same order as setup writes them')
  assert.doesNotMatch(example, /^(LITELLM_MASTER_KEY|LITELLM_SALT_KEY|POSTGRES_PASSWORD|MINIO_ROOT_PASSWORD|S3_WRITER_SECRET_KEY)=.+$/m, 'no secret values')
})

test('default images agree between .env.example, setup and the compose file', () => {
  const compose = fs.readFileSync(path.join(root, 'compose', 'docker-compose.yaml'), 'utf8')
  for (const [name, image] of Object.entries(DEFAULT_IMAGES)) {
    assert.ok(example.includes(`${name}=${image}\n`), `${name} in .env.example`)
    assert.ok(compose.includes(`\${${name}:-${image}}`), `${name} default in compose`)
  }
})

test('make help lists every contract target with a description; help is the default', () => {
  const r = spawnSync('make', ['-s', '-C', root], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  for (const t of ['help', 'setup', 'up', 'down', 'check', 'logs', 'clean', 'test', 'doctor']) {
    assert.match(r.stdout, new RegExp(`^  make ${t}\\s+\\S`, 'm'), `target ${t}`)
  }
})

test('layout of the contract exists', () => {
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', '.npmrc', 'Makefile', 'README.md', '.env.example', '.gitignore', 'compose/docker-compose.yaml', 'litellm/config.yaml', 'minio/init.sh', '.ci/run']) {
    assert.ok(fs.existsSync(path.join(root, f)), f)
  }
  for (const s of ['setup', 'up', 'down', 'check', 'logs', 'clean', 'doctor']) assert.ok(fs.existsSync(path.join(root, 'scripts', `${s}.ts`)), `scripts/${s}.ts`)
  assert.match(fs.readFileSync(path.join(root, '.npmrc'), 'utf8'), /^node-options=--import=tsx$/m)
  const ignore = fs.readFileSync(path.join(root, '.gitignore'), 'utf8')
  for (const p of ['.env', '.data/', 'node_modules/', '.venv/']) assert.ok(ignore.split('\n').includes(p), `.gitignore has ${p}`)
})
