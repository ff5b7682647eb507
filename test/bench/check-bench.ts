// Benchmark (a script, not a test): check.ts's wall time in the offline case,
// per step, and how long after the completion returned the log object was
// found, next to S3_FLUSH_INTERVAL_SECONDS. Target: found within the flush
// interval + 1.5 s.
//   node --import tsx test/bench/check-bench.ts      (needs .venv: bash test/e2e/setup-venv.sh)
//   BENCH_RUNS=N (default 5), S3_FLUSH_INTERVAL_SECONDS=N (default 2)
import { execFile } from 'node:child_process'
import process from 'node:process'
import { kitRoot, venvMissing } from '../e2e/procs.ts'
import { startStack } from '../e2e/stack.ts'

const runs = Number(process.env.BENCH_RUNS ?? 5)
const flush = Number(process.env.S3_FLUSH_INTERVAL_SECONDS ?? 2)
const targetMs = (flush + 1.5) * 1000

const missing = venvMissing()
if (missing) {
  console.error(`check-bench: ${missing}`)
  process.exit(2)
}

interface Step {
  name: string
  ok: boolean
  ms: number
}

function runCheck(envFile: string, env: Record<string, string>): Promise<{ code: number | null; wallMs: number; steps: Step[]; stderr: string }> {
  const t0 = Date.now()
  return new Promise((resolve) => {
    // Asynchronous: the S3 front lives in this process.
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/check.ts', '--json', '--env-file', envFile],
      { cwd: kitRoot, env: { ...process.env, ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, encoding: 'utf8' },
      (_err, stdout, stderr) => {
        let steps: Step[] = []
        try {
          steps = (JSON.parse(stdout) as { steps: Step[] }).steps
        } catch {
          // reported below as a failed run
        }
        resolve({ code: child.exitCode, wallMs: Date.now() - t0, steps, stderr })
      },
    )
  })
}

const t0 = Date.now()
const stack = await startStack({ env: { S3_FLUSH_INTERVAL_SECONDS: String(flush) } })
console.log(`stack up in ${Date.now() - t0} ms (LiteLLM from .venv, offline, mock model); S3_FLUSH_INTERVAL_SECONDS=${flush}, target: log within ${targetMs} ms`)
const rows: Array<Record<string, string | number>> = []
try {
  for (let i = 1; i <= runs; i++) {
    const r = await runCheck(stack.envFile, { LITELLM_URL: stack.litellmUrl, S3_ENDPOINT_URL: stack.s3Endpoint, CHECK_MODEL: 'mock' })
    const ms = (name: string) => r.steps.find((s) => s.name === name)?.ms ?? NaN
    const log = ms('log')
    rows.push({
      run: i,
      exit: r.code ?? 'signal',
      'readiness ms': ms('readiness'),
      'completion ms': ms('completion'),
      'log delay ms': log,
      'wall ms': r.wallMs,
      'within target': r.code === 0 && log <= targetMs ? 'yes' : 'NO',
    })
    if (r.code !== 0) console.error(`run ${i}: exit ${r.code}: ${r.stderr.trim().split('\n').at(-1)}`)
  }
} finally {
  await stack.stop()
}
console.table(rows)
const delays = rows.map((r) => Number(r['log delay ms'])).filter(Number.isFinite)
if (delays.length) {
  const sorted = [...delays].sort((a, b) => a - b)
  const mean = Math.round(delays.reduce((a, b) => a + b, 0) / delays.length)
  console.log(`log delay after the completion: min ${sorted[0]} ms, mean ${mean} ms, max ${sorted.at(-1)} ms (flush interval ${flush * 1000} ms, target ${targetMs} ms)`)
}
process.exitCode = rows.every((r) => r['within target'] === 'yes') ? 0 : 1
