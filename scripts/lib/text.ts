// Small text helpers shared by the messages and views of every script.

/** The first non-blank line, trimmed. */
export const firstLine = (text: string): string => text.split('\n').map((l) => l.trim()).find(Boolean) ?? ''

/** The last non-blank line, trimmed (a failed command's reason is usually there). */
export const lastLine = (text: string): string => text.split('\n').map((l) => l.trim()).filter(Boolean).at(-1) ?? ''

/** At most `max` characters (code points, so emoji are not cut in half), with … when cut. */
export function shorten(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}
