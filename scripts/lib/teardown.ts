// `make down` and `make clean`: stop the stack; clean also drops volumes and
// the data under .data/ — never anything outside the kit.
import fs from 'node:fs'
import path from 'node:path'
import { KitError, EXIT } from './errors.ts'
import { composeArgv, composeByNameArgv, defaultTarget } from './compose.ts'
import { readEnvFile } from './env-file.ts'
import { DEFAULT_IMAGES, defaultValue } from './env-vars.ts'
import { runInteractive } from './exec.ts'
import { assertInsideKit, isInside, kitPaths } from './paths.ts'

/** compose argv for `down`: with the file when .env exists, else by project name. */
export function downArgv(envFile: string, extra: string[], env: NodeJS.ProcessEnv): string[] {
  if (fs.existsSync(envFile)) return composeArgv(defaultTarget(envFile), 'down', ...extra)
  const name = env.COMPOSE_PROJECT_NAME || defaultValue('COMPOSE_PROJECT_NAME')
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
 * Empties `dir` from inside a container, as root: with native Docker on Linux
 * the bind-mounted data belongs to the containers' users (Postgres keeps its
 * folder 0700), so the host user may not delete it.
 */
export function wipeInContainerArgv(dir: string, image: string): string[] {
  return ['docker', 'run', '--rm', '--user', '0', '--entrypoint', 'sh', '-v', `${dir}:/wipe`, image, '-c', 'rm -rf /wipe/* /wipe/.[!.]* /wipe/..?*']
}

/**
 * removeInsideKit, and when the host may not delete what containers wrote,
 * empties it through `wipe` first and tries again.
 */
export async function removeData(target: string, wipe: (dir: string) => Promise<void>, root: string = kitPaths.root): Promise<boolean> {
  try {
    return removeInsideKit(target, root)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code !== 'EACCES' && code !== 'EPERM') throw err
    await wipe(assertInsideKit(target, root))
    return removeInsideKit(target, root)
  }
}

/** Removes the targets (in order), wiping through a container where needed; returns those that existed. */
export async function removeAll(targets: string[], opts: { envFile: string; env: NodeJS.ProcessEnv }): Promise<string[]> {
  // The Postgres image is on the machine already and has a shell.
  const image = opts.env.POSTGRES_IMAGE || readEnvFile(opts.envFile)?.POSTGRES_IMAGE || DEFAULT_IMAGES.POSTGRES_IMAGE
  const wipe = (dir: string) => runInteractive(wipeInContainerArgv(dir, image), { cwd: kitPaths.root, env: opts.env })
  const removed: string[] = []
  for (const t of targets) if (await removeData(t, wipe)) removed.push(t)
  return removed
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
