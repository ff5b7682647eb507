// What the kit asks of docker compose and aws-vault: argv only, no I/O, so
// the tests can hold the scripts to exact command lines.
import { KitError, EXIT } from './errors.ts'
import { kitPaths } from './paths.ts'

export interface ComposeTarget {
  root: string
  composeFile: string
  envFile: string
}

export const defaultTarget = (envFile: string = kitPaths.envFile): ComposeTarget => ({
  root: kitPaths.root,
  composeFile: kitPaths.composeFile,
  envFile,
})

/** `docker compose` with the kit root as project directory, so ./.data and ./litellm resolve there. */
export function composeArgv(t: ComposeTarget, ...rest: string[]): string[] {
  return ['docker', 'compose', '--project-directory', t.root, '-f', t.composeFile, '--env-file', t.envFile, ...rest]
}

/**
 * Without a .env the compose file does not interpolate (its secrets are
 * required), but compose can still stop a project by name.
 */
export function composeByNameArgv(projectName: string, ...rest: string[]): string[] {
  return ['docker', 'compose', '--project-name', projectName, ...rest]
}

export type UpPlan =
  | { mode: 'offline'; argv: string[] }
  | { mode: 'aws-vault'; profile: string; argv: string[] }
  | { mode: 'inside-aws-vault'; profile: string; argv: string[] }

/**
 * How `make up` starts the stack. With a profile, aws-vault puts short-lived
 * keys in compose's environment; aws-vault refuses to nest, so inside an
 * aws-vault shell for the same profile compose runs directly.
 */
export function planUp(opts: { profile: string | undefined; awsVault: string | undefined; region?: string | undefined; target: ComposeTarget }): UpPlan {
  const compose = composeArgv(opts.target, 'up', '-d', '--wait')
  const profile = opts.profile?.trim()
  if (!profile) return { mode: 'offline', argv: compose }
  // aws-vault exports the profile's own region, which compose would prefer to
  // .env's AWS_REGION; --region makes it the one setup chose.
  const region = opts.region ? ['--region', opts.region] : []
  if (!opts.awsVault) return { mode: 'aws-vault', profile, argv: ['aws-vault', 'exec', ...region, profile, '--', ...compose] }
  if (opts.awsVault === profile) return { mode: 'inside-aws-vault', profile, argv: compose }
  throw new KitError(
    `this shell already holds aws-vault credentials for profile "${opts.awsVault}", but AWS_VAULT_PROFILE is "${profile}"`,
    EXIT.usage,
    `exit that aws-vault shell first, or use its profile: AWS_VAULT_PROFILE=${opts.awsVault} make up`,
  )
}

/** Asks aws-vault (from its cached session) when the keys it hands out expire. */
export function expiryProbeArgv(profile: string): string[] {
  return ['aws-vault', 'exec', profile, '--', 'sh', '-c', 'printf %s "$AWS_CREDENTIAL_EXPIRATION"']
}
