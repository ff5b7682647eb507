import { test } from 'node:test'
import assert from 'node:assert/strict'
import { composeArgv, composeByNameArgv, planUp, expiryProbeArgv } from '../../scripts/lib/compose.ts'
import { KitError } from '../../scripts/lib/errors.ts'

const target = { root: '/k', composeFile: '/k/compose/docker-compose.yaml', envFile: '/k/.env' }
const compose = ['docker', 'compose', '--project-directory', '/k', '-f', '/k/compose/docker-compose.yaml', '--env-file', '/k/.env']

test('composeArgv: project directory, file and env file of the kit', () => {
  assert.deepEqual(composeArgv(target, 'down'), [...compose, 'down'])
  assert.deepEqual(composeByNameArgv('p', 'down'), ['docker', 'compose', '--project-name', 'p', 'down'])
})

const cases: Array<[string, string | undefined, string | undefined, string[] | RegExp, string?, string?]> = [
  ['offline', undefined, undefined, [...compose, 'up', '-d', '--wait'], 'offline'],
  ['offline, blank profile', '  ', undefined, [...compose, 'up', '-d', '--wait'], 'offline'],
  ['offline inside any aws-vault shell', '', 'prod', [...compose, 'up', '-d', '--wait'], 'offline'],
  ['profile', 'dev', undefined, ['aws-vault', 'exec', 'dev', '--', ...compose, 'up', '-d', '--wait'], 'aws-vault'],
  ['profile with the region of .env', 'dev', undefined, ['aws-vault', 'exec', '--region', 'eu-west-1', 'dev', '--', ...compose, 'up', '-d', '--wait'], 'aws-vault', 'eu-west-1'],
  ['inside the same profile, region left to that shell', 'dev', 'dev', [...compose, 'up', '-d', '--wait'], 'inside-aws-vault', 'eu-west-1'],
  ['inside the same profile', 'dev', 'dev', [...compose, 'up', '-d', '--wait'], 'inside-aws-vault'],
  ['inside another profile', 'dev', 'prod', /profile "prod", but AWS_VAULT_PROFILE is "dev"/],
]
for (const [name, profile, awsVault, expected, mode, region] of cases) {
  test(`planUp: ${name}`, () => {
    if (expected instanceof RegExp) {
      assert.throws(() => planUp({ profile, awsVault, region, target }), (e) => e instanceof KitError && e.exitCode === 2 && expected.test(e.message))
      return
    }
    const plan = planUp({ profile, awsVault, region, target })
    assert.deepEqual(plan.argv, expected)
    assert.equal(plan.mode, mode)
  })
}

test('expiryProbeArgv asks aws-vault for the expiry only', () => {
  assert.deepEqual(expiryProbeArgv('dev'), ['aws-vault', 'exec', 'dev', '--', 'sh', '-c', 'printf %s "$AWS_CREDENTIAL_EXPIRATION"'])
})
