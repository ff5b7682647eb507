#!/usr/bin/env -S npx zx
// Writes the kit's .env: asks which aws-vault profile Bedrock uses (or
// offline mode), the region and the model id, and generates every secret.
// Re-running keeps existing secrets (unless --rotate-secrets) and backs the
// old file up. Steered by: AWS_CONFIG_FILE (profile list when aws-vault is
// missing), the flags below.
import { argv, chalk } from 'zx'
import { runMain, EXIT } from './lib/errors.ts'
import { readFlags } from './lib/flags.ts'
import { envFileFrom } from './lib/settings.ts'
import { runSetup, isInteractive } from './lib/setup.ts'

const HELP = `Usage: npx zx scripts/setup.ts [flags]        (make setup ARGS="...")

Writes .env (mode 0600): aws-vault profile, region, model id, generated secrets.
Asks interactively at a terminal; flags answer instead.

  --profile NAME      aws-vault profile for Bedrock
  --offline           no AWS: only the mock model (CHECK_MODEL=mock)
  --region REGION     Bedrock region (default: from .env, else ap-northeast-1)
  --model-id ID       Bedrock model id (default: amazon.nova-lite-v1:0)
  --rotate-secrets    new master key and S3 writer secret (and, while .data/ does
                      not exist, the salt key, Postgres and MinIO root secrets)
  --yes               re-run without questions, keeping .env's answers
  --env-file FILE     write FILE instead of the kit's .env (alias --env: Node
                      itself reads --env-file and stops when FILE does not exist)
  -h, --help          this text

Exit codes: 0 written; 1 unexpected error; 2 bad flags, or no terminal and not
enough flags; 130 cancelled (Ctrl-C): nothing written.`

async function main() {
  const flags = readFlags(argv, {
    string: ['profile', 'region', 'model-id'],
    boolean: ['offline', 'rotate-secrets', 'yes'],
    alias: { y: 'yes' },
  })
  if (flags.booleans.help) {
    console.log(HELP)
    return EXIT.ok
  }
  const envFile = envFileFrom(flags)
  const r = await runSetup({
    envFile,
    profile: flags.strings.profile,
    offline: flags.booleans.offline,
    region: flags.strings.region,
    modelId: flags.strings['model-id'],
    rotateSecrets: flags.booleans['rotate-secrets'],
    yes: flags.booleans.yes,
    interactive: isInteractive(),
  })
  const mode = r.answers.profile ? `aws-vault profile ${chalk.bold(r.answers.profile)}, ${r.answers.region}, ${r.answers.modelId}` : 'offline (mock model only)'
  console.log(`${chalk.green('✔')} wrote ${r.envFile} (mode 0600): ${mode}`)
  if (r.plan.generated.length) console.log(`  generated: ${r.plan.generated.join(', ')}`)
  if (r.plan.kept.length) console.log(`  kept: ${r.plan.kept.join(', ')}`)
  if (r.plan.notRotated.length) {
    console.log(`  ${chalk.yellow('not rotated')} (bound to data in .data/; run make clean first): ${r.plan.notRotated.join(', ')}`)
  }
  if (r.backup) console.log(`  previous file saved as ${r.backup}`)
  console.log(`next: ${chalk.bold('make up')}`)
  return EXIT.ok
}

await runMain(main)
