// `make down` and `make clean`: stop the stack; clean also drops volumes and
// the data under .data/ — never anything outside the kit.
import fs from 'node:fs'
import path from 'node:path'
import { KitError, EXIT } from './errors.ts'
import { composeArgv, composeByNameArgv, defaultTarget } from './compose.ts'
import { readEnvFile } from './env-file.ts'
import { runInteractive } from './exec.ts'
import { assertInsideKit, isInside, kitPaths } from './paths.ts'

/** compose argv for `down`: with the file when .env exists, else by project name. */
export function downArgv(envFile: string, extra: string[], env: NodeJS.ProcessEnv): string[] {
  if (fs.existsSync(envFile)) return composeArgv(defaultTarget(envFile), 'down', ...extra)
  const name = env.COMPOSE_PROJECT_NAME || readEnvFile(kitPaths.envExample)?.COMPOSE_PROJECT_NAME || 'llm-gateway'
  return composeByNameArgv(name, 'down', ...extra)
}

export async function down(opts: { envFile: string; env: NodeJS.ProcessEnv; volumes?: boolean }) {
  const extra = opts.volumes ? ['--volumes', '--remove-orphans'] : ['--remove-orphans']
  await runInteractive(downArgv(opts.envFile, extra, opts.env), { cwd: kitPaths.root, env: opts.env })
}

/**
 * Removes `target` (a path inside the kit) after resolving symlinks, so a
 * .data that links elsewhere loses only the link. Returns whether it existed.
 */
export function removeInsideKit(target: string, root: string = kitPaths.root): boolean {
  const resolved = assertInsideKit(target, root)
  let st: fs.Stats
  try {
    st = fs.lstatSync(resolved)
  } catch {
    return false
  }
  if (!st.isSymbolicLink()) {
    const real = fs.realpathSync(resolved)
    if (!isInside(fs.realpathSync(root), real)) throw new KitError(`refusing to remove ${resolved}: it resolves to ${real}, outside the kit`, EXIT.usage)
  }
  fs.rmSync(resolved, { recursive: true, force: true })
  return true
}

/**
 * What `clean` removes besides the compose volumes. Checked before anything
 * is stopped or removed: a target outside the kit refuses the whole clean.
 */
export function cleanTargets(opts: { all: boolean; envFile: string; root?: string }): string[] {
  const root = opts.root ?? kitPaths.root
  const targets = [path.join(root, '.data')]
  if (opts.all) {
    const dir = path.dirname(opts.envFile)
    const base = path.basename(opts.envFile)
    targets.push(opts.envFile)
    if (fs.existsSync(dir)) for (const f of fs.readdirSync(dir)) if (f.startsWith(`${base}.bak-`)) targets.push(path.join(dir, f))
  }
  for (const t of targets) assertInsideKit(t, root)
  return targets
}
