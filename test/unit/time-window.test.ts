import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KitError } from '../../scripts/lib/errors.ts'
import { datesBetween, inWindow, parseDuration, parseWindow, windowHasDate } from '../../scripts/lib/time-window.ts'

const NOW = Date.parse('2026-03-10T01:30:00Z')

describe('parseDuration', () => {
  const ok: [string, number][] = [
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['3d', 259_200_000],
    ['1w', 604_800_000],
    ['2H', 7_200_000],
  ]
  for (const [text, ms] of ok) it(text, () => assert.equal(parseDuration(text), ms))
  for (const bad of ['', '30', 'm', '0m', '-5m', '1.5h', '3 days', '5x', '99999d']) {
    it(`rejects ${JSON.stringify(bad)} with exit 2`, () =>
      assert.throws(() => parseDuration(bad), (e: unknown) => e instanceof KitError && e.exitCode === 2))
  }
})

describe('datesBetween', () => {
  const cases: [string, string, string[]][] = [
    ['2026-03-10T00:00:00Z', '2026-03-10T01:00:00Z', ['2026-03-10']],
    ['2026-03-09T23:00:00Z', '2026-03-10T01:00:00Z', ['2026-03-09', '2026-03-10']],
    ['2026-02-27T12:00:00Z', '2026-03-01T00:00:00Z', ['2026-02-27', '2026-02-28']],
    ['2026-02-27T12:00:00Z', '2026-03-01T00:00:01Z', ['2026-02-27', '2026-02-28', '2026-03-01']],
  ]
  for (const [from, to, want] of cases) it(`${from} .. ${to}`, () => assert.deepEqual(datesBetween(Date.parse(from), Date.parse(to)), want))
})

describe('parseWindow', () => {
  const cases: { name: string; opts: Parameters<typeof parseWindow>[0]; dates: string[] | null; from: number; to: number }[] = [
    { name: 'default: today', opts: {}, dates: ['2026-03-10'], from: Date.parse('2026-03-10T00:00:00Z'), to: Infinity },
    { name: 'default 7 days', opts: { defaultDays: 7 }, dates: ['2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10'], from: Date.parse('2026-03-04T00:00:00Z'), to: Infinity },
    { name: '--date', opts: { date: '2026-02-28' }, dates: ['2026-02-28'], from: Date.parse('2026-02-28T00:00:00Z'), to: Date.parse('2026-03-01T00:00:00Z') },
    { name: '--since 2h crosses midnight', opts: { since: '2h' }, dates: ['2026-03-09', '2026-03-10'], from: NOW - 7_200_000, to: Infinity },
    { name: '--since 30m', opts: { since: '30m' }, dates: ['2026-03-10'], from: NOW - 1_800_000, to: Infinity },
    { name: '--all', opts: { all: true }, dates: null, from: -Infinity, to: Infinity },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const w = parseWindow({ ...c.opts, now: NOW })
      assert.deepEqual(w.dates, c.dates)
      assert.equal(w.fromMs, c.from)
      assert.equal(w.toMs, c.to)
    })
  }
  const bad: [string, Parameters<typeof parseWindow>[0]][] = [
    ['not a date', { date: 'yesterday' }],
    ['impossible date', { date: '2026-02-30' }],
    ['both', { date: '2026-03-01', since: '2h' }],
    ['date and all', { date: '2026-03-01', all: true }],
    ['bad since', { since: '2 hours' }],
  ]
  for (const [name, opts] of bad) {
    it(`rejects ${name} (exit 2)`, () => assert.throws(() => parseWindow({ ...opts, now: NOW }), (e: unknown) => e instanceof KitError && e.exitCode === 2))
  }
  it('inWindow / windowHasDate', () => {
    const w = parseWindow({ date: '2026-03-01', now: NOW })
    assert.equal(inWindow(w, Date.parse('2026-03-01T23:59:59Z')), true)
    assert.equal(inWindow(w, Date.parse('2026-03-02T00:00:00Z')), false)
    assert.equal(windowHasDate(w, '2026-03-01'), true)
    assert.equal(windowHasDate(w, '2026-03-02'), false)
    assert.equal(windowHasDate(parseWindow({ all: true }), '1999-01-01'), true)
  })
})
