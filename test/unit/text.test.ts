import { test } from 'node:test'
import assert from 'node:assert/strict'
import { firstLine, lastLine, shorten } from '../../scripts/lib/text.ts'

const lines: Array<[string, string, string]> = [
  ['', '', ''],
  ['one', 'one', 'one'],
  ['\n  first \nmiddle\n last  \n\n', 'first', 'last'],
  ['\r\nwin\r\n', 'win', 'win'],
]
for (const [text, first, last] of lines) {
  test(`firstLine/lastLine of ${JSON.stringify(text)}`, () => {
    assert.equal(firstLine(text), first)
    assert.equal(lastLine(text), last)
  })
}

const cuts: Array<[string, number, string]> = [
  ['short', 10, 'short'],
  ['exactly10!', 10, 'exactly10!'],
  ['longer than ten', 10, 'longer th…'],
  ['🙂🙂🙂🙂', 3, '🙂🙂…'],
  ['日本語のテキスト', 4, '日本語…'],
]
for (const [text, max, want] of cuts) test(`shorten(${JSON.stringify(text)}, ${max})`, () => assert.equal(shorten(text, max), want))
