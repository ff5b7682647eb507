// Child processes for the e2e servers: each runs in its own process group so
// that stopping it also ends whatever it forked (uvicorn/werkzeug workers),
// and an exit hook kills any group still alive, so no test leaves orphans.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import process from 'node:process';

export const kitRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const venvDir = join(kitRoot, '.venv');
export const venvBin = (name: string): string => join(venvDir, 'bin', name);

/** Why the Python side cannot run, or undefined when the venv is usable. */
export function venvMissing(): string | undefined {
  for (const bin of ['python', 'litellm', 'moto_server']) {
    if (!existsSync(venvBin(bin))) return `${venvBin(bin)} is missing; run bash test/e2e/setup-venv.sh`;
  }
  return undefined;
}

/** A loopback port that was free a moment ago (the child binds it next). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

const live = new Set<number>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  // Last resort when a test run dies without calling stop(): synchronous kill only.
  process.on('exit', () => {
    for (const pgid of live) {
      try {
        process.kill(-pgid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

export type Managed = {
  child: ChildProcess;
  log(): string;
  exited(): boolean;
  stop(graceMs?: number): Promise<void>;
};

const LOG_CAP = 2_000_000;

export function spawnManaged(cmd: string, args: string[], env: Record<string, string>, cwd: string): Managed {
  hookExit();
  const child = spawn(cmd, args, { env, cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let buf = '';
  const add = (d: Buffer): void => {
    buf += d.toString('utf8');
    // Keep the tail: that is where a failure shows.
    if (buf.length > LOG_CAP) buf = buf.slice(buf.length - LOG_CAP / 2);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  let done = false;
  const exitedP = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      done = true;
      buf += `\n[process exited: code=${code} signal=${signal}]\n`;
      resolve();
    });
    child.once('error', (err) => {
      done = true;
      buf += `\n[spawn error: ${err.message}]\n`;
      resolve();
    });
  });
  const pgid = child.pid;
  if (pgid !== undefined) live.add(pgid);
  const killGroup = (sig: NodeJS.Signals): void => {
    if (pgid === undefined) return;
    try {
      process.kill(-pgid, sig);
    } catch {
      // group already gone
    }
  };
  return {
    child,
    log: () => buf,
    exited: () => done,
    async stop(graceMs = 5000) {
      if (pgid === undefined) return;
      killGroup('SIGTERM');
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
      if (!done && (await Promise.race([exitedP, timer])) === 'timeout') {
        killGroup('SIGKILL');
        await exitedP;
      }
      // Workers may outlive the leader: clear the whole group either way.
      killGroup('SIGKILL');
      live.delete(pgid);
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true; throws with `describe()` on timeout or when `dead()` says the process died. */
export async function waitUntil(
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; what: string; dead?: () => boolean; describe?: () => string; intervalMs?: number },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    const extra = opts.describe ? `\n${opts.describe()}` : '';
    if (opts.dead?.()) throw new Error(`${opts.what}: the process exited before it was ready${extra}`);
    if (Date.now() > deadline) throw new Error(`${opts.what}: not ready after ${opts.timeoutMs} ms${extra}`);
    await sleep(opts.intervalMs ?? 250);
  }
}

export function tail(text: string, lines = 60): string {
  return text.split('\n').slice(-lines).join('\n');
}
