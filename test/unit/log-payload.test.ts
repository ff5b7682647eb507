import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseLogKey } from '../../scripts/lib/log-keys.ts'
import { contentText, readableError, readableGuardrails, readableMessages, responseText, summarizePayload } from '../../scripts/lib/log-payload.ts'

const base = {
  id: 'chatcmpl-1',
  status: 'success',
  stream: false,
  model: 'amazon.nova-lite-v1:0',
  model_group: 'nova-lite',
  prompt_tokens: 12,
  completion_tokens: 34,
  total_tokens: 46,
  response_cost: 0.0012,
  startTime: 1772370000.25,
  endTime: 1772370001.5,
  completionStartTime: 1772370000.75,
  metadata: { user_api_key_team_alias: 'team-a', user_api_key_alias: 'alice' },
  error_str: null,
}

describe('summarizePayload', () => {
  const cases: { name: string; payload: unknown; key?: string; want: Record<string, unknown> }[] = [
    {
      name: 'success',
      payload: base,
      want: { id: 'chatcmpl-1', modelGroup: 'nova-lite', status: 'success', promptTokens: 12, completionTokens: 34, totalTokens: 46, cost: 0.0012, latencyMs: 1250, ttftMs: null, team: 'team-a', keyAlias: 'alice', start: '2026-03-01T13:00:00.250Z', error: null },
    },
    { name: 'streamed: time to first token', payload: { ...base, stream: true }, want: { stream: true, ttftMs: 500 } },
    {
      name: 'failure: first line of error_str',
      payload: { ...base, status: 'failure', error_str: '\nlitellm.RateLimitError: slow down\nTraceback…' },
      want: { status: 'failure', error: 'litellm.RateLimitError: slow down' },
    },
    { name: 'no status but an error', payload: { id: 'x', error_str: 'boom' }, want: { status: 'failure', modelGroup: '?', latencyMs: null, promptTokens: 0 } },
    { name: 'model group falls back to model', payload: { ...base, model_group: null }, want: { modelGroup: 'amazon.nova-lite-v1:0' } },
    {
      name: 'missing fields come from the key',
      payload: { status: 'success' },
      key: 'p/t/k/2026-03-01/time-13-00-00-250000_chatcmpl-k.json',
      want: { id: 'chatcmpl-k', start: '2026-03-01T13:00:00.250Z', date: '2026-03-01', team: 't', keyAlias: 'k', key: 'p/t/k/2026-03-01/time-13-00-00-250000_chatcmpl-k.json' },
    },
    { name: 'not an object', payload: 'garbage', want: { id: '?', status: 'success', cost: 0 } },
    { name: 'wrong types are ignored', payload: { ...base, prompt_tokens: '12', response_cost: null, metadata: 'x' }, want: { promptTokens: 0, cost: 0, team: null } },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const s = summarizePayload(c.payload, c.key ? parseLogKey(c.key, 'p/') : null)
      for (const [k, v] of Object.entries(c.want)) assert.deepEqual((s as unknown as Record<string, unknown>)[k], v, k)
    })
  }
})

describe('contentText', () => {
  const cases: [string, unknown, string][] = [
    ['string', 'hi', 'hi'],
    ['null', null, ''],
    ['text parts', [{ type: 'text', text: 'a' }, { type: 'image_url', image_url: { url: 'data:…' } }, { type: 'text', text: 'b' }], 'a\n[image_url]\nb'],
    ['unicode', 'こんにちは 🌸', 'こんにちは 🌸'],
    ['object', { x: 1 }, '{"x":1}'],
  ]
  for (const [name, input, want] of cases) it(name, () => assert.equal(contentText(input), want))
})

describe('readableMessages', () => {
  const cases: [string, unknown, { role: string; text: string }[]][] = [
    ['chat', [{ role: 'system', content: 's' }, { role: 'user', content: 'u' }], [{ role: 'system', text: 's' }, { role: 'user', text: 'u' }]],
    ['text completion prompt', 'once upon', [{ role: 'prompt', text: 'once upon' }]],
    [
      'tool calls',
      [{ role: 'assistant', content: null, tool_calls: [{ function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }] }],
      [{ role: 'assistant', text: '→ get_weather({"city":"Tokyo"})' }],
    ],
    ['nothing', null, []],
  ]
  for (const [name, input, want] of cases) it(name, () => assert.deepEqual(readableMessages(input), want))
})

describe('responseText', () => {
  const cases: [string, unknown, string][] = [
    ['chat completion', { choices: [{ message: { role: 'assistant', content: 'hello' } }] }, 'hello'],
    ['two choices', { choices: [{ message: { content: 'a' } }, { message: { content: 'b' } }] }, 'a\n---\nb'],
    ['text completion', { choices: [{ text: 'abc' }] }, 'abc'],
    ['empty (failure)', {}, ''],
    ['null', null, ''],
    ['string', 'raw', 'raw'],
    ['other object', { data: [1] }, '{"data":[1]}'],
  ]
  for (const [name, input, want] of cases) it(name, () => assert.equal(responseText(input), want))
})

describe('errors and guardrails', () => {
  it('readableError', () => {
    assert.equal(readableError(base), null)
    assert.deepEqual(readableError({ error_str: 'boom', error_information: { error_class: 'APIError', error_code: 500 } }), { message: 'boom', class: 'APIError', code: '500' })
  })
  it('readableGuardrails', () => {
    assert.deepEqual(readableGuardrails([{ guardrail_name: 'pii', guardrail_status: 'guardrail_intervened', guardrail_mode: 'pre_call', duration: 0.02, guardrail_response: { masked: 1 } }, 'junk']), [
      { name: 'pii', status: 'guardrail_intervened', mode: 'pre_call', durationMs: 20, detail: '{"masked":1}' },
    ])
    assert.deepEqual(readableGuardrails(null), [])
  })
})
