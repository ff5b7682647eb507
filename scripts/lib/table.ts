// Plain terminal tables and bars: column widths by display width (ANSI
// colours ignored, East Asian wide characters and emoji count 2), numbers
// right-aligned, and a block bar scaled to a maximum.

const ANSI = /\u001b\[[0-9;]*m/g
const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u
const ZERO = /[\u0300-\u036f\u200b-\u200f\ufe00-\ufe0f]/

export const stripAnsi = (s: string) => s.replace(ANSI, '')

export function displayWidth(s: string): number {
  let w = 0
  for (const ch of stripAnsi(s)) w += ZERO.test(ch) ? 0 : WIDE.test(ch) ? 2 : 1
  return w
}

/** Cuts to `max` display columns, with an ellipsis when cut (plain text only). */
export function truncate(s: string, max: number): string {
  if (displayWidth(s) <= max) return s
  let out = ''
  let w = 0
  for (const ch of s) {
    const cw = WIDE.test(ch) ? 2 : 1
    if (w + cw > max - 1) break
    out += ch
    w += cw
  }
  return `${out}…`
}

export interface Column<Row> {
  header: string
  align?: 'left' | 'right'
  /** Plain text used for width and cut; `color` may then wrap it. */
  value: (row: Row) => string
  color?: (text: string, row: Row) => string
  maxWidth?: number
}

const pad = (s: string, width: number, align: 'left' | 'right') => {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)))
  return align === 'right' ? fill + s : s + fill
}

/** Header line plus one line per row, columns two spaces apart, no trailing spaces. */
export function renderTable<Row>(columns: Column<Row>[], rows: Row[], opts: { header?: (s: string) => string } = {}): string[] {
  const cells = rows.map((r) => columns.map((c) => (c.maxWidth ? truncate(c.value(r), c.maxWidth) : c.value(r))))
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((row) => displayWidth(row[i] as string))))
  const line = (parts: string[]) => parts.join('  ').replace(/\s+$/, '')
  const head = line(columns.map((c, i) => pad(c.header, widths[i] as number, c.align ?? 'left')))
  const out = [opts.header ? opts.header(head) : head]
  rows.forEach((r, ri) => {
    out.push(
      line(
        columns.map((c, i) => {
          const text = cells[ri]?.[i] as string
          const padded = pad(text, widths[i] as number, c.align ?? 'left')
          const color = c.color
          return color && text ? padded.replace(text, () => color(text, r)) : padded
        }),
      ),
    )
  })
  return out
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉']

/** A horizontal bar of `width` columns for value/max, in eighths of a block. */
export function bar(value: number, max: number, width: number): string {
  if (!(max > 0) || !(value > 0)) return ''
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8))
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]
}

// Number formats shared by the log views.
export const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US')

export function fmtCost(usd: number): string {
  if (usd === 0) return '$0'
  if (usd < 0.0001) return `$${usd.toExponential(1)}`
  if (usd < 1) return `$${usd.toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}`
  return `$${usd.toFixed(2)}`
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-'
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`
}
