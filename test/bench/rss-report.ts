// Preloaded into the benchmarked process (node --import): reports its peak RSS on exit.
import process from 'node:process'

process.on('exit', () => {
  process.stderr.write(`BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`)
})
