#!/usr/bin/env -S npx zx
// Preflight: one line per check with a fix hint — docker, the engine, compose
// v2 (>= 2.1.1 for `up --wait`), aws-vault and its version, the chosen
// profile, a surrounding aws-vault shell, free host ports, .env complete and
// private, the runtime. `make up` runs the blocking ones itself.
// Steered by: .env (or --env-file) with the process env over it —
// AWS_VAULT_PROFILE (empty = offline: aws-vault checks do not block),
// LITELLM_PORT, POSTGRES_PORT, MINIO_API_PORT, MINIO_CONSOLE_PORT; AWS_VAULT
// and AWS_CREDENTIAL_EXPIRATION (set inside an aws-vault shell); PATH.
import { argv } from 'zx'
import { runMain, EXIT, KitError } from './lib/errors.ts'
import { readFlags } from './lib/flags.ts'
import { loadSettings, type Settings, envFileFrom } from './lib/settings.ts'
import { formatResults, hasBlockingFailure, runDoctor } from './lib/doctor.ts'

const HELP = `Usage: npx zx scripts/doctor.ts [flags]        (make doctor)

Checks what the kit needs and prints one line per check with a fix hint:
✔ fine, ✖ must be fixed before make up, ! warning, ○ skipped.

  --env-file FILE   check FILE instead of the kit's .env (alias --env)
  --json            print the results as a JSON array instead
  -h, --help        this text

Exit codes: 0 nothing blocking failed (warnings allowed); 1 unexpected error;
2 a blocking check failed (environment or configuration).`

async function main() {
  const flags = readFlags(argv, { boolean: ['json'] })
  if (flags.booleans.help) {
    console.log(HELP)
    return EXIT.ok
  }
  const envFile = envFileFrom(flags)
  let settings: Settings | null = null
  try {
    settings = loadSettings({ envFile, optional: true })
  } catch (err) {
    // A malformed .env is reported by the .env check itself.
    if (!(err instanceof KitError)) throw err
  }
  const results = await runDoctor({ settings, envFile })
  console.log(flags.booleans.json ? JSON.stringify(results, null, 2) : formatResults(results))
  return hasBlockingFailure(results) ? EXIT.usage : EXIT.ok
}

await runMain(main)
