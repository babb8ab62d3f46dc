/**
 * Reading a grid from the student's text, leniently: rows split by spaces, newlines, , | / or ;, with
 * box rules (`+---+`, `---`, `-+-`, `│`) and markdown tables (`| 1 | 2 |`, `|---|`) taken apart.
 */

export type GridRead = { kind: 'ok'; cells: number[] } | { kind: 'shape'; reason: string } | { kind: 'none' };

const LABEL = /\brow\s*\d+\s*[:.)=-]?/gi;
const NOISE = /[[\](){}"'`*]/g;
/** Between cells or rows: whitespace, punctuation, and the vertical strokes and joints of box rules. */
const SEPARATORS = /[\s,|/;+│┃┆║╎┼╋╬]+/;
/** What box rules are drawn with; a line of only these, with a horizontal stroke, is a rule. */
const DRAWING = /^[\s|+:=_\-–—─━═│┃║┼╋╬├┤┌┐└┘╔╗╚╝╠╣╦╩┬┴]*$/;
const HORIZONTAL = /[-–—─━═_=]/;
const isRule = (line: string): boolean => DRAWING.test(line) && HORIZONTAL.test(line);
/** A markdown table's header separator: `|---|:---:|`. */
const isMarkdownSeparator = (line: string): boolean =>
  /^[\s|:-]*$/.test(line) && line.includes('|') && line.includes('-');

/**
 * The text without rule lines, and without a markdown table's header row when it is one: when it
 * names columns ("| C1 | C2 |") or when n rows follow it. Otherwise (a table of n rows whose first row
 * had to be the header) the header is the grid's first row.
 */
function withoutRules(text: string, n: number): string {
  const lines = text.split('\n');
  const isHeader = (i: number): boolean => {
    const next = lines[i + 1];
    if (next === undefined || !isMarkdownSeparator(next)) return false;
    const rowsAfter = lines.slice(i + 2).filter((l) => /\d/.test(l)).length;
    return /[A-Za-z]/.test((lines[i] as string).replace(LABEL, '')) || rowsAfter >= n;
  };
  return lines.filter((line, i) => !isRule(line) && !isHeader(i)).join('\n');
}

/**
 * Read an n×n grid of digits 1..n. Accepts n groups of n digits, n² single digits, or n² digits run
 * together. 'none' when the text has no digit at all.
 */
export function readGrid(text: string, n: number): GridRead {
  const cleaned = withoutRules(text, n).replace(LABEL, ' ').replace(NOISE, ' ').trim();
  if (!/\d/.test(cleaned)) return { kind: 'none' };
  const groups = cleaned.split(SEPARATORS).filter((g) => g !== '');
  const bad = groups.join('').match(/[^1-9]/);
  if (bad) {
    return {
      kind: 'shape',
      reason: /\d/.test(bad[0]) ? `"${bad[0]}" is not a digit from 1 to ${n}` : `"${bad[0]}" is not a digit`,
    };
  }
  const digits = groups.join('');
  const out = [...digits].map(Number);
  const outOfRange = out.find((d) => d > n);
  if (outOfRange !== undefined)
    return { kind: 'shape', reason: `${outOfRange} is not a digit from 1 to ${n}` };
  const asRows = groups.length === n && groups.every((g) => g.length === n);
  if (asRows || digits.length === n * n) return { kind: 'ok', cells: out };
  const rowLike = groups.length > 1 && groups.every((g) => g.length > 1);
  return {
    kind: 'shape',
    reason: rowLike
      ? `expected ${n} rows of ${n} digits, found ${groups.length} rows of ${groups.map((g) => g.length).join(', ')} digits`
      : `expected ${n * n} digits, found ${digits.length}`,
  };
}

/**
 * A grid in untagged text: the last block of n consecutive lines that reads as rows, or the last line
 * that reads as a whole grid.
 */
export function findGrid(text: string, n: number): number[] | null {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !isRule(l));
  for (let end = lines.length; end >= 1; end--) {
    const one = readGrid(lines[end - 1] as string, n);
    if (one.kind === 'ok') return one.cells;
    if (end >= n) {
      const block = readGrid(lines.slice(end - n, end).join('\n'), n);
      if (block.kind === 'ok') return block.cells;
    }
  }
  return null;
}
