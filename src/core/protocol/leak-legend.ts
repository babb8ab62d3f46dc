/**
 * Answers written in a code of the message's own: keys a legend defines ("A ✅ B ❌ (✅ = knight,
 * ❌ = knave)", "K, N, K … (K = knight, N = knave)"), values listed against names "respectively"
 * ("knight, knave, knight for A, B, C"), and a number given digit by digit by place ("the hundreds
 * digit is 1, the tens digit is 4 and the last digit is 3"). Each reading is handed to the
 * environment's reader like any other span, so it reads the answer however it is coded.
 */

/**
 * "✅ = knight", "K = knight", "N means knave": a short key and the word it stands for. Not "A is
 * honest" or "A: knight": those are claims and answers, which the readers see as written.
 */
const LEGEND =
  /(?<![\p{L}\p{N}])([^\s\p{L}\p{N}(),;:=]{1,2}|\p{Lu})\s*(?:=|means|stands for)\s*(\p{L}{2,})/gu;

/**
 * `text` with every key its legend defines replaced by the word it stands for (outside the legend),
 * or null when it defines none. A key is a symbol or a single capital letter.
 */
export function withLegend(text: string): string | null {
  const legend = new Map<string, string>();
  let rest = text;
  for (const m of text.matchAll(LEGEND)) {
    const [whole, key = '', word = ''] = m;
    if (!legend.has(key)) legend.set(key, word);
    rest = rest.replace(whole, ' ');
  }
  if (legend.size < 2) return null;
  let out = rest;
  for (const [key, word] of legend) {
    const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu'), ` ${word} `);
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * "knight, knave, knight for A, B, C" (or "… to A, B and C respectively"): each value beside its name.
 * Items are separated by a comma or a spaced "and", never by letters, so the pattern cannot split a
 * word two ways: it stays linear on any text (a nested `(\p{L}+(,|and))+` backtracks exponentially
 * on "candy and candy and …").
 */
const RESPECTIVELY =
  /(?<!\p{L})(\p{L}+(?:(?:\s*,\s*|\s+and\s+)\p{L}+)+)\s+(?:for|to|of)\s+(\p{Lu}(?:(?:\s*,\s*|\s+and\s+)\p{Lu})+)(?!\p{L})/gu;

/** The pairs a "values for names" list gives, as "A knight, B knave, C knight"; null when none. */
export function respectively(text: string): string | null {
  const out: string[] = [];
  for (const m of text.matchAll(RESPECTIVELY)) {
    const values = (m[1] ?? '').split(/\s*,\s*|\s+and\s+/).filter(Boolean);
    const names = (m[2] ?? '').split(/\s*,\s*|\s+and\s+/).filter(Boolean);
    if (values.length !== names.length) continue;
    out.push(names.map((n, i) => `${n} ${values[i]}`).join(', '));
  }
  return out.length > 0 ? out.join('; ') : null;
}

const PLACES: readonly [RegExp, number][] = [
  [/\bthousands?\b/i, 3],
  [/\bhundreds?\b/i, 2],
  [/\btens?\b/i, 1],
  [/\b(?:units?|ones?|last)\b/i, 0],
];

/** A number given digit by digit by its places ("the hundreds digit is 1 …"), or null. */
export function placeValueNumber(text: string): string | null {
  const digits = new Map<number, string>();
  for (const m of text.matchAll(/\b(\w+)\s+digits?\s+(?:is|=|:|should be|must be)\s+(\d)\b/gi)) {
    const place = PLACES.find(([word]) => word.test(m[1] ?? ''))?.[1];
    if (place !== undefined && !digits.has(place)) digits.set(place, m[2] ?? '');
  }
  if (digits.size < 2) return null;
  const top = Math.max(...digits.keys());
  let out = '';
  for (let place = top; place >= 0; place--) {
    const digit = digits.get(place);
    if (digit === undefined) return null;
    out += digit;
  }
  return out;
}
