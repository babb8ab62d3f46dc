/**
 * Math as models typeset it, rewritten as plain text the expression tokenizer reads: LaTeX
 * (`\times`, `\cdot`, `\div`, `\frac{a}{b}`, `\left(`…`\right)`, `$…$`, `\(…\)`, `\[…\]`, `\boxed{…}`).
 * Unicode operators (× ÷ − ·) need no rewriting: the tokenizer reads them itself.
 */

const OPERATORS: Record<string, string> = {
  times: '*',
  cdot: '*',
  ast: '*',
  div: '/',
  over: '/',
};
/** `\frac{a}{b}` with brace-free arguments: applied innermost first until none is left. */
const FRAC = /\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/;
/** Fractions nested deeper than this are left as they are (and fail to parse): no answer needs more. */
const MAX_FRAC_DEPTH = 8;
/** Delimiters that only say "this is math". */
const DELIMITERS = /\$\$?|\\[()[\]]/g;
/** `\left(`, `\right]`, `\bigl(`…: sizing commands before a bracket say nothing about the value. */
const SIZED = /\\(?:left|right|[bB]ig{1,2}[lr]?)\s*(\\?[()[\]{}]|\.)/g;
/** Spacing commands: `\,`, `\;`, `\!`, `\ `, `\quad`, `\qquad`. */
const SPACING = /\\[,;:! ]|\\q?quad\b/g;
/** `\text{…}` and its kin: words, not grouping. */
const TEXT = /\\(?:text|mathrm|textrm|mathbf|textbf)\s*\{([^{}]*)\}/g;
const COMMAND = /\\([A-Za-z]+)\s*/g;

/**
 * The text with LaTeX math rewritten as plain operators and parentheses (an unknown command such as
 * `\boxed` or `\text` is dropped and its braces become parentheses, which keeps its grouping). Text
 * without a backslash or `$` comes back unchanged.
 */
export function plainMath(text: string): string {
  if (!/[\\$]/.test(text)) return text;
  let out = text.replace(SIZED, (_, bracket: string) => (bracket === '.' ? '' : bracket.replace('\\', '')));
  for (let before = '', depth = 0; before !== out && depth < MAX_FRAC_DEPTH; depth++) {
    before = out;
    out = out.replace(FRAC, (_, a: string, b: string) => `((${a})/(${b}))`);
  }
  return out
    .replace(TEXT, ' $1 ')
    .replace(DELIMITERS, ' ')
    .replace(SPACING, ' ')
    .replace(COMMAND, (_, name: string) => (OPERATORS[name] ? ` ${OPERATORS[name]} ` : ''))
    .replace(/\{/g, '(')
    .replace(/\}/g, ')');
}
