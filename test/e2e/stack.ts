// The whole gateway on 127.0.0.1 without Docker: S3 (moto + MinIO-like front),
// a fake Bedrock and the kit's LiteLLM proxy, wired the way compose wires them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { startFakeBedrock } from './fake-bedrock.ts';
import type { FakeBedrock, FakeBedrockMode } from './fake-bedrock.ts';
import { litellmContainerEnv, startLitellmProxy } from './litellm-proxy.ts';
import { freePort } from './procs.ts';
import { startS3Server } from './s3-server.ts';
import type { S3Server } from './s3-server.ts';

export type StackOptions = {
  /** Overrides for the test .env. */
  env?: Record<string, string>;
  /** The environment `docker compose` runs in (e.g. aws-vault's AWS_*); it wins over .env when interpolating. */
  hostEnv?: Record<string, string>;
  /** Edits the litellm container's environment before the proxy starts. */
  containerEnvPatch?: (env: Record<string, string>) => Record<string, string>;
  createBucket?: boolean;
  bedrockMode?: FakeBedrockMode;
  readyTimeoutMs?: number;
};

export type Stack = {
  kitEnv: Record<string, string>;
  envFile: string;
  litellmUrl: string;
  s3Endpoint: string;
  bedrock: FakeBedrock;
  s3: S3Server;
  /** The litellm container's environment as compose would set it (after containerEnvPatch). */
  containerEnv: Record<string, string>;
  proxyLog(): string;
  stop(): Promise<void>;
};

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
// Letters and digits only: valid as MinIO keys and safe in any .env dialect.
const alnum = (n: number): string => {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(n)].map((b) => abc[b % abc.length]).join('');
};

/** Every variable of the contract's .env table, with fresh secrets, as setup would write them. */
export function makeTestEnv(ports: { litellm: number; postgres: number; minioApi: number; minioConsole: number }): Record<string, string> {
  return {
    COMPOSE_PROJECT_NAME: `llm-gateway-e2e-${hex(3)}`,
    AWS_VAULT_PROFILE: '',
    AWS_REGION: 'ap-northeast-1',
    BEDROCK_MODEL_ID: 'amazon.nova-lite-v1:0',
    CHECK_MODEL: 'mock',
    LITELLM_IMAGE: 'ghcr.io/berriai/litellm:v1.82.3-stable.patch.2',
    POSTGRES_IMAGE: 'postgres:17.6-alpine',
    MINIO_IMAGE: 'pgsty/minio:RELEASE.2026-08-04T00-00-00Z',
    MC_IMAGE: 'pgsty/mc:RELEASE.2026-08-04T00-00-00Z',
    LITELLM_PORT: String(ports.litellm),
    POSTGRES_PORT: String(ports.postgres),
    MINIO_API_PORT: String(ports.minioApi),
    MINIO_CONSOLE_PORT: String(ports.minioConsole),
    LITELLM_MASTER_KEY: `sk-${hex(32)}`,
    LITELLM_SALT_KEY: `sk-${hex(32)}`,
    POSTGRES_PASSWORD: alnum(32),
    MINIO_ROOT_USER: `admin${alnum(11)}`,
    MINIO_ROOT_PASSWORD: alnum(40),
    S3_LOG_BUCKET: 'litellm-log-archive',
    S3_LOG_PREFIX: 'request_logs/',
    S3_WRITER_ACCESS_KEY: `LITELLM${alnum(13).toUpperCase()}`,
    S3_WRITER_SECRET_KEY: alnum(40),
    S3_FLUSH_INTERVAL_SECONDS: '2',
    S3_LOG_RETENTION_DAYS: '0',
  };
}

function formatEnv(env: Record<string, string>): string {
  const lines = ['# e2e test .env (generated; secrets are throwaway)'];
  for (const [k, v] of Object.entries(env)) lines.push(/^[\w.:/@+-]*$/.test(v) ? `${k}=${v}` : `${k}='${v.replace(/'/g, '')}'`);
  return lines.join('\n') + '\n';
}

const running = new Set<() => Promise<void>>();

/** Stops every stack still running; for `after()` hooks of suites that may fail half-way. */
export async function stopAllStacks(): Promise<void> {
  await Promise.allSettled([...running].map((stop) => stop()));
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'llm-gateway-e2e-'));
  const ports = { litellm: await freePort(), postgres: await freePort(), minioApi: await freePort(), minioConsole: await freePort() };
  const kitEnv = { ...makeTestEnv(ports), ...(opts.env ?? {}) };
  const envFile = join(dir, '.env');
  writeFileSync(envFile, formatEnv(kitEnv), { mode: 0o600 });
  // What compose interpolates with: the .env file, overridden by its own environment.
  const vars = { ...parseDotenv(readFileSync(envFile, 'utf8')), ...(opts.hostEnv ?? {}) };

  const cleanups: Array<() => Promise<void>> = [];
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    running.delete(stop);
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  running.add(stop);

  try {
    const s3 = await startS3Server({
      rootUser: kitEnv.MINIO_ROOT_USER,
      rootPassword: kitEnv.MINIO_ROOT_PASSWORD,
      writerAccessKey: kitEnv.S3_WRITER_ACCESS_KEY,
      writerSecretKey: kitEnv.S3_WRITER_SECRET_KEY,
      bucket: kitEnv.S3_LOG_BUCKET,
      prefix: kitEnv.S3_LOG_PREFIX,
      createBucket: opts.createBucket ?? true,
      port: Number(kitEnv.MINIO_API_PORT),
    });
    cleanups.push(s3.stop);

    // The fake Bedrock accepts exactly the keys aws-vault put into compose's environment.
    const host = opts.hostEnv ?? {};
    const bedrock = await startFakeBedrock({
      accessKeyId: host.AWS_ACCESS_KEY_ID || 'AKIAOFFLINEUNUSED000',
      secretAccessKey: host.AWS_SECRET_ACCESS_KEY || 'offline-unused-secret',
      sessionToken: host.AWS_SESSION_TOKEN || undefined,
      region: vars.AWS_REGION || 'ap-northeast-1',
    });
    cleanups.push(bedrock.stop);
    if (opts.bedrockMode) bedrock.setMode(opts.bedrockMode);

    let containerEnv = litellmContainerEnv(vars, { 'http://minio:9000': s3.endpoint });
    if (opts.containerEnvPatch) containerEnv = opts.containerEnvPatch({ ...containerEnv });

    const workDir = join(dir, 'litellm');
    mkdirSync(workDir, { mode: 0o700 });
    const proxy = await startLitellmProxy({
      containerEnv,
      workDir,
      bedrockEndpoint: bedrock.url,
      port: ports.litellm,
      readyTimeoutMs: opts.readyTimeoutMs,
    });
    cleanups.push(proxy.stop);

    return {
      kitEnv,
      envFile,
      litellmUrl: proxy.url,
      s3Endpoint: s3.endpoint,
      bedrock,
      s3,
      containerEnv,
      proxyLog: proxy.log,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
