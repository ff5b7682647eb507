import { test } from 'node:test'
import assert from 'node:assert/strict'
import { redact, redactString, isSecretName, REDACTED } from '../../scripts/lib/redact.ts'

const names: Array<[string, boolean]> = [
  ['authorization', true],
  ['Authorization', true],
  ['cookie', true],
  ['set-cookie', true],
  ['x-api-key', true],
  ['api_key', true],
  ['user_api_key', true],
  ['user_api_key_hash', true],
  ['aws_secret_access_key', true],
  ['aws_session_token', true],
  ['x-amz-security-token', true],
  ['password', true],
  ['prompt_tokens', false],
  ['completion_tokens', false],
  ['total_tokens', false],
  ['max_tokens', false],
  ['user_api_key_alias', false],
  ['user_api_key_team_alias', false],
  ['user_api_key_user_id', false],
  ['user_api_key_request_route', false],
  ['model_group', false],
]
for (const [name, secret] of names) test(`isSecretName(${name}) = ${secret}`, () => assert.equal(isSecretName(name), secret))

test('redactString: bearer tokens, sk- keys, AWS access key ids, known secrets', () => {
  assert.equal(redactString('Authorization: Bearer abc.def-123'), `Authorization: Bearer ${REDACTED}`)
  assert.equal(redactString('key sk-1234567890abcdef end'), `key sk-${REDACTED} end`)
  assert.equal(redactString('id ASIAABCDEFGHIJKLMNOP here'), `id ${REDACTED} here`)
  assert.equal(redactString('pw=hunter2hunter2;', ['hunter2hunter2']), `pw=${REDACTED};`)
  assert.equal(redactString('short abc', ['abc']), 'short abc', 'very short values are not treated as secrets')
  assert.equal(redactString('nothing to hide'), 'nothing to hide')
})

test('redact: a StandardLoggingPayload-like object keeps counts and aliases, loses secrets', () => {
  const payload = {
    id: 'chatcmpl-1',
    prompt_tokens: 10,
    metadata: {
      user_api_key_hash: 'abcdef0123',
      user_api_key_alias: 'ci-key',
      requester_metadata: { headers: { authorization: 'Bearer sk-live-xyz12345', cookie: 'session=s3cr3t', 'user-agent': 'curl' } },
    },
    messages: [{ role: 'user', content: 'my key is sk-abcdefghijklmnop and the master is MASTERKEY123' }],
    empty_token: '',
    nested_null: { api_key: null },
  }
  const out = redact(payload, ['MASTERKEY123'])
  assert.equal(out.prompt_tokens, 10)
  assert.equal(out.metadata.user_api_key_alias, 'ci-key')
  assert.equal(out.metadata.user_api_key_hash, REDACTED)
  assert.equal(out.metadata.requester_metadata.headers.authorization, REDACTED)
  assert.equal(out.metadata.requester_metadata.headers.cookie, REDACTED)
  assert.equal(out.metadata.requester_metadata.headers['user-agent'], 'curl')
  assert.equal(out.messages[0].content, `my key is sk-${REDACTED} and the master is ${REDACTED}`)
  assert.equal(out.empty_token, '')
  assert.equal(out.nested_null.api_key, null)
  assert.equal(payload.metadata.requester_metadata.headers.cookie, 'session=s3cr3t', 'the input is not modified')
  const text = JSON.stringify(out)
  for (const s of ['sk-live-xyz12345', 's3cr3t', 'MASTERKEY123', 'abcdef0123']) assert.ok(!text.includes(s), s)
})
