// Where setup finds the aws-vault profiles: `aws-vault list --profiles`, else
// ~/.aws/config (or $AWS_CONFIG_FILE) when aws-vault is missing or fails.
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'
import { makeFakeBin } from '../helpers/fake-bin.ts'
import { run } from '../helpers/run.ts'
import { KIT_ROOT } from '../../scripts/lib/paths.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kit-profiles-'))
const config = path.join(dir, 'config')
fs.writeFileSync(config, '[default]\n[sso-session corp]\n[profile from-config]\n')
after(() => fs.rmSync(dir, { recursive: true, force: true }))

async function discover(fake: ReturnType<typeof makeFakeBin>, env: Record<string, string>) {
  const code = `import { discoverProfiles } from './scripts/lib/setup.ts'; console.log(JSON.stringify(await discoverProfiles()))`
  const r = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: KIT_ROOT, env: fake.env({ AWS_CONFIG_FILE: config, ...env }) })
  assert.equal(r.code, 0, r.stderr)
  return JSON.parse(r.stdout) as { profiles: string[]; source: string }
}

test('aws-vault answers: its list wins', async () => {
  const fake = makeFakeBin()
  const r = await discover(fake, { FAKE_AWS_VAULT_PROFILES: 'dev,prod' })
  assert.deepEqual(r, { profiles: ['dev', 'prod'], source: 'aws-vault list --profiles' })
  fake.cleanup()
})

test('aws-vault fails (locked keyring): profiles from AWS_CONFIG_FILE', async () => {
  const fake = makeFakeBin()
  const r = await discover(fake, { FAKE_AWS_VAULT_FAIL: '1' })
  assert.deepEqual(r, { profiles: ['default', 'from-config'], source: config })
  fake.cleanup()
})

test('aws-vault missing: profiles from AWS_CONFIG_FILE', async () => {
  const fake = makeFakeBin({ withoutAwsVault: true })
  const r = await discover(fake, {})
  assert.deepEqual(r.profiles, ['default', 'from-config'])
  fake.cleanup()
})
