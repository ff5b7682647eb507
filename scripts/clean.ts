#!/usr/bin/env -S npx zx
// Wipes the local stack: `docker compose down --volumes --remove-orphans` and
// the data under .data/ (archived logs, DB). Keeps .env unless --all. Asks
// first unless --yes. Never touches anything outside the kit folder.
import path from 'node:path'
import process from 'node:process'
import { argv, chalk } from 'zx'
import { confirm } from '@inquirer/prompts'
import { runMain, EXIT, KitError } from './lib/errors.ts'
import { readFlags } from './lib/flags.ts'
import { envFileFrom } from './lib/settings.ts'
import { kitPaths } from './lib/paths.ts'
import { isInteractive } from './lib/setup.ts'
import { cleanTargets, down, removeAll } from './lib/teardown.ts'

const HELP = `Usage: npx zx scripts/clean.ts [--yes] [--all]        (make clean ARGS=--yes)

Stops the stack, removes its volumes and deletes .data/ (archived request logs
in MinIO, LiteLLM's database). .env stays, so \`make up\` starts fresh with the
same secrets.

  --yes, -y         do not ask
  --all             also delete .env and its backups
  --env-file FILE   use FILE instead of the kit's .env (alias --env)
  -h, --help        this text

Exit codes: 0 cleaned (or declined); 1 docker compose failed; 2 bad flags, or
no terminal to confirm without --yes.`

async function main() {
  const flags = readFlags(argv, { boolean: ['yes', 'all'], alias: { y: 'yes' } })
  if (flags.booleans.help) {
    console.log(HELP)
    return EXIT.ok
  }
  const envFile = envFileFrom(flags)
  const targets = cleanTargets({ all: !!flags.booleans.all, envFile })
  const shown = targets.map((t) => path.relative(kitPaths.root, t) || t).join(', ')
  if (!flags.booleans.yes) {
    if (!isInteractive()) throw new KitError('clean deletes data: confirm with --yes (make clean ARGS=--yes)', EXIT.usage)
    const ok = await confirm({ message: `Stop the stack and delete its volumes and ${shown}?`, default: false })
    if (!ok) {
      console.log('nothing removed')
      return EXIT.ok
    }
  }
  await down({ envFile, env: process.env, volumes: true })
  const removed = await removeAll(targets, { envFile, env: process.env })
  console.log(`${chalk.green('✔')} stack removed with its volumes${removed.length ? `; deleted ${removed.map((t) => path.relative(kitPaths.root, t) || t).join(', ')}` : ''}`)
  return EXIT.ok
}

await runMain(main)
