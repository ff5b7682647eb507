#!/usr/bin/env -S npx zx
// Stops and removes the stack's containers; keeps the data in .data/ and .env.
// Steered by: .env (COMPOSE_PROJECT_NAME), or the process environment.
import process from 'node:process'
import { argv, chalk } from 'zx'
import { runMain, EXIT } from './lib/errors.ts'
import { readFlags } from './lib/flags.ts'
import { envFileFrom } from './lib/settings.ts'
import { kitPaths } from './lib/paths.ts'
import { down } from './lib/teardown.ts'

const HELP = `Usage: npx zx scripts/down.ts [--env-file FILE]        (make down)

Stops and removes the containers (docker compose down). Logs, DB and .env stay;
\`make up\` brings everything back. To wipe data: make clean.

  --env-file FILE   use FILE instead of the kit's .env (alias --env)
  -h, --help        this text

Exit codes: 0 stopped; 1 docker compose failed; 2 bad flags.`

async function main() {
  const flags = readFlags(argv, {})
  if (flags.booleans.help) {
    console.log(HELP)
    return EXIT.ok
  }
  await down({ envFile: envFileFrom(flags), env: process.env })
  console.log(`${chalk.green('✔')} stack stopped; data kept in ${kitPaths.dataDir}`)
  return EXIT.ok
}

await runMain(main)
