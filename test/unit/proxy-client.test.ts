// The proxy's HTTP answers as check.ts reads them: error messages, hints,
// completion fields and connection failures.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  completionHint,
  connectErrorMessage,
  isBedrockCredentialError,
  makeProxyClient,
  proxyErrorMessage,
  readCompletion,
} from '../../scripts/lib/proxy-client.ts'

describe('proxyErrorMessage', () => {
  const cases: Array<[string, unknown, string]> = [
    ['LiteLLM error object', { error: { message: 'Authentication Error, Invalid proxy server token passed.', type: 'auth_error', code: '401' } }, 'Authentication Error, Invalid proxy server token passed.'],
    ['FastAPI detail string', { detail: 'Not Found' }, 'Not Found'],
    ['FastAPI detail object', { detail: { error: 'x' } }, '{"error":"x"}'],
    ['plain text body', 'Internal Server Error', 'Internal Server Error'],
    ['multi-line message becomes one line', { error: { message: 'line one\n  line two' } }, 'line one line two'],
    ['nothing usable', { foo: 1 }, ''],
  ]
  for (const [name, body, want] of cases) test(name, () => assert.equal(proxyErrorMessage(body), want))
  test('long messages are cut', () => assert.ok(proxyErrorMessage({ error: { message: 'x'.repeat(1000) } }).length <= 400))
})

describe('isBedrockCredentialError / completionHint', () => {
  const cases: Array<{ status: number; msg: string; bedrock: boolean; hint: RegExp | undefined }> = [
    { status: 401, msg: 'litellm.AuthenticationError: BedrockException - {"message":"The security token included in the request is expired"}', bedrock: true, hint: /make up/ },
    { status: 400, msg: 'BedrockException - ExpiredTokenException: token expired', bedrock: true, hint: /make up/ },
    { status: 403, msg: 'BedrockException - {"message":"The security token included in the request is invalid."}', bedrock: true, hint: /make up/ },
    { status: 401, msg: 'UnrecognizedClientException', bedrock: true, hint: /make up/ },
    { status: 401, msg: 'Authentication Error, Invalid proxy server token passed. Received API Key = sk-...abcd', bedrock: false, hint: /LITELLM_MASTER_KEY/ },
    { status: 400, msg: "Invalid model name passed in model=nope. Call `/v1/models` to view available models for your key.", bedrock: false, hint: /--model/ },
    { status: 400, msg: 'No connected db.', bedrock: false, hint: /LITELLM_MASTER_KEY is not the proxy's master key/ },
    { status: 500, msg: 'something else broke', bedrock: false, hint: undefined },
  ]
  for (const c of cases) {
    test(c.msg.slice(0, 60), () => {
      assert.equal(isBedrockCredentialError(c.msg), c.bedrock)
      const hint = completionHint(c.status, c.msg, 'nope')
      if (c.hint) assert.match(hint ?? '', c.hint)
      else assert.equal(hint, undefined)
    })
  }
})

describe('readCompletion', () => {
  const full = { id: 'chatcmpl-1', model: 'mock', choices: [{ message: { content: 'hi' } }], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } }
  const cases: Array<[string, unknown, string | undefined]> = [
    ['a full completion', full, 'chatcmpl-1'],
    ['no choices', { id: 'chatcmpl-2' }, 'chatcmpl-2'],
    ['no id', { choices: [] }, undefined],
    ['empty id', { id: '' }, undefined],
    ['not an object', 'oops', undefined],
  ]
  for (const [name, body, id] of cases) test(name, () => assert.equal(readCompletion(body)?.id, id))
  test('fields', () => assert.deepEqual(readCompletion(full), { id: 'chatcmpl-1', model: 'mock', content: 'hi', usage: full.usage }))
})

describe('connectErrorMessage', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['refused', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), /nothing listens at http:\/\/h/],
    ['timeout', Object.assign(new Error('x'), { name: 'TimeoutError' }), /no answer from http:\/\/h within 1\.5 s/],
    ['dns', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }), /cannot resolve/],
    ['other', new TypeError('fetch failed'), /cannot reach http:\/\/h: fetch failed/],
  ]
  for (const [name, err, want] of cases) test(name, () => assert.match(connectErrorMessage(err, 'http://h', 1500), want))
})

describe('makeProxyClient', () => {
  test('sends the master key only where asked, parses JSON and text', async () => {
    const seen: Array<{ url: string | undefined; auth: string | undefined; body: string }> = []
    const server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        seen.push({ url: req.url, auth: req.headers.authorization, body })
        if (req.url === '/text') return res.end('plain')
        res.setHeader('content-type', 'application/json')
        res.end(JSON.stringify({ ok: true }))
      })
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    try {
      const client = makeProxyClient(base, 'sk-master')
      assert.deepEqual(await client.get('/health/readiness', { auth: false, timeoutMs: 2000 }), { status: 200, body: { ok: true } })
      assert.deepEqual(await client.get('/text', { auth: true, timeoutMs: 2000 }), { status: 200, body: 'plain' })
      await client.post('/v1/chat/completions', { model: 'mock' }, { timeoutMs: 2000 })
      assert.deepEqual(
        seen.map((s) => [s.url, s.auth]),
        [['/health/readiness', undefined], ['/text', 'Bearer sk-master'], ['/v1/chat/completions', 'Bearer sk-master']],
      )
      assert.deepEqual(JSON.parse(seen[2]?.body ?? ''), { model: 'mock' })
    } finally {
      server.close()
    }
  })
  test('a closed port is a ConnectError with a readable message', async () => {
    // A port that was just free: fetch refuses well-known "bad" ports like 1 itself.
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const port = (probe.address() as AddressInfo).port
    await new Promise<void>((r) => probe.close(() => r()))
    const client = makeProxyClient(`http://127.0.0.1:${port}`, 'k')
    await assert.rejects(client.get('/', { auth: false, timeoutMs: 2000 }), { name: 'ConnectError', message: /nothing listens at http:\/\/127\.0\.0\.1:\d+ \(connection refused\)/ })
  })
})
