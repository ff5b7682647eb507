// The kit's LiteLLM proxy as a local process: the litellm CLI from .venv (same
// release as the pinned image) with the kit's litellm/config.yaml and exactly
// the environment compose would give the litellm container.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { parse } from 'yaml';
import { serviceEnvironment } from '../helpers/compose-env.ts';
import type { Vars } from '../helpers/compose-env.ts';
import { freePort, kitRoot, spawnManaged, tail, venvBin, venvDir, waitUntil } from './procs.ts';

export const composeFile = join(kitRoot, 'compose', 'docker-compose.yaml');
export const litellmConfig = join(kitRoot, 'litellm', 'config.yaml');

/**
 * The litellm service's `environment` block, interpolated from `vars` as
 * compose does, with compose's service host names pointed at loopback.
 * DATABASE_URL is left out: with it LiteLLM runs `prisma generate`/migrations,
 * and Prisma downloads its engines from the internet, which this machine lacks
 * (the image ships them). Without a DB the proxy runs with the master key only.
 */
export function litellmContainerEnv(vars: Vars, hosts: Record<string, string>): Record<string, string> {
  const doc: unknown = parse(readFileSync(composeFile, 'utf8'));
  const env = serviceEnvironment(doc, 'litellm', vars);
  delete env.DATABASE_URL;
  for (const [k, v] of Object.entries(env)) {
    let out = v;
    for (const [from, to] of Object.entries(hosts)) out = out.split(from).join(to);
    env[k] = out;
  }
  return env;
}

export type LitellmProxyOptions = {
  /** The container's environment (litellmContainerEnv, possibly patched by a test). */
  containerEnv: Record<string, string>;
  /** Directory for HOME and TMPDIR of the process. */
  workDir: string;
  /** Test-only: where LiteLLM sends Bedrock calls (the fake Bedrock). */
  bedrockEndpoint?: string;
  port?: number;
  readyTimeoutMs?: number;
};

export type LitellmProxy = {
  url: string;
  port: number;
  /** The full environment the process ran with. */
  processEnv: Record<string, string>;
  log(): string;
  stop(): Promise<void>;
};

export async function startLitellmProxy(opts: LitellmProxyOptions): Promise<LitellmProxy> {
  const port = opts.port ?? (await freePort());
  const processEnv: Record<string, string> = {
    ...opts.containerEnv,
    // What any process needs; HOME is private so no ~/.aws of the developer leaks in.
    PATH: `${join(venvDir, 'bin')}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: opts.workDir,
    TMPDIR: opts.workDir,
    // Test-only: unbuffered so the log tail on failure is complete.
    PYTHONUNBUFFERED: '1',
    // Test-only: with empty keys botocore would walk its credential chain to the
    // EC2 metadata address; this sandbox allows loopback traffic only.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  if (opts.bedrockEndpoint) processEnv.AWS_BEDROCK_RUNTIME_ENDPOINT = opts.bedrockEndpoint;

  const proc = spawnManaged(
    venvBin('litellm'),
    ['--config', litellmConfig, '--port', String(port), '--host', '127.0.0.1'],
    processEnv,
    opts.workDir,
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntil(async () => (await fetch(`${url}/health/readiness`, { signal: AbortSignal.timeout(3000) })).status === 200, {
      timeoutMs: opts.readyTimeoutMs ?? 90_000,
      what: `LiteLLM proxy on ${url}`,
      dead: proc.exited,
      describe: () => `--- proxy log (tail) ---\n${tail(proc.log(), 80)}`,
      intervalMs: 300,
    });
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { url, port, processEnv, log: proc.log, stop: () => proc.stop(8000) };
}
