// Benchmark (a script, not a test): `logs summary` over 1,000 and 10,000
// objects on the e2e suite's local S3 server, next to sequential GETs of the
// same objects in the same run. Prints objects per second and peak RSS.
//   node --import tsx test/bench/logs-bench.ts [--sizes 1000,10000] [--concurrency 16] [--latency-ms 0]
// --latency-ms N puts a TCP proxy that delays every chunk by N ms each way in
// front of the server (a MinIO or S3 across a network instead of loopback);
// sequential GETs are then timed on the first --seq-sample keys (default 1000).
// Needs the kit's .venv (bash test/e2e/setup-venv.sh) for the moto server.
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import process from 'node:process'
import { argv } from 'zx'
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3'
import { uploadRequests, type FakeRequest } from '../e2e/log-payloads.ts'
import { run } from '../helpers/run.ts'
import { kitRoot, venvMissing } from '../e2e/procs.ts'
import { rootClient, startS3Server } from '../e2e/s3-server.ts'

const CREDS = { rootUser: 'bench-admin', rootPassword: 'BenchPassword0123456789', writerAccessKey: 'bench-writer', writerSecretKey: 'BenchWriter0123456789' }
const BUCKET = 'litellm-log-archive'
const PREFIX = 'request_logs/'
const sizes = String(argv.sizes ?? '1000,10000').split(',').map(Number)
const concurrency = Number(argv.concurrency ?? 16)
const latencyMs = Number(argv['latency-ms'] ?? 0)
const seqSample = Number(argv['seq-sample'] ?? (latencyMs > 0 ? 1000 : Infinity))

/** A TCP proxy to `target` that delays every chunk by `ms` in both directions. */
async function delayProxy(target: string, ms: number): Promise<{ endpoint: string; close(): void }> {
  const { hostname, port } = new URL(target)
  const pipe = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk) => setTimeout(() => to.write(chunk), ms))
    from.on('end', () => setTimeout(() => to.end(), ms))
    from.on('error', () => to.destroy())
  }
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname)
    pipe(client, upstream)
    pipe(upstream, client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, close: () => server.close() }
}

const missing = venvMissing()
if (missing) {
  console.error(`logs-bench: ${missing}`)
  process.exit(2)
}

// One date per size, so `summary --date` reads exactly that many objects.
const dateFor = (i: number) => `2026-01-${String(10 + i).padStart(2, '0')}`
function* requests(date: string, n: number): Generator<FakeRequest> {
  const day = Date.parse(`${date}T00:00:00Z`)
  const models = ['mock', 'nova-lite', 'mock-b']
  for (let i = 0; i < n; i++) {
    const teamed = i % 10 === 0
    yield {
      id: `chatcmpl-bench-${date}-${i}`,
      start: new Date(day + Math.floor((i * 86_000_000) / n)),
      modelGroup: models[i % 3],
      status: i % 50 === 0 ? 'failure' : 'success',
      stream: i % 4 === 0,
      latencyMs: 200 + ((i * 37) % 3000),
      team: teamed ? 'team-a' : undefined,
      keyAlias: teamed ? 'alice' : undefined,
      prompt: `prompt ${i} `.repeat(20),
      answer: `answer ${i} `.repeat(40),
    }
  }
}

async function listKeys(s3: S3Client, date: string): Promise<string[]> {
  const keys: string[] = []
  for (const folder of [`${PREFIX}${date}/`, `${PREFIX}team-a/alice/${date}/`]) {
    let token: string | undefined
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: folder, ContinuationToken: token }))
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key)
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
  }
  return keys
}

async function sequentialGets(s3: S3Client, keys: string[]): Promise<number> {
  const t0 = performance.now()
  for (const key of keys) {
    const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))
    JSON.parse((await res.Body?.transformToString('utf8')) ?? '')
  }
  return (performance.now() - t0) / 1000
}

interface SummaryRun {
  seconds: number
  maxRssMb: number
  requests: number
}

async function runSummary(envFile: string, endpoint: string, args: string[]): Promise<SummaryRun> {
  const t0 = performance.now()
  const r = await run(
    process.execPath,
    ['--import', 'tsx', '--import', './test/bench/rss-report.ts', 'scripts/logs.ts', 'summary', '--json', '--env-file', envFile, '--concurrency', String(concurrency), ...args],
    { cwd: kitRoot, env: { ...process.env, NODE_NO_WARNINGS: '1', S3_ENDPOINT_URL: endpoint }, timeoutMs: 3_600_000 },
  )
  const seconds = (performance.now() - t0) / 1000
  if (r.code !== 0) throw new Error(`summary exited ${r.code}: ${r.stderr}`)
  const rss = /BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr)
  const doc = JSON.parse(r.stdout) as { totals: { requests: number } }
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, requests: doc.totals.requests }
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d })

const s3 = await startS3Server({ ...CREDS, bucket: BUCKET, prefix: PREFIX, createBucket: true })
const proxy = latencyMs > 0 ? await delayProxy(s3.endpoint, latencyMs) : null
const endpoint = proxy?.endpoint ?? s3.endpoint
const root = rootClient(s3.endpoint, CREDS.rootUser, CREDS.rootPassword)
const reader = rootClient(endpoint, CREDS.rootUser, CREDS.rootPassword)
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'logs-bench-'))
const envFile = path.join(dir, '.env')
fs.writeFileSync(envFile, `MINIO_ROOT_USER=${CREDS.rootUser}\nMINIO_ROOT_PASSWORD=${CREDS.rootPassword}\nS3_LOG_BUCKET=${BUCKET}\nS3_LOG_PREFIX=${PREFIX}\n`, { mode: 0o600 })
try {
  console.log(`node ${process.version}, ${os.cpus().length} CPUs; S3: moto ${s3.backend} behind the MinIO-like front ${s3.endpoint}; --concurrency ${concurrency}${proxy ? `; +${latencyMs} ms each way (${endpoint})` : ''}`)
  for (const [i, n] of sizes.entries()) {
    const t0 = performance.now()
    await uploadRequests(root, BUCKET, PREFIX, requests(dateFor(i), n), 64)
    console.log(`uploaded ${fmt(n)} objects in ${fmt((performance.now() - t0) / 1000, 1)} s`)
  }
  // Start-up, .env, discovery and an empty listing: subtracted from the timed runs.
  const empty = await runSummary(envFile, endpoint, ['--date', '2025-01-01'])
  console.log(`empty summary (start-up baseline): ${fmt(empty.seconds, 2)} s, peak RSS ${fmt(empty.maxRssMb, 1)} MB`)
  const rows: string[][] = []
  for (const [i, n] of sizes.entries()) {
    const date = dateFor(i)
    const keys = await listKeys(root, date)
    if (keys.length !== n) throw new Error(`listed ${keys.length} keys for ${date}, expected ${n}`)
    const sample = keys.slice(0, Math.min(keys.length, seqSample))
    const seqRate = sample.length / (await sequentialGets(reader, sample))
    const run = await runSummary(envFile, endpoint, ['--date', date])
    if (run.requests !== n) throw new Error(`summary counted ${run.requests}, expected ${n}`)
    const net = Math.max(0.001, run.seconds - empty.seconds)
    rows.push([
      fmt(n),
      fmt(seqRate),
      fmt(n / run.seconds),
      fmt(n / net),
      `${fmt(n / net / seqRate, 1)}×`,
      fmt(run.seconds, 2),
      fmt(run.maxRssMb, 1),
    ])
  }
  const head = ['objects', 'seq GET/s', 'summary obj/s (wall)', 'summary obj/s (net of start-up)', 'speed-up (net)', 'summary s', 'peak RSS MB']
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)))
  for (const r of [head, ...rows]) console.log(r.map((x, c) => x.padStart(widths[c] as number)).join('  '))
} finally {
  root.destroy()
  reader.destroy()
  proxy?.close()
  await s3.stop()
  fs.rmSync(dir, { recursive: true, force: true })
}
