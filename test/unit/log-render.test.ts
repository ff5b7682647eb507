import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { LogAggregator } from '../../scripts/lib/log-aggregate.ts'
import { parseLogKey } from '../../scripts/lib/log-keys.ts'
import { summarizePayload } from '../../scripts/lib/log-payload.ts'
import { colorJson, renderList, renderShow, renderSummary, tailLine } from '../../scripts/lib/log-render.ts'
import { stripAnsi } from '../../scripts/lib/table.ts'

const payload = {
  id: 'chatcmpl-1',
  status: 'failure',
  stream: true,
  model: 'mock-gpt',
  model_group: 'mock',
  prompt_tokens: 5,
  completion_tokens: 0,
  response_cost: 0,
  startTime: 1772370000,
  endTime: 1772370002,
  completionStartTime: 1772370001,
  metadata: { user_api_key_team_alias: 'team-a', user_api_key_alias: 'alice' },
  messages: [{ role: 'user', content: 'こんにちは' }],
  response: { choices: [{ message: { content: 'partial' } }] },
  error_str: 'litellm.Timeout: too slow',
  error_information: { error_class: 'Timeout', error_code: '408' },
  guardrail_information: [{ guardrail_name: 'pii', guardrail_status: 'success', duration: 0.01 }],
}
const key = parseLogKey('request_logs/team-a/alice/2026-03-01/time-13-00-00-000000_chatcmpl-1.json', 'request_logs/')
const s = summarizePayload(payload, key)

describe('log views', () => {
  it('list table', () => {
    const lines = renderList([s]).map(stripAnsi)
    assert.match(lines[0]!, /^time \(UTC\)\s+model\s+status\s+in\s+out\s+cost\s+latency\s+team\/key\s+id$/)
    assert.match(lines[1]!, /^2026-03-01 13:00:00\s+mock\s+failure~\s+5\s+0\s+\$0\s+2\.00s\s+team-a\/alice\s+chatcmpl-1$/)
  })
  it('tail line', () => {
    assert.equal(stripAnsi(tailLine(s)), '13:00:00  mock  failure stream  5→0 tok  $0  2.00s  team-a/alice  chatcmpl-1  litellm.Timeout: too slow')
  })
  it('show view has the readable parts', () => {
    const text = renderShow(payload, s, key).map(stripAnsi).join('\n')
    for (const part of ['chatcmpl-1  failure  streamed', 'object:   request_logs/team-a/alice/', 'key:      team team-a, key alice', 'first token 1.00s', 'Timeout, code 408', 'messages (1)', 'こんにちは', 'response\n  partial', 'pii: success']) {
      assert.ok(text.includes(part), `missing ${JSON.stringify(part)} in\n${text}`)
    }
  })
  it('summary table with bars', () => {
    const a = new LogAggregator()
    a.add({ ...s, status: 'success' })
    a.add(s)
    a.add({ ...s, modelGroup: 'nova-lite', cost: 2 })
    const lines = renderSummary(a.rows(), 'requests', 10).map(stripAnsi)
    assert.equal(lines.length, 3)
    assert.match(lines[1]!, /^2026-03-01\s+mock\s+2\s+1 .*██████████$/)
    assert.match(lines[2]!, /^2026-03-01\s+nova-lite\s+1\s+1 .*█████$/)
    const byCost = renderSummary(a.rows(), 'cost', 10).map(stripAnsi)
    assert.match(byCost[2]!, /██████████$/)
  })
  it('colorJson stays valid JSON once colours are stripped', () => {
    const v = { a: 'x: "y"', b: [1, -2.5e3, true, null], c: { 'k:': 'v' } }
    assert.deepEqual(JSON.parse(stripAnsi(colorJson(v))), v)
  })
})
