// A real S3 server for the e2e tests without Docker: moto's server mode from
// the kit's .venv, behind a small Node front that adds the MinIO behaviours the
// kit depends on (moto accepts any credentials and ignores signatures):
//   - a session token on a request -> 403 InvalidTokenId (MinIO has no STS for these keys)
//   - unknown access key -> 403 InvalidAccessKeyId; bad signature -> 403 SignatureDoesNotMatch
//   - the writer key may only PutObject under <bucket>/<prefix>*, as minio/init.sh's policy says
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { makeS3Client } from '../../scripts/lib/s3.ts';
import { freePort, kitRoot, spawnManaged, tail, venvBin, waitUntil } from './procs.ts';
import { parseSigV4, readBody, sha256Hex, splitUrl, verifySigV4 } from './sigv4.ts';

export type S3ServerOptions = {
  rootUser: string;
  rootPassword: string;
  writerAccessKey: string;
  writerSecretKey: string;
  bucket: string;
  prefix: string;
  createBucket?: boolean;
  startTimeoutMs?: number;
  /** The front's port (default: any free one), e.g. to match MINIO_API_PORT of a .env. */
  port?: number;
};

export type S3RequestRecord = {
  method: string;
  path: string;
  query: string;
  status: number;
  accessKey: string | undefined;
  hadSessionToken: boolean;
  /** The S3 error code the front answered with, when it refused the request itself. */
  error?: string;
};

export type S3Server = {
  endpoint: string;
  /** moto's own address, behind the front (no auth checks there). */
  backend: string;
  requests: S3RequestRecord[];
  motoLog(): string;
  stop(): Promise<void>;
};

// MinIO's region unless configured otherwise; clients must sign for it.
export const S3_REGION = 'us-east-1';

const ERRORS: Record<string, [number, string]> = {
  InvalidTokenId: [403, 'The security token included in the request is invalid'],
  InvalidAccessKeyId: [403, 'The Access Key Id you provided does not exist in our records.'],
  SignatureDoesNotMatch: [403, 'The request signature we calculated does not match the signature you provided. Check your key and signing method.'],
  AccessDenied: [403, 'Access Denied.'],
  AuthorizationHeaderMalformed: [400, `The authorization header is malformed; the region is wrong; expecting '${S3_REGION}'.`],
  AuthorizationQueryParametersError: [400, 'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed.'],
  RequestTimeTooSkewed: [403, "The difference between the request time and the server's time is too large."],
  XAmzContentSHA256Mismatch: [400, "The provided 'x-amz-content-sha256' header does not match what was computed."],
};

const xmlEscape = (s: string): string => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function s3Error(req: IncomingMessage, res: ServerResponse, code: string, bucket: string, key: string): number {
  const [status, message] = ERRORS[code];
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>` +
    (key ? `<Key>${xmlEscape(key)}</Key>` : '') +
    (bucket ? `<BucketName>${xmlEscape(bucket)}</BucketName>` : '') +
    `<Resource>${xmlEscape(splitUrl(req.url ?? '/').path)}</Resource>` +
    `<RequestId>${Date.now().toString(16).toUpperCase()}</RequestId><HostId>dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8</HostId></Error>`;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body), 'x-minio-error-code': code });
  // HEAD answers carry no body, as in S3.
  res.end(req.method === 'HEAD' ? undefined : body);
  return status;
}

// Path-style only, like the kit's clients (forcePathStyle, LiteLLM's endpoint URL).
function target(rawPath: string): { bucket: string; key: string } {
  const parts = rawPath.replace(/^\//, '').split('/');
  const bucket = decodeURIComponent(parts[0] ?? '');
  const key = parts.length > 1 ? decodeURIComponent(parts.slice(1).join('/')) : '';
  return { bucket, key };
}

// What the writer's policy ({"Action": ["s3:PutObject"], "Resource": "<bucket>/<prefix>*"}) allows:
// plain PUTs and the multipart calls S3 authorizes as s3:PutObject, never copies, ACLs or tags.
function writerAllowed(method: string, query: Array<[string, string]>, headers: IncomingHttpHeaders, bucket: string, key: string, opts: S3ServerOptions): boolean {
  if (bucket !== opts.bucket || !key || !key.startsWith(opts.prefix)) return false;
  const q = new Set(query.map(([k]) => k));
  if (headers['x-amz-copy-source']) return false;
  for (const sub of ['acl', 'tagging', 'retention', 'legal-hold', 'torrent', 'restore', 'select', 'attributes']) if (q.has(sub)) return false;
  if (method === 'PUT') return true; // PutObject, UploadPart
  if (method === 'POST') return q.has('uploads') || q.has('uploadId'); // Create/CompleteMultipartUpload
  return false;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'expect', 'upgrade', 'proxy-connection', 'te', 'trailer']);

export async function startS3Server(opts: S3ServerOptions): Promise<S3Server> {
  const createBucket = opts.createBucket ?? true;
  const secrets = new Map<string, string>([
    [opts.rootUser, opts.rootPassword],
    [opts.writerAccessKey, opts.writerSecretKey],
  ]);
  const home = mkdtempSync(join(tmpdir(), 'llm-gateway-moto-'));
  const motoPort = await freePort();
  const moto = spawnManaged(
    venvBin('moto_server'),
    ['-H', '127.0.0.1', '-p', String(motoPort)],
    // Only what a process needs; a private HOME so no ~/.aws of the developer is read.
    { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, TMPDIR: home, PYTHONUNBUFFERED: '1', AWS_EC2_METADATA_DISABLED: 'true' },
    kitRoot,
  );
  const backend = `http://127.0.0.1:${motoPort}`;
  const requests: S3RequestRecord[] = [];

  const forward = (req: IncomingMessage, body: Buffer, res: ServerResponse): Promise<number> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = v;
      headers['content-length'] = String(body.length);
      const up = httpRequest({ host: '127.0.0.1', port: motoPort, method: req.method, path: req.url, headers }, (ur) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(ur.headers)) if (v !== undefined && !HOP.has(k)) out[k] = v;
        out.server = 'MinIO';
        res.writeHead(ur.statusCode ?? 502, out);
        ur.pipe(res);
        ur.on('end', () => resolve(ur.statusCode ?? 502));
        ur.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const { path, query } = splitUrl(req.url ?? '/');
    const parsed = parseSigV4(req);
    const accessKey = typeof parsed === 'object' ? parsed.accessKey : undefined;
    const hadSessionToken = req.headers['x-amz-security-token'] !== undefined || query.some(([k]) => k === 'X-Amz-Security-Token');
    const rec: S3RequestRecord = { method, path, query: (req.url ?? '').slice(path.length + 1), status: 0, accessKey, hadSessionToken };
    requests.push(rec);
    const { bucket, key } = target(path);
    const fail = (code: string): void => {
      rec.error = code;
      rec.status = s3Error(req, res, code, bucket, key);
    };

    if (path === '/minio/health/live' || path === '/minio/health/ready') {
      res.writeHead(200, { 'content-length': 0 }).end();
      rec.status = 200;
      return;
    }
    // MinIO refuses the token before anything else: these keys have no STS session.
    if (hadSessionToken) return fail('InvalidTokenId');
    if (parsed === undefined) return fail('AccessDenied'); // anonymous, and no bucket is public
    if (parsed === 'malformed') return fail(req.headers.authorization ? 'AuthorizationHeaderMalformed' : 'AuthorizationQueryParametersError');
    const secret = secrets.get(parsed.accessKey);
    if (secret === undefined) return fail('InvalidAccessKeyId');
    if (parsed.region !== S3_REGION || parsed.service !== 's3') return fail('AuthorizationHeaderMalformed');
    const check = verifySigV4(req, body, secret, { s3Rules: true });
    if (!check.ok) return fail(check.reason === 'skewed' ? 'RequestTimeTooSkewed' : 'SignatureDoesNotMatch');
    const declared = req.headers['x-amz-content-sha256'];
    if (typeof declared === 'string' && /^[0-9a-f]{64}$/.test(declared) && declared !== sha256Hex(body)) return fail('XAmzContentSHA256Mismatch');
    if (parsed.accessKey === opts.writerAccessKey && !writerAllowed(method, query, req.headers, bucket, key, opts)) return fail('AccessDenied');
    rec.status = await forward(req, body, res);
  };

  const front = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end(`s3 front: ${String(err)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const endpoint = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;

  const stop = async (): Promise<void> => {
    front.closeAllConnections();
    await new Promise<void>((resolve) => front.close(() => resolve()));
    await moto.stop();
    rmSync(home, { recursive: true, force: true });
  };

  try {
    await waitUntil(async () => (await fetch(`${backend}/`, { signal: AbortSignal.timeout(2000) })).status < 500, {
      timeoutMs: opts.startTimeoutMs ?? 30_000,
      what: 'moto server',
      dead: moto.exited,
      describe: () => tail(moto.log()),
    });
    if (createBucket) {
      const s3 = rootClient(endpoint, opts.rootUser, opts.rootPassword);
      try {
        await s3.send(new CreateBucketCommand({ Bucket: opts.bucket }));
      } finally {
        s3.destroy();
      }
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, backend, requests, motoLog: moto.log, stop };
}

/** An S3 client as the kit's scripts build one for MinIO. */
// The kit's own client settings, so the tests talk S3 the way check/logs do.
export function rootClient(endpoint: string, accessKeyId: string, secretAccessKey: string): S3Client {
  return makeS3Client(endpoint, accessKeyId, secretAccessKey);
}
