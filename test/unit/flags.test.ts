import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFlags } from '../../scripts/lib/flags.ts'
import { KitError } from '../../scripts/lib/errors.ts'

const spec = { string: ['profile'], boolean: ['yes', 'help'], number: ['timeout'], alias: { h: 'help', y: 'yes' } }

const ok: Array<[string, Record<string, unknown>, object]> = [
  ['nothing', { _: [] }, { _: [], strings: {}, booleans: {}, numbers: {} }],
  ['string', { _: [], profile: 'dev' }, { _: [], strings: { profile: 'dev' }, booleans: {}, numbers: {} }],
  ['numeric profile name stays a string', { _: [], profile: 123 }, { _: [], strings: { profile: '123' }, booleans: {}, numbers: {} }],
  ['alias', { _: ['list'], h: true, y: true }, { _: ['list'], strings: {}, booleans: { help: true, yes: true }, numbers: {} }],
  ['--no-yes', { _: [], yes: false }, { _: [], strings: {}, booleans: { yes: false }, numbers: {} }],
  ['number', { _: [], timeout: 30 }, { _: [], strings: {}, booleans: {}, numbers: { timeout: 30 } }],
  ['number as text', { _: [], timeout: '2.5' }, { _: [], strings: {}, booleans: {}, numbers: { timeout: 2.5 } }],
]
for (const [name, argv, expected] of ok) test(`readFlags: ${name}`, () => assert.deepEqual(readFlags(argv, spec), expected))

const bad: Array<[string, Record<string, unknown>, RegExp]> = [
  ['unknown', { _: [], profle: 'x' }, /unknown option --profle/],
  ['unknown short', { _: [], x: true }, /unknown option -x/],
  ['string without value', { _: [], profile: true }, /--profile needs a value/],
  ['string twice', { _: [], profile: ['a', 'b'] }, /more than once/],
  ['boolean with value', { _: [], yes: 'please' }, /--yes takes no value/],
  ['bad number', { _: [], timeout: 'soon' }, /--timeout needs a number/],
  ['negative number', { _: [], timeout: -1 }, /--timeout needs a number/],
]
for (const [name, argv, re] of bad) {
  test(`readFlags rejects ${name}`, () => assert.throws(() => readFlags(argv, spec), (e) => e instanceof KitError && e.exitCode === 2 && re.test(e.message)))
}

test('every script takes --help/-h and --env-file/--env without declaring them', () => {
  assert.deepEqual(readFlags({ _: [], h: true, env: '/x/.env' }, {}), { _: [], strings: { 'env-file': '/x/.env' }, booleans: { help: true }, numbers: {} })
  assert.throws(() => readFlags({ _: [], 'env-file': true }, {}), /--env-file needs a value/)
})
