// A stand-in for the Bedrock runtime's Converse API on 127.0.0.1. It checks
// SigV4 like AWS does, so a test proves LiteLLM sent aws-vault's keys (and the
// session token), not merely that some request arrived.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { readBody, verifySigV4 } from './sigv4.ts';

// @smithy/util-utf8 is only a transitive dependency; the platform codecs do the same.
const fromUtf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const toUtf8 = (b: Uint8Array): string => new TextDecoder().decode(b);

export type FakeBedrockOptions = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
};

export type FakeBedrockMode = 'ok' | 'expired';

export type BedrockRequestRecord = {
  path: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  signatureOk: boolean;
};

export type FakeBedrock = {
  url: string;
  requests: BedrockRequestRecord[];
  setMode(mode: FakeBedrockMode): void;
  stop(): Promise<void>;
};

const ROUTE = /^\/model\/([^/]+)\/(converse|converse-stream)$/;

const MESSAGES = {
  unknownKey: 'The security token included in the request is invalid.',
  badSignature:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  expired: 'The security token included in the request is expired',
  missing: 'Missing Authentication Token',
};

function awsError(res: ServerResponse, status: number, type: string, message: string): void {
  const body = JSON.stringify({ message });
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-amzn-errortype': type,
    'x-amzn-requestid': crypto.randomUUID(),
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

type ConverseRequest = { messages?: Array<{ content?: Array<{ text?: string }> }>; system?: Array<{ text?: string }> };

// Rough, deterministic token counts: whitespace-separated words.
const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

function replyFor(modelId: string, body: ConverseRequest): { text: string; inputTokens: number; outputTokens: number } {
  const texts = [...(body.system ?? []), ...(body.messages ?? []).flatMap((m) => m.content ?? [])]
    .map((c) => c.text ?? '')
    .join(' ');
  const text = `Hello from the fake Bedrock (${modelId}).`;
  return { text, inputTokens: Math.max(1, words(texts)), outputTokens: words(text) };
}

export async function startFakeBedrock(opts: FakeBedrockOptions): Promise<FakeBedrock> {
  let mode: FakeBedrockMode = 'ok';
  const requests: BedrockRequestRecord[] = [];
  const codec = new EventStreamCodec(toUtf8, fromUtf8);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0];
    let body: unknown = raw.toString('utf8');
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      // kept as text: the record shows what was sent
    }
    const check = verifySigV4(req, raw, opts.secretAccessKey, { s3Rules: false });
    const parsed = check.parsed;
    // A valid request: known key, right scope, matching signature and exactly the expected session token.
    const scopeOk = parsed !== undefined && parsed.region === opts.region && parsed.service === 'bedrock';
    const tokenOk = (parsed?.sessionToken ?? undefined) === (opts.sessionToken || undefined);
    const keyOk = parsed?.accessKey === opts.accessKeyId;
    const signatureOk = check.ok && scopeOk && tokenOk && keyOk;
    requests.push({ path, body, headers: { ...req.headers }, signatureOk });

    const route = ROUTE.exec(path);
    if (req.method !== 'POST' || !route) {
      awsError(res, 404, 'UnknownOperationException', `Unknown operation ${req.method} ${path}`);
      return;
    }
    if (!check.ok && check.reason === 'missing') return awsError(res, 403, 'MissingAuthenticationTokenException', MESSAGES.missing);
    if (!keyOk || !tokenOk) return awsError(res, 403, 'UnrecognizedClientException', MESSAGES.unknownKey);
    if (mode === 'expired') return awsError(res, 403, 'ExpiredTokenException', MESSAGES.expired);
    if (!check.ok || !scopeOk) return awsError(res, 403, 'InvalidSignatureException', MESSAGES.badSignature);
    if (typeof body !== 'object' || body === null || !Array.isArray((body as ConverseRequest).messages)) {
      return awsError(res, 400, 'ValidationException', 'Malformed input request: messages is required');
    }

    const modelId = decodeURIComponent(route[1]);
    const { text, inputTokens, outputTokens } = replyFor(modelId, body as ConverseRequest);
    const usage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
    if (route[2] === 'converse') {
      const out = JSON.stringify({
        output: { message: { role: 'assistant', content: [{ text }] } },
        stopReason: 'end_turn',
        usage,
        metrics: { latencyMs: 5 },
      });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out), 'x-amzn-requestid': crypto.randomUUID() });
      res.end(out);
      return;
    }
    // converse-stream: AWS event-stream frames, one event per frame.
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': crypto.randomUUID() });
    const event = (type: string, payload: unknown): Uint8Array =>
      codec.encode({
        headers: {
          ':event-type': { type: 'string', value: type },
          ':content-type': { type: 'string', value: 'application/json' },
          ':message-type': { type: 'string', value: 'event' },
        },
        body: fromUtf8(JSON.stringify(payload)),
      });
    const half = Math.ceil(text.length / 2);
    res.write(event('messageStart', { role: 'assistant' }));
    res.write(event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: text.slice(0, half) } }));
    res.write(event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: text.slice(half) } }));
    res.write(event('contentBlockStop', { contentBlockIndex: 0 }));
    res.write(event('messageStop', { stopReason: 'end_turn' }));
    res.end(event('metadata', { usage, metrics: { latencyMs: 5 } }));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) awsError(res, 500, 'InternalServerException', String(err));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setMode(m) {
      mode = m;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
