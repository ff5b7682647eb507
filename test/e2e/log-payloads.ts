// Generated request logs in LiteLLM 1.82.3's StandardLoggingPayload shape,
// stored under the keys its s3_v2 logger writes, for the logs e2e test and
// the benchmark.
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { mapBounded } from '../../scripts/lib/bounded-map.ts'

export interface FakeRequest {
  id: string
  start: Date
  latencyMs?: number
  modelGroup?: string
  status?: 'success' | 'failure'
  stream?: boolean
  team?: string
  keyAlias?: string
  prompt?: string
  answer?: string
  promptTokens?: number
  completionTokens?: number
  cost?: number
  error?: string
  headers?: Record<string, string>
  guardrail?: boolean
}

const two = (n: number) => String(n).padStart(2, '0')

/** `<prefix>[team/][key/]<YYYY-MM-DD>/time-<HH-MM-SS-ffffff>_<id>.json`, as s3_v2 writes it (UTC). */
export function logKeyFor(prefix: string, r: Pick<FakeRequest, 'id' | 'start' | 'team' | 'keyAlias'>): string {
  const d = r.start
  const date = `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`
  const time = `${two(d.getUTCHours())}-${two(d.getUTCMinutes())}-${two(d.getUTCSeconds())}-${String(d.getUTCMilliseconds() * 1000).padStart(6, '0')}`
  const aliases = [r.team, r.keyAlias].filter(Boolean).map((a) => `${a}/`).join('')
  const base = prefix.replace(/\/+$/, '')
  return `${base ? `${base}/` : ''}${aliases}${date}/time-${time}_${r.id}.json`
}

export function payloadFor(r: FakeRequest): Record<string, unknown> {
  const startSec = r.start.getTime() / 1000
  const latency = (r.latencyMs ?? 800) / 1000
  const failed = r.status === 'failure'
  const prompt = r.promptTokens ?? (failed ? 0 : 10)
  const completion = r.completionTokens ?? (failed ? 0 : 20)
  const modelGroup = r.modelGroup ?? 'mock'
  return {
    id: r.id,
    trace_id: `trace-${r.id}`,
    call_type: 'acompletion',
    stream: r.stream ?? false,
    response_cost: r.cost ?? (failed ? 0 : 0.000123),
    cost_breakdown: null,
    response_cost_failure_debug_info: null,
    status: failed ? 'failure' : 'success',
    status_fields: { llm_api_status: failed ? 'failure' : 'success', guardrail_status: r.guardrail ? 'guardrail_intervened' : 'not_run' },
    custom_llm_provider: modelGroup === 'nova-lite' ? 'bedrock' : 'openai',
    total_tokens: prompt + completion,
    prompt_tokens: prompt,
    completion_tokens: completion,
    startTime: startSec,
    endTime: startSec + latency,
    completionStartTime: startSec + (r.stream ? latency / 4 : latency),
    response_time: latency,
    model_map_information: { model_map_key: modelGroup, model_map_value: null },
    model: modelGroup === 'nova-lite' ? 'amazon.nova-lite-v1:0' : 'mock-gpt',
    model_id: 'd3adb33f',
    model_group: modelGroup,
    api_base: modelGroup === 'nova-lite' ? 'https://bedrock-runtime.ap-northeast-1.amazonaws.com' : '',
    metadata: {
      user_api_key_hash: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
      user_api_key_alias: r.keyAlias ?? null,
      user_api_key_team_alias: r.team ?? null,
      user_api_key_team_id: r.team ? `team-${r.team}` : null,
      user_api_key_user_id: 'default_user_id',
      user_api_key_spend: 0.5,
      user_api_key_max_budget: null,
      requester_ip_address: '127.0.0.1',
      requester_metadata: r.headers ? { headers: r.headers } : {},
      requester_custom_headers: {},
      applied_guardrails: r.guardrail ? ['pii-mask'] : [],
      usage_object: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    },
    cache_hit: null,
    cache_key: null,
    saved_cache_cost: 0,
    request_tags: [],
    end_user: null,
    requester_ip_address: '127.0.0.1',
    user_agent: 'e2e/1.0',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: r.prompt ?? `question ${r.id}` },
    ],
    response: failed
      ? {}
      : {
          id: r.id,
          object: 'chat.completion',
          created: Math.floor(startSec),
          model: 'mock-gpt',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: r.answer ?? `answer ${r.id}` } }],
          usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
        },
    error_str: failed ? (r.error ?? 'litellm.BadRequestError: something failed') : null,
    error_information: failed ? { error_code: '400', error_class: 'BadRequestError', llm_provider: 'openai', traceback: '', error_message: r.error ?? 'something failed' } : null,
    model_parameters: { temperature: 0 },
    hidden_params: { model_id: 'd3adb33f', cache_key: null, api_base: null, response_cost: null, litellm_overhead_time_ms: 1.5 },
    guardrail_information: r.guardrail
      ? [{ guardrail_name: 'pii-mask', guardrail_mode: 'pre_call', guardrail_status: 'guardrail_intervened', duration: 0.012, guardrail_response: 'masked 1 PHONE' }]
      : null,
    standard_built_in_tools_params: null,
  }
}

/** Uploads the requests' payloads (PUTs `concurrency` at a time); returns the keys. */
export async function uploadRequests(client: S3Client, bucket: string, prefix: string, reqs: Iterable<FakeRequest>, concurrency = 32): Promise<string[]> {
  const keys: string[] = []
  for await (const key of mapBounded(reqs, concurrency, async (r) => {
    const key = logKeyFor(prefix, r)
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(payloadFor(r)), ContentType: 'application/json' }))
    return key
  })) {
    keys.push(key)
  }
  return keys
}
