// check.ts's flags, validated from zx's (minimist) argv: anything unknown or
// ill-typed is a usage error (exit 2), not a silently ignored option.
import { usageError } from './errors.ts'
import { readFlags } from './flags.ts'

export interface CheckArgs {
  help: boolean
  model: string | undefined
  /** Seconds for the whole run. */
  timeout: number
  json: boolean
  full: boolean
  envFile: string | undefined
}

export const DEFAULT_TIMEOUT_SECONDS = 60
const MAX_TIMEOUT_SECONDS = 3600

export const CHECK_HELP = `Usage: npx zx scripts/check.ts [--model M] [--timeout SECONDS] [--json] [--full] [--env-file F]

Checks the local gateway end to end:
  1 readiness   GET /health/readiness (or /health/readiness/details): the proxy is up
                and LiteLLM's S3 logger is among its success callbacks
  2 completion  POST /v1/chat/completions with the master key
  3 log         waits for the request's log object in the bucket (…_<response id>.json),
                prints the listing and the payload with secrets redacted

Options:
  --model M          model alias to call (default: CHECK_MODEL, else nova-lite, or mock when offline)
  --timeout SECONDS  bound for the whole run, readiness polling included (default ${DEFAULT_TIMEOUT_SECONDS})
  --json             print one JSON object {ok, steps, object, payload} (payload: the whole, redacted)
  --full             print the whole payload instead of a readable subset
  --env-file F       read settings from F instead of the kit's .env (alias --env)
  -h, --help         this text

Environment (overrides .env): LITELLM_URL (default http://127.0.0.1:$LITELLM_PORT),
S3_ENDPOINT_URL (default http://127.0.0.1:$MINIO_API_PORT), CHECK_MODEL, LITELLM_MASTER_KEY,
MINIO_ROOT_USER/MINIO_ROOT_PASSWORD (read the bucket), S3_LOG_BUCKET, S3_LOG_PREFIX,
S3_FLUSH_INTERVAL_SECONDS.

Exit codes: 0 all passed; 1 unexpected error; 2 usage or configuration error;
3 proxy not ready; 4 completion failed; 5 log object not found or storage error.
`

type RawArgs = Record<string, unknown> & { _?: unknown[] }

/** Parses zx's `argv`; throws a usage error (exit 2) with a one-line message. */
export function parseCheckArgs(raw: RawArgs): CheckArgs {
  const f = readFlags(raw, {
    string: ['model'],
    boolean: ['json', 'full'],
    number: ['timeout'],
  })
  const help = f.booleans.help ?? false
  if (f._.length && !help) throw usageError(`unexpected argument ${JSON.stringify(f._[0])}`, 'see --help')
  const timeout = f.numbers.timeout ?? DEFAULT_TIMEOUT_SECONDS
  if (timeout <= 0 || timeout > MAX_TIMEOUT_SECONDS) {
    throw usageError(`--timeout must be a number of seconds between 0 and ${MAX_TIMEOUT_SECONDS} (got ${timeout})`)
  }
  return {
    help,
    model: f.strings.model,
    timeout,
    json: f.booleans.json ?? false,
    full: f.booleans.full ?? false,
    envFile: f.strings['env-file'],
  }
}
