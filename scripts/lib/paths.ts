// Where the kit lives. Everything is resolved from this file's location so the
// kit works when copied into any sub-folder of another repo.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { KitError, EXIT } from './errors.ts'

export const KIT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')

export const kitPaths = {
  root: KIT_ROOT,
  envFile: path.join(KIT_ROOT, '.env'),
  envExample: path.join(KIT_ROOT, '.env.example'),
  composeFile: path.join(KIT_ROOT, 'compose', 'docker-compose.yaml'),
  litellmConfig: path.join(KIT_ROOT, 'litellm', 'config.yaml'),
  dataDir: path.join(KIT_ROOT, '.data'),
}

/** True when `target` is `root` itself or below it (after resolving `..`). */
export function isInside(root: string, target: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(target))
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel))
}

/** Guards destructive operations: refuses anything outside the kit root. */
export function assertInsideKit(target: string, root: string = KIT_ROOT): string {
  const resolved = path.resolve(root, target)
  if (!isInside(root, resolved) || resolved === path.resolve(root)) {
    throw new KitError(`refusing to touch ${resolved}: it is not inside the kit (${root})`, EXIT.usage)
  }
  return resolved
}
