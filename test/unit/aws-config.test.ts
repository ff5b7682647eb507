import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseAwsConfigProfiles, parseProfileList, awsConfigPath } from '../../scripts/lib/aws-config.ts'

const cases: Array<[string, string, string[]]> = [
  ['empty', '', []],
  ['default only', '[default]\nregion = us-east-1\n', ['default']],
  ['profiles in file order', '[profile prod]\n[default]\n[profile dev]\n', ['prod', 'default', 'dev']],
  ['sso-session is not a profile', '[sso-session corp]\nsso_start_url = x\n[profile sso-dev]\nsso_session = corp\n', ['sso-dev']],
  ['comments and spaces', '# [profile commented]\n  [ profile  spaced ]  \n; [profile semi]\n[profile x] # trailing\n', ['spaced', 'x']],
  ['quoted name', '[profile "my-team"]\n', ['my-team']],
  ['CRLF', '[default]\r\n[profile a]\r\n', ['default', 'a']],
  ['duplicates once', '[profile a]\n[profile a]\n', ['a']],
  ['other sections ignored', '[services s3]\n[plugins]\n[profile a]\n', ['a']],
  ['key = value lines are not sections', 'region = [eu]\n[profile a]\n', ['a']],
]
for (const [name, text, expected] of cases) {
  test(`parseAwsConfigProfiles: ${name}`, () => assert.deepEqual(parseAwsConfigProfiles(text), expected))
}

test('parseProfileList: one name a line, blanks dropped, duplicates once', () => {
  assert.deepEqual(parseProfileList('dev\n\nprod\r\ndev\n'), ['dev', 'prod'])
  assert.deepEqual(parseProfileList(''), [])
})

test('awsConfigPath honours AWS_CONFIG_FILE, else ~/.aws/config', () => {
  assert.equal(awsConfigPath({ AWS_CONFIG_FILE: '/x/config', HOME: '/h' }), '/x/config')
  assert.equal(awsConfigPath({ HOME: '/h' }), '/h/.aws/config')
})
