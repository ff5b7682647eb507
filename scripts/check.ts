#!/usr/bin/env -S npx zx
// check.ts: proves the local gateway end to end — (1) the proxy is ready with
// LiteLLM's S3 logger active, (2) a chat completion through the master key,
// (3) that request's log object lands in the bucket — and prints the listing
// and the redacted payload (or one JSON object with --json).
//   npx zx scripts/check.ts [--model M] [--timeout SECONDS] [--json] [--full] [--env-file F]
// Env (overrides .env): LITELLM_URL, S3_ENDPOINT_URL, CHECK_MODEL, LITELLM_MASTER_KEY,
// MINIO_ROOT_USER/MINIO_ROOT_PASSWORD, S3_LOG_BUCKET, S3_LOG_PREFIX, S3_FLUSH_INTERVAL_SECONDS.
// Exit codes: 0 ok, 1 unexpected, 2 usage/config, 3 not ready, 4 completion, 5 log/storage.
import process from 'node:process'
import { argv } from 'zx'
import { runMain } from './lib/errors.ts'
import { loadSettings } from './lib/settings.ts'
import { CHECK_HELP, parseCheckArgs } from './lib/check-args.ts'
import { resolveCheckConfig } from './lib/check-config.ts'
import { configFailure, defaultDeps, runCheck } from './lib/check-run.ts'
import { formatError, formatHuman, formatJson } from './lib/check-report.ts'

async function main(): Promise<number> {
  const json = argv.json === true
  let args
  let config
  try {
    args = parseCheckArgs(argv)
    if (args.help) {
      process.stdout.write(CHECK_HELP)
      return 0
    }
    config = resolveCheckConfig(loadSettings({ envFile: args.envFile }), args)
  } catch (err) {
    // Without --json, runMain prints the one-line error.
    if (!json) throw err
    const failed = configFailure(err)
    process.stdout.write(formatJson(failed.report, []))
    if (failed.extras.error) process.stderr.write(formatError(failed.extras.error, []))
    return failed.exitCode
  }
  const { report, extras, exitCode } = await runCheck(config, defaultDeps(config), { full: args.full })
  process.stdout.write(args.json ? formatJson(report, config.secrets) : formatHuman(report, extras, config.secrets))
  if (extras.error) process.stderr.write(formatError(extras.error, config.secrets))
  return exitCode
}

await runMain(main)
