#!/usr/bin/env -S npx zx
// Starts the stack: runs setup when .env is missing, then
// `[aws-vault exec --region $AWS_REGION $AWS_VAULT_PROFILE --] docker compose … up -d --wait`,
// and prints the URLs and when the Bedrock credentials expire.
// Steered by: .env (AWS_VAULT_PROFILE, ports), AWS_VAULT (already inside an
// aws-vault shell), AWS_CREDENTIAL_EXPIRATION.
import { argv, chalk } from 'zx'
import { runMain, EXIT } from './lib/errors.ts'
import { readFlags } from './lib/flags.ts'
import { envFileFrom, settingOrDefault } from './lib/settings.ts'
import { up, urls, describeExpiry } from './lib/up.ts'
import { preflight } from './lib/doctor.ts'

const HELP = `Usage: npx zx scripts/up.ts [--env-file FILE]        (make up)

Starts litellm, postgres, minio and minio-init with docker compose and waits
until they are healthy. With AWS_VAULT_PROFILE set, compose runs under
\`aws-vault exec --region AWS_REGION PROFILE --\` so Bedrock gets short-lived
keys; offline without.
Runs setup first when .env does not exist.

  --env-file FILE   use FILE instead of the kit's .env (alias --env)
  -h, --help        this text

Before compose it runs make doctor's blocking checks (docker, engine, compose
v2 with --wait, aws-vault and the profile, free ports, .env) and stops with
their hints.

Exit codes: 0 up; 1 compose or aws-vault failed; 2 configuration problem
(a blocking preflight check, no .env without a terminal, nested aws-vault
shell for another profile).`

async function main() {
  const flags = readFlags(argv, {})
  if (flags.booleans.help) {
    console.log(HELP)
    return EXIT.ok
  }
  const envFile = envFileFrom(flags)
  // make doctor's blocking checks first: a missing engine or a taken port is
  // clearer from here than from compose.
  const { settings, plan, expiry } = await up({ envFile, beforeCompose: async (s) => void (await preflight({ settings: s, envFile })) })
  const u = urls(settings)
  console.log(`${chalk.green('✔')} stack is up (${settingOrDefault(settings, 'COMPOSE_PROJECT_NAME')})`)
  console.log(`  LiteLLM proxy   ${u.proxy}   (master key: LITELLM_MASTER_KEY in .env)`)
  console.log(`  Admin UI        ${u.adminUi}`)
  console.log(`  MinIO console   ${u.minioConsole}   (MINIO_ROOT_USER / MINIO_ROOT_PASSWORD)`)
  if (plan.mode !== 'offline') {
    const when = expiry ? describeExpiry(expiry) : null
    console.log(`  Bedrock keys    ${when ? `expire ${when}` : 'expiry unknown'}; the container keeps the keys it started with: \`make up\` again refreshes them`)
  } else {
    console.log('  Bedrock         offline: only the mock model answers (make setup to pick a profile)')
  }
  console.log(`next: ${chalk.bold('npx zx scripts/check.ts')}`)
  return EXIT.ok
}

await runMain(main)
