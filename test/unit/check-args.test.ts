// check.ts's flags as zx (minimist) hands them over.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseArgv } from 'zx'
import { CHECK_HELP, DEFAULT_TIMEOUT_SECONDS, parseCheckArgs } from '../../scripts/lib/check-args.ts'
import { KitError } from '../../scripts/lib/errors.ts'

// The same parsing zx applies to a script's arguments.
const parse = (...args: string[]) => parseCheckArgs(parseArgv(args))

describe('parseCheckArgs', () => {
  const ok: Array<[string[], Partial<ReturnType<typeof parseCheckArgs>>]> = [
    [[], { help: false, model: undefined, timeout: DEFAULT_TIMEOUT_SECONDS, json: false, full: false, envFile: undefined }],
    [['--model', 'mock'], { model: 'mock' }],
    [['--model=nova-lite'], { model: 'nova-lite' }],
    [['--timeout', '5'], { timeout: 5 }],
    [['--timeout=0.5'], { timeout: 0.5 }],
    [['--json', '--full'], { json: true, full: true }],
    [['--no-json'], { json: false }],
    [['--env-file', '/tmp/x.env'], { envFile: '/tmp/x.env' }],
    [['--env', '/tmp/y.env'], { envFile: '/tmp/y.env' }],
    [['-h'], { help: true }],
    [['--help'], { help: true }],
  ]
  for (const [args, want] of ok) {
    test(`accepts ${args.join(' ') || '(nothing)'}`, () => {
      const got = parse(...args)
      for (const [k, v] of Object.entries(want)) assert.equal(got[k as keyof typeof got], v, k)
    })
  }

  const bad: Array<[string[], RegExp]> = [
    [['--bogus'], /unknown option --bogus/],
    [['-x'], /unknown option -x/],
    [['extra'], /unexpected argument "extra"/],
    [['--timeout'], /--timeout needs a number/],
    [['--timeout', 'abc'], /--timeout needs a number/],
    [['--timeout', '0'], /--timeout must be/],
    [['--timeout=-3'], /--timeout needs a number/],
    [['--timeout', '99999'], /--timeout must be/],
    [['--model'], /--model needs a value/],
    [['--model', 'a', '--model', 'b'], /more than once/],
    [['--json', 'yes-please'], /--json takes no value/],
    [['--env-file'], /--env-file needs a value/],
    [['--env'], /--env-file needs a value/],
  ]
  for (const [args, msg] of bad) {
    test(`refuses ${args.join(' ')} (exit 2)`, () => {
      assert.throws(() => parse(...args), (err: unknown) => err instanceof KitError && err.exitCode === 2 && msg.test(err.message))
    })
  }
})

test('--help names every flag and exit code', () => {
  for (const s of ['--model', '--timeout', '--json', '--full', '--env-file', 'LITELLM_URL', 'S3_ENDPOINT_URL']) assert.ok(CHECK_HELP.includes(s), s)
  for (const code of ['0 all passed', '1 unexpected', '2 usage', '3 proxy not ready', '4 completion failed', '5 log object not found']) assert.ok(CHECK_HELP.includes(code), code)
})
