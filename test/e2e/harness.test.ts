// Smoke tests of the e2e harness itself: the MinIO-like S3 front, the fake
// Bedrock, and the whole stack with the kit's real LiteLLM proxy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import process from 'node:process';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { Sha256 } from '@aws-crypto/sha256-js';
import { startFakeBedrock } from './fake-bedrock.ts';
import type { FakeBedrock } from './fake-bedrock.ts';
import { rootClient, S3_REGION, startS3Server } from './s3-server.ts';
import type { S3Server } from './s3-server.ts';
import { sleep, venvMissing } from './procs.ts';
import { startStack, stopAllStacks } from './stack.ts';
import type { Stack } from './stack.ts';

const missing = venvMissing();
if (missing) {
  // Visible in the run's output, so a skip is never silent.
  console.log(`# e2e harness: ${process.env.CI === 'true' ? 'FAILING' : 'skipping'}: ${missing}`);
  if (process.env.CI === 'true') {
    test('e2e prerequisites (CI=true: the venv is required)', () => assert.fail(missing));
  }
}
const skip = missing && process.env.CI !== 'true' ? missing : false;
const ciFail = Boolean(missing && process.env.CI === 'true');

after(stopAllStacks);

async function s3ErrorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return (err as Error).name;
  }
  return 'no error';
}

async function listAll(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page: ListObjectsV2CommandOutput = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

describe('S3 front (moto + MinIO behaviours)', { skip: skip || ciFail }, () => {
  const creds = { rootUser: 'admin-e2e', rootPassword: 'root-password-e2e', writerAccessKey: 'WRITERE2E', writerSecretKey: 'writer-secret-e2e' };
  const bucket = 'litellm-log-archive';
  const prefix = 'request_logs/';
  let s3: S3Server;
  let root: S3Client;
  const client = (accessKeyId: string, secretAccessKey: string, sessionToken?: string): S3Client =>
    new S3Client({ endpoint: s3.endpoint, region: S3_REGION, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', credentials: { accessKeyId, secretAccessKey, sessionToken } });

  before(async () => {
    s3 = await startS3Server({ ...creds, bucket, prefix });
    root = rootClient(s3.endpoint, creds.rootUser, creds.rootPassword);
  });
  after(async () => {
    root?.destroy();
    await s3?.stop();
  });

  test('a session token is refused with InvalidTokenId', async () => {
    const c = client(creds.writerAccessKey, creds.writerSecretKey, 'FwoGZXIvYXdzEJr//////////session');
    assert.equal(await s3ErrorName(c.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}t.json`, Body: '{}' }))), 'InvalidTokenId');
    assert.ok(s3.requests.some((r) => r.hadSessionToken && r.status === 403));
  });

  test('an unknown access key is refused with InvalidAccessKeyId', async () => {
    const c = client('AKIAUNKNOWN', 'whatever-secret');
    assert.equal(await s3ErrorName(c.send(new ListObjectsV2Command({ Bucket: bucket }))), 'InvalidAccessKeyId');
  });

  test('a wrong secret is refused with SignatureDoesNotMatch', async () => {
    const c = client(creds.rootUser, 'not-the-password');
    assert.equal(await s3ErrorName(c.send(new ListObjectsV2Command({ Bucket: bucket }))), 'SignatureDoesNotMatch');
  });

  test('the writer may only put under the prefix', async () => {
    const w = client(creds.writerAccessKey, creds.writerSecretKey);
    await w.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}writer.json`, Body: '{"ok":true}' }));
    assert.equal(await s3ErrorName(w.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}writer.json` }))), 'AccessDenied');
    assert.equal(await s3ErrorName(w.send(new ListObjectsV2Command({ Bucket: bucket }))), 'AccessDenied');
    assert.equal(await s3ErrorName(w.send(new PutObjectCommand({ Bucket: bucket, Key: 'elsewhere/x.json', Body: '{}' }))), 'AccessDenied');
    const got = await root.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}writer.json` }));
    assert.equal(await got.Body?.transformToString(), '{"ok":true}');
  });

  test('ListObjectsV2 pages through more than 1,000 keys', async () => {
    const n = 1005;
    const keys = Array.from({ length: n }, (_, i) => `many/${String(i).padStart(5, '0')}.json`);
    for (let i = 0; i < keys.length; i += 25) {
      await Promise.all(keys.slice(i, i + 25).map((Key) => root.send(new PutObjectCommand({ Bucket: bucket, Key, Body: '{}' }))));
    }
    const first = await root.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'many/' }));
    assert.equal(first.KeyCount, 1000);
    assert.equal(first.IsTruncated, true);
    assert.deepEqual(await listAll(root, bucket, 'many/'), keys);
  });
});

// Sends exactly the signed headers (fetch would add or drop some, e.g. host).
function send(url: string, method: string, headers: Record<string, string>, body: string): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function signedConverse(
  base: string,
  creds: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  region: string,
  op: 'converse' | 'converse-stream' = 'converse',
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const url = new URL(base);
  const modelId = 'amazon.nova-lite-v1:0';
  const body = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'Say hi' }] }] });
  const signer = new SignatureV4({ service: 'bedrock', region, credentials: creds, sha256: Sha256 });
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: `/model/${encodeURIComponent(modelId)}/${op}`,
    query: {},
    headers: { host: url.host, 'content-type': 'application/json' },
    body,
  });
  return send(`${base}${signed.path}`, 'POST', signed.headers, body);
}

describe('fake Bedrock', { skip: ciFail }, () => {
  const region = 'ap-northeast-1';
  const creds = { accessKeyId: 'ASIAFAKEBEDROCK00001', secretAccessKey: 'fake-bedrock-secret', sessionToken: 'IQoJb3JpZ2luX2VjEFAKE' };
  let bedrock: FakeBedrock;
  before(async () => {
    bedrock = await startFakeBedrock({ ...creds, region });
  });
  after(async () => bedrock?.stop());

  test('accepts a good signature with the session token and answers in Converse shape', async () => {
    const res = await signedConverse(bedrock.url, creds, region);
    assert.equal(res.status, 200, res.body.toString());
    const out = JSON.parse(res.body.toString());
    assert.equal(out.stopReason, 'end_turn');
    assert.equal(out.output.message.role, 'assistant');
    assert.match(out.output.message.content[0].text, /fake Bedrock/);
    assert.equal(out.usage.totalTokens, out.usage.inputTokens + out.usage.outputTokens);
    const rec = bedrock.requests.at(-1);
    assert.equal(rec?.signatureOk, true);
    assert.equal(rec?.path, '/model/amazon.nova-lite-v1%3A0/converse');
  });

  test('rejects a bad signature, an unknown key, a missing token; expired mode', async () => {
    const cases: Array<[string, typeof creds | Omit<typeof creds, 'sessionToken'>, string, string]> = [
      ['bad secret', { ...creds, secretAccessKey: 'wrong' }, region, 'InvalidSignatureException'],
      ['wrong region', creds, 'us-east-1', 'InvalidSignatureException'],
      ['unknown key', { ...creds, accessKeyId: 'ASIAOTHER' }, region, 'UnrecognizedClientException'],
      ['no session token', { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey }, region, 'UnrecognizedClientException'],
    ];
    for (const [name, c, r, type] of cases) {
      const res = await signedConverse(bedrock.url, c, r);
      assert.equal(res.status, 403, name);
      assert.equal(res.headers['x-amzn-errortype'], type, name);
      assert.equal(typeof JSON.parse(res.body.toString()).message, 'string', name);
      assert.equal(bedrock.requests.at(-1)?.signatureOk, false, name);
    }
    bedrock.setMode('expired');
    try {
      const res = await signedConverse(bedrock.url, creds, region);
      assert.equal(res.status, 403);
      assert.equal(res.headers['x-amzn-errortype'], 'ExpiredTokenException');
      assert.equal(JSON.parse(res.body.toString()).message, 'The security token included in the request is expired');
    } finally {
      bedrock.setMode('ok');
    }
  });

  test('converse-stream answers with event-stream frames', async () => {
    const res = await signedConverse(bedrock.url, creds, region, 'converse-stream');
    assert.equal(res.status, 200);
    const codec = new EventStreamCodec((b) => new TextDecoder().decode(b), (s) => new TextEncoder().encode(s));
    const types: string[] = [];
    let text = '';
    for (let off = 0; off < res.body.length; ) {
      const len = res.body.readUInt32BE(off);
      const msg = codec.decode(new Uint8Array(res.body.subarray(off, off + len)));
      const type = String(msg.headers[':event-type']?.value);
      types.push(type);
      if (type === 'contentBlockDelta') text += JSON.parse(new TextDecoder().decode(msg.body)).delta.text;
      off += len;
    }
    assert.deepEqual(types, ['messageStart', 'contentBlockDelta', 'contentBlockDelta', 'contentBlockStop', 'messageStop', 'metadata']);
    assert.match(text, /^Hello from the fake Bedrock/);
  });
});

type Completion = { id: string; choices: Array<{ message: { content: string } }> };

async function complete(stack: Stack, model: string): Promise<{ status: number; json: Completion; text: string }> {
  const res = await fetch(`${stack.litellmUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.kitEnv.LITELLM_MASTER_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Say hi in three words' }] }),
  });
  const text = await res.text();
  return { status: res.status, json: (res.ok ? JSON.parse(text) : {}) as Completion, text };
}

const utcDate = (d: Date): string => d.toISOString().slice(0, 10);
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Waits for the archived log object of `id`; returns its key and how long it took. */
async function waitForLogObject(stack: Stack, id: string, timeoutMs: number): Promise<{ key: string; ms: number }> {
  const root = rootClient(stack.s3Endpoint, stack.kitEnv.MINIO_ROOT_USER, stack.kitEnv.MINIO_ROOT_PASSWORD);
  const t0 = Date.now();
  try {
    while (Date.now() - t0 < timeoutMs) {
      const keys = await listAll(root, stack.kitEnv.S3_LOG_BUCKET, stack.kitEnv.S3_LOG_PREFIX);
      const key = keys.find((k) => k.endsWith(`_${id}.json`));
      if (key) return { key, ms: Date.now() - t0 };
      await sleep(200);
    }
  } finally {
    root.destroy();
  }
  throw new Error(`no log object for ${id} after ${timeoutMs} ms; S3 requests: ${JSON.stringify(stack.s3.requests.slice(-5))}\n${stack.proxyLog().slice(-3000)}`);
}

async function readObject(stack: Stack, key: string): Promise<Record<string, unknown>> {
  const root = rootClient(stack.s3Endpoint, stack.kitEnv.MINIO_ROOT_USER, stack.kitEnv.MINIO_ROOT_PASSWORD);
  try {
    const got = await root.send(new GetObjectCommand({ Bucket: stack.kitEnv.S3_LOG_BUCKET, Key: key }));
    return JSON.parse((await got.Body?.transformToString()) ?? 'null') as Record<string, unknown>;
  } finally {
    root.destroy();
  }
}

function assertKeyShape(stack: Stack, key: string, id: string, started: Date): void {
  const prefix = escapeRe(stack.kitEnv.S3_LOG_PREFIX);
  const dates = new Set([utcDate(started), utcDate(new Date())]); // a request may straddle midnight
  const m = new RegExp(`^${prefix}(\\d{4}-\\d{2}-\\d{2})/time-\\d{2}-\\d{2}-\\d{2}-\\d{6}_${escapeRe(id)}\\.json$`).exec(key);
  assert.ok(m, `unexpected key ${key}`);
  assert.ok(dates.has(m[1]), `date ${m[1]} not in ${[...dates].join(',')}`);
}

describe('stack, offline (mock model)', { skip: skip || ciFail }, () => {
  let stack: Stack;
  before(async () => {
    const t0 = Date.now();
    stack = await startStack();
    console.log(`# stack (offline) ready in ${Date.now() - t0} ms`);
  });
  after(async () => stack?.stop());

  test('the container env is the compose block, offline', () => {
    const env = stack.containerEnv;
    assert.equal(env.BEDROCK_AWS_ACCESS_KEY_ID, '');
    assert.equal(env.BEDROCK_AWS_SESSION_TOKEN, '');
    assert.equal(env.AWS_SESSION_TOKEN, '');
    assert.equal(env.S3_ENDPOINT_URL, stack.s3Endpoint);
    assert.equal(env.DEFAULT_S3_FLUSH_INTERVAL_SECONDS, '2');
    assert.equal(env.DATABASE_URL, undefined);
    assert.equal(stack.litellmUrl, `http://127.0.0.1:${stack.kitEnv.LITELLM_PORT}`);
    assert.equal(stack.s3Endpoint, `http://127.0.0.1:${stack.kitEnv.MINIO_API_PORT}`);
  });

  test('mock completion is archived by the s3_v2 logger', async () => {
    const started = new Date();
    const res = await complete(stack, 'mock');
    assert.equal(res.status, 200, res.text);
    assert.match(res.json.choices[0].message.content, /mock model/);
    const budget = (Number(stack.kitEnv.S3_FLUSH_INTERVAL_SECONDS) + 3) * 1000;
    const { key, ms } = await waitForLogObject(stack, res.json.id, budget);
    console.log(`# log object after ${ms} ms: ${key}`);
    assertKeyShape(stack, key, res.json.id, started);
    const put = stack.s3.requests.find((r) => r.method === 'PUT' && r.path.endsWith(`_${res.json.id}.json`));
    assert.equal(put?.accessKey, stack.kitEnv.S3_WRITER_ACCESS_KEY, 'written with the writer key');
    assert.equal(put?.hadSessionToken, false);
    const payload = await readObject(stack, key);
    assert.equal(payload.status, 'success');
    assert.equal(payload.model_group, 'mock');
  });
});

describe('stack, aws-vault credentials (nova-lite via fake Bedrock)', { skip: skip || ciFail }, () => {
  const hostEnv = {
    AWS_VAULT: 'dev',
    AWS_ACCESS_KEY_ID: 'ASIAE2EVAULT00000001',
    AWS_SECRET_ACCESS_KEY: 'vault-secret-' + 'x'.repeat(27),
    AWS_SESSION_TOKEN: 'IQoJb3JpZ2luX2VjE2E2EsessionToken' + 'y'.repeat(40),
    AWS_CREDENTIAL_EXPIRATION: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}/, ''),
  };
  let stack: Stack;
  before(async () => {
    stack = await startStack({ hostEnv, env: { AWS_VAULT_PROFILE: 'dev', CHECK_MODEL: 'nova-lite' } });
  });
  after(async () => stack?.stop());

  test('nova-lite reaches Bedrock with a valid signature and the session token, and is archived', async () => {
    assert.equal(stack.containerEnv.BEDROCK_AWS_SESSION_TOKEN, hostEnv.AWS_SESSION_TOKEN);
    assert.equal(stack.containerEnv.AWS_SESSION_TOKEN, '');
    const started = new Date();
    const res = await complete(stack, 'nova-lite');
    assert.equal(res.status, 200, `${res.text}\n${stack.proxyLog().slice(-3000)}`);
    assert.match(res.json.choices[0].message.content, /fake Bedrock \(amazon\.nova-lite-v1:0\)/);
    const call = stack.bedrock.requests.at(-1);
    assert.ok(call, 'Bedrock was called');
    assert.equal(call.path, '/model/amazon.nova-lite-v1%3A0/converse');
    assert.equal(call.signatureOk, true);
    assert.equal(call.headers['x-amz-security-token'], hostEnv.AWS_SESSION_TOKEN);
    assert.match(String(call.headers.authorization), new RegExp(`Credential=${hostEnv.AWS_ACCESS_KEY_ID}/\\d{8}/ap-northeast-1/bedrock/aws4_request`));
    const { key } = await waitForLogObject(stack, res.json.id, (Number(stack.kitEnv.S3_FLUSH_INTERVAL_SECONDS) + 3) * 1000);
    assertKeyShape(stack, key, res.json.id, started);
    assert.ok(stack.s3.requests.every((r) => !r.hadSessionToken), 'no session token reached MinIO');
  });
});
