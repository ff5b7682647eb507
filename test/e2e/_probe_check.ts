import { startStack } from './stack.ts'
import { spawnSync } from 'node:child_process'
import process from 'node:process'
const t0 = Date.now()
const stack = await startStack({ hostEnv: { AWS_ACCESS_KEY_ID: 'ASIAEXAMPLEEXAMPLE12', AWS_SECRET_ACCESS_KEY: 'secretsecretsecret1234', AWS_SESSION_TOKEN: 'FwoGZXIvYXdzEtoken123456' } })
console.log('stack up in', Date.now() - t0, 'ms')
try {
  for (const args of [[], ['--model', 'nova-lite', '--json'], ['--full']]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/check.ts', '--env-file', stack.envFile, ...args], {
      env: { ...process.env, LITELLM_URL: stack.litellmUrl, S3_ENDPOINT_URL: stack.s3Endpoint, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, encoding: 'utf8' })
    console.log('rc', r.status, '\n', r.stdout, '\nSTDERR', r.stderr)
  }
  const r = await fetch(stack.litellmUrl + '/health/readiness'); console.log(await r.text())
} finally { await stack.stop() }
