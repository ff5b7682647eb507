// AWS Signature V4 verification for the fake servers. Written against the
// spec rather than by re-signing with an SDK: the servers must judge what a
// client (botocore, aws-sdk-js) actually put on the wire, header by header.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type SigV4Parsed = {
  accessKey: string;
  date: string; // YYYYMMDD of the scope
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  presigned: boolean;
  sessionToken: string | undefined;
};

export type SigV4Result =
  | { ok: true; parsed: SigV4Parsed }
  | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' | 'skewed'; detail: string; parsed?: SigV4Parsed };

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

// RFC 3986 encoding as SigV4 wants it: everything but unreserved characters.
export function uriEncode(s: string, keepSlash: boolean): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(ch) || (keepSlash && ch === '/')) out += ch;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return s;
  }
}

export function splitUrl(rawUrl: string): { path: string; query: Array<[string, string]> } {
  const q = rawUrl.indexOf('?');
  const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const query: Array<[string, string]> = [];
  if (q >= 0) {
    for (const part of rawUrl.slice(q + 1).split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      query.push(eq < 0 ? [safeDecode(part), ''] : [safeDecode(part.slice(0, eq)), safeDecode(part.slice(eq + 1))]);
    }
  }
  return { path, query };
}

// All values of a header in wire order, as rawHeaders keeps them (IncomingMessage.headers merges some).
function headerValues(req: IncomingMessage, name: string): string[] | undefined {
  const vals: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() === name) vals.push(req.rawHeaders[i + 1]);
  }
  return vals.length ? vals : undefined;
}

function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

/** Reads the credential and signature of a request without checking them. */
export function parseSigV4(req: IncomingMessage): SigV4Parsed | undefined | 'malformed' {
  const { query } = splitUrl(req.url ?? '/');
  const q = (k: string): string | undefined => query.find(([n]) => n === k)?.[1];
  const auth = req.headers.authorization;
  let credential: string, signedHeaders: string, signature: string, amzDate: string | undefined;
  let presigned = false;
  if (auth) {
    const m = /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/.exec(auth);
    if (!m) return 'malformed';
    [, credential, signedHeaders, signature] = m;
    amzDate = (req.headers['x-amz-date'] as string | undefined) ?? undefined;
    if (!amzDate && req.headers.date) {
      const d = new Date(String(req.headers.date));
      if (!Number.isNaN(d.getTime())) amzDate = d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    }
  } else if (q('X-Amz-Algorithm')) {
    if (q('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return 'malformed';
    credential = q('X-Amz-Credential') ?? '';
    signedHeaders = q('X-Amz-SignedHeaders') ?? '';
    signature = q('X-Amz-Signature') ?? '';
    amzDate = q('X-Amz-Date');
    presigned = true;
  } else {
    return undefined;
  }
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !amzDate || !signature) return 'malformed';
  const sessionToken = presigned ? q('X-Amz-Security-Token') : (req.headers['x-amz-security-token'] as string | undefined);
  return {
    accessKey: parts[0],
    date: parts[1],
    region: parts[2],
    service: parts[3],
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate,
    presigned,
    sessionToken,
  };
}

/**
 * Checks a SigV4-signed request against `secret`. `service: 's3'` uses S3's
 * rules (the URI path as sent, no second encoding; payload hash from
 * x-amz-content-sha256); other services encode the path a second time.
 */
export function verifySigV4(
  req: IncomingMessage,
  body: Buffer,
  secret: string,
  opts: { s3Rules: boolean; maxSkewMs?: number },
): SigV4Result {
  const parsed = parseSigV4(req);
  if (parsed === undefined) return { ok: false, reason: 'missing', detail: 'no Authorization header or presigned query' };
  if (parsed === 'malformed') return { ok: false, reason: 'malformed', detail: 'unparsable SigV4 authorization' };
  const when = parseAmzDate(parsed.amzDate);
  if (when === undefined || parsed.amzDate.slice(0, 8) !== parsed.date) {
    return { ok: false, reason: 'malformed', detail: `bad X-Amz-Date ${parsed.amzDate}`, parsed };
  }
  const skew = opts.maxSkewMs ?? 15 * 60_000;
  if (!parsed.presigned && Math.abs(Date.now() - when) > skew) {
    return { ok: false, reason: 'skewed', detail: 'request time too skewed', parsed };
  }

  const { path, query } = splitUrl(req.url ?? '/');
  const canonicalUri = opts.s3Rules ? path : uriEncode(path, true);
  const canonicalQuery = query
    .filter(([k]) => !(parsed.presigned && k === 'X-Amz-Signature'))
    .map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders: string[] = [];
  for (const name of parsed.signedHeaders) {
    const vals = headerValues(req, name);
    if (!vals) return { ok: false, reason: 'mismatch', detail: `signed header ${name} is missing`, parsed };
    canonicalHeaders.push(`${name}:${vals.map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}\n`);
  }
  const declared = req.headers['x-amz-content-sha256'] as string | undefined;
  const payloadHash = parsed.presigned && opts.s3Rules ? (declared ?? 'UNSIGNED-PAYLOAD') : (declared ?? sha256Hex(body));
  const canonicalRequest = [
    (req.method ?? 'GET').toUpperCase(),
    canonicalUri,
    canonicalQuery,
    canonicalHeaders.join(''),
    parsed.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', parsed.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const kDate = hmac('AWS4' + secret, parsed.date);
  const kSigning = hmac(hmac(hmac(kDate, parsed.region), parsed.service), 'aws4_request');
  const expected = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest();
  const given = Buffer.from(parsed.signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'mismatch', detail: 'signature does not match', parsed };
  }
  if (!parsed.signedHeaders.includes('host')) return { ok: false, reason: 'malformed', detail: 'host is not signed', parsed };
  return { ok: true, parsed };
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
