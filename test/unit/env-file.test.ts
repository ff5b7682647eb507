import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseEnv, formatEnvLine, writeFileAtomic, readEnvFile } from '../../scripts/lib/env-file.ts'
import { KitError } from '../../scripts/lib/errors.ts'

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kit-env-'))

const good: Array<[string, string, Record<string, string>]> = [
  ['plain', 'A=1\nB=two\n', { A: '1', B: 'two' }],
  ['comments and blanks', '# c\n\nA=1\n  # indented\n', { A: '1' }],
  ['empty value', 'A=\n', { A: '' }],
  ['export prefix', 'export A=1\n', { A: '1' }],
  ['quoted with #', "A='x # y'\n", { A: 'x # y' }],
  ['multi-line double quotes', 'A="l1\nl2"\nB=2\n', { A: 'l1\nl2', B: '2' }],
  ['model id with colon', 'BEDROCK_MODEL_ID=amazon.nova-lite-v1:0\n', { BEDROCK_MODEL_ID: 'amazon.nova-lite-v1:0' }],
]
for (const [name, text, expected] of good) test(`parseEnv: ${name}`, () => assert.deepEqual(parseEnv(text), expected))

const bad: Array<[string, string, RegExp]> = [
  ['no equals sign', 'A=1\nJUST_A_WORD\n', /line 2 is not NAME=value/],
  ['name starts with digit', '1A=1\n', /line 1/],
  ['merge conflict marker', 'A=1\n<<<<<<< HEAD\n', /line 2/],
  ['unclosed quote', 'A="open\nB=2\n', /never closed/],
]
for (const [name, text, re] of bad) {
  test(`parseEnv rejects: ${name}`, () => {
    assert.throws(() => parseEnv(text), (e: unknown) => e instanceof KitError && e.exitCode === 2 && re.test(e.message))
  })
}

test('formatEnvLine round-trips awkward values through parseEnv', () => {
  for (const v of ['', 'plain', 'with space', 'a#b', "it's", 'q"uote', '$HOME', 'back\\slash', "both ' and \""]) {
    assert.deepEqual(parseEnv(formatEnvLine('X', v) + '\n'), { X: v }, JSON.stringify(v))
  }
  assert.throws(() => formatEnvLine('X', 'a\'b"c`d'), KitError)
  assert.throws(() => formatEnvLine('X', 'two\nlines'), KitError)
})

test('writeFileAtomic: mode 0600, no temp files left, backup of the previous file', () => {
  const dir = tmp()
  const f = path.join(dir, '.env')
  assert.equal(writeFileAtomic(f, 'A=1\n'), null)
  assert.equal(fs.statSync(f).mode & 0o777, 0o600)
  fs.chmodSync(f, 0o644)
  const backup = writeFileAtomic(f, 'A=2\n', new Date('2026-12-04T10:00:00Z'))
  assert.ok(backup)
  assert.equal(path.basename(backup), '.env.bak-20261204T100000Z')
  assert.equal(fs.readFileSync(backup, 'utf8'), 'A=1\n')
  assert.equal(fs.statSync(backup).mode & 0o777, 0o600)
  assert.equal(fs.readFileSync(f, 'utf8'), 'A=2\n')
  assert.equal(fs.statSync(f).mode & 0o777, 0o600)
  // Same second again: a second backup, never overwriting the first.
  const b2 = writeFileAtomic(f, 'A=3\n', new Date('2026-12-04T10:00:00Z'))
  assert.notEqual(b2, backup)
  assert.equal(fs.readFileSync(backup, 'utf8'), 'A=1\n')
  assert.deepEqual(fs.readdirSync(dir).filter((x) => x.endsWith('.tmp')), [])
})

test('writeFileAtomic: a failed write leaves the old file intact', () => {
  const dir = tmp()
  const f = path.join(dir, '.env')
  writeFileAtomic(f, 'A=1\n')
  // Renaming onto a directory fails after the temp file was written.
  const asDir = path.join(dir, 'sub')
  fs.mkdirSync(path.join(asDir, 'x'), { recursive: true })
  assert.throws(() => writeFileAtomic(asDir, 'B=2\n'))
  assert.equal(fs.readFileSync(f, 'utf8'), 'A=1\n')
  assert.deepEqual(fs.readdirSync(dir).filter((x) => x.endsWith('.tmp')), [])
})

test('readEnvFile: null when missing', () => {
  assert.equal(readEnvFile(path.join(tmp(), 'nope')), null)
})
