#!/usr/bin/env -S npx zx
// Browse, follow and summarise the request logs LiteLLM's s3_v2 logger
// archived in the bucket (one StandardLoggingPayload JSON per request):
// list, show, tail, summary. Output is always redacted.
// Steered by: .env (or --env-file) with the process env over it —
// S3_LOG_BUCKET, S3_LOG_PREFIX, MINIO_ROOT_USER/MINIO_ROOT_PASSWORD (read
// access), MINIO_API_PORT, or S3_ENDPOINT_URL to point elsewhere;
// LOGS_CONCURRENCY (parallel GETs, default 16); NO_COLOR/FORCE_COLOR; DEBUG=1.
import { argv } from 'zx'
import { EXIT, runMain, usageError } from './lib/errors.ts'
import { readFlags } from './lib/flags.ts'
import { COMMANDS, isCommand, LOGS_FLAGS, runLogsCommand } from './lib/logs-commands.ts'
import { loadSettings } from './lib/settings.ts'

const HELP = `Usage: npx zx scripts/logs.ts [command] [flags]        (make logs ARGS="…")

Commands
  list                 requests of a day or window, newest first (default: today, UTC);
                       also what runs when no command is given
  show <id|key|last>   one request: messages, response, usage, cost, timings, error,
                       guardrails; <id> is the response id (chatcmpl-…), <key> the
                       object key (with or without the prefix), last the newest
  tail                 prints new requests as they land, until Ctrl-C
  summary              per day × model group: requests, failures, tokens, cost,
                       p50/p95 latency and a bar chart (default: the last 7 days)

Window (list, summary; show narrows its search with them)
  --date YYYY-MM-DD    one UTC day
  --since DURATION     the last 90s, 30m, 2h, 3d or 1w
  --all                every date in the bucket

Filters (list, tail, summary)
  --model NAME         model group (or the deployment's model)
  --status S           success or failure
  --team ALIAS         team alias of the virtual key
  --key-alias ALIAS    key alias of the virtual key

Output
  --limit N            list: at most N rows (default 50)
  --json               list/tail: one JSON object a line; summary: one JSON document
  --full               show: every field of the payload, as coloured JSON
  --raw                show: the stored JSON, one line
  --bar requests|cost  summary: what the bars measure (default requests)
  --concurrency N      parallel GETs (default 16, or LOGS_CONCURRENCY)
  --env-file FILE      read FILE instead of the kit's .env (alias --env)
  -h, --help           this text

Everything printed is redacted (authorization, cookies, api keys, tokens, the
kit's own secrets). Dates and times are UTC, as in the object keys. An empty day
or window is not an error: one line says so, exit 0.

Exit codes: 0 done (also: nothing in the window, tail stopped with Ctrl-C);
1 unexpected error; 2 usage: unknown command or flag, bad date/window/filter,
incomplete .env, or a show <id|key|last> that matches no object;
5 storage: bucket missing, wrong keys, S3 endpoint unreachable.`

async function main(): Promise<number> {
  const flags = readFlags(argv, LOGS_FLAGS, 'see --help')
  // No command: today's list, what `make logs` shows.
  if (flags._.length === 0) flags._.push('list')
  const command = flags._[0]
  if (flags.booleans.help || command === 'help') {
    console.log(HELP)
    return EXIT.ok
  }
  if (!isCommand(command)) throw usageError(`unknown command ${JSON.stringify(command)}`, `commands: ${COMMANDS.join(', ')} (see --help)`)
  return runLogsCommand(command, flags, loadSettings({ envFile: flags.strings['env-file'] }))
}

await runMain(main)
