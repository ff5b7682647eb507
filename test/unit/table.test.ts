import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bar, displayWidth, fmtCost, fmtInt, fmtMs, renderTable, stripAnsi, truncate } from '../../scripts/lib/table.ts'

describe('displayWidth', () => {
  const cases: [string, number][] = [
    ['abc', 3],
    ['', 0],
    ['\u001b[31mred\u001b[39m', 3],
    ['日本語', 6],
    ['🌸x', 3],
    ['é', 1],
  ]
  for (const [s, w] of cases) it(JSON.stringify(s), () => assert.equal(displayWidth(s), w))
})

describe('truncate', () => {
  const cases: [string, number, string][] = [
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['a longer text', 6, 'a lon…'],
    ['日本語テキスト', 7, '日本語…'],
  ]
  for (const [s, max, want] of cases) it(`${s} / ${max}`, () => assert.equal(truncate(s, max), want))
})

describe('renderTable', () => {
  it('aligns columns by display width, numbers right, no trailing spaces', () => {
    const lines = renderTable(
      [
        { header: 'name', value: (r: { n: string; v: number }) => r.n },
        { header: 'value', align: 'right', value: (r) => String(r.v) },
        { header: 'tail', value: () => '' },
      ],
      [
        { n: 'a', v: 1 },
        { n: '日本', v: 1234 },
      ],
    )
    assert.deepEqual(lines, ['name  value  tail', 'a         1', '日本   1234'])
  })
  it('colours without breaking the layout', () => {
    const lines = renderTable([{ header: 'cost', align: 'right', value: (r: string) => r, color: (t) => `\u001b[32m${t}\u001b[39m` }], ['$1.00', '$10.00'])
    assert.deepEqual(lines.map(stripAnsi), ['  cost', ' $1.00', '$10.00'])
  })
})

describe('bar', () => {
  const cases: [number, number, number, string][] = [
    [10, 10, 4, '████'],
    [5, 10, 4, '██'],
    [1, 10, 4, '▍'],
    [0, 10, 4, ''],
    [1, 0, 4, ''],
    [0.001, 10, 4, '▏'],
    [20, 10, 4, '████'],
  ]
  for (const [v, max, w, want] of cases) it(`${v}/${max} in ${w}`, () => assert.equal(bar(v, max, w), want))
})

describe('formats', () => {
  const cases: [string, string][] = [
    [fmtInt(1234567), '1,234,567'],
    [fmtCost(0), '$0'],
    [fmtCost(0.000123), '$0.000123'],
    [fmtCost(0.00001), '$1.0e-5'],
    [fmtCost(12.345), '$12.35'],
    [fmtMs(null), '-'],
    [fmtMs(250.4), '250ms'],
    [fmtMs(1250), '1.25s'],
    [fmtMs(12_500), '12.5s'],
    [fmtMs(125_000), '2m05s'],
  ]
  cases.forEach(([got, want], i) => it(`case ${i}: ${want}`, () => assert.equal(got, want)))
})
