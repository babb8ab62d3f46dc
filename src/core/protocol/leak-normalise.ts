/**
 * The leak guard's normalisation, written once for every environment: the ways a teacher spells an
 * answer out that say the same thing as the answer's own tokens. Number words become digits
 * ("forty-two" → 42, "six four three" → 6 4 3), direction words and arrows become the letters paths
 * are written in, run lengths are expanded ("right twice", "3 steps down", "R×3" → r r r), and a
 * number that only labels a row, step or disk ("row 2: 1342", "disk 1 B to A") is set aside, so the
 * token rules and the environment's reader see the answer however it is worded.
 */

const UNITS: Readonly<Record<string, number>> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Readonly<Record<string, number>> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Readonly<Record<string, number>> = { hundred: 100, thousand: 1000 };

/** Direction words and arrows map to the letters paths are written in, so 'go right' matches 'R'. */
const WORD_MAP: Readonly<Record<string, string>> = {
  up: 'u',
  upward: 'u',
  upwards: 'u',
  north: 'u',
  down: 'd',
  downward: 'd',
  downwards: 'd',
  south: 'd',
  left: 'l',
  leftward: 'l',
  leftwards: 'l',
  west: 'l',
  right: 'r',
  rightward: 'r',
  rightwards: 'r',
  east: 'r',
};
const ARROWS: Readonly<Record<string, string>> = { '↑': 'u', '↓': 'd', '←': 'l', '→': 'r' };
const DIRECTIONS = new Set(['u', 'd', 'l', 'r']);
/** "twice" and its kin: a run length written as one word. */
const MULTIPLIERS: Readonly<Record<string, number>> = { once: 1, twice: 2, thrice: 3 };
/** Words that may follow a count of moves: "3 times", "two steps", "2 cells". */
const COUNT_UNITS = new Set(['x', 'time', 'times', 'step', 'steps', 'move', 'moves', 'cell', 'cells']);
/** A count above this is not a run length (it is a number in prose), so it is never expanded. */
const MAX_RUN = 20;
/** Words whose following number only labels a place in the answer ("row 2", "step 3", "disk 1"). */
const LABEL_NUMBER = /\b(rows?|columns?|col|line|step|move|disk|box)\s*#?\d+\b/gi;

/** A record's own entry only: 'constructor' and 'toString' are words, not numbers. */
const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;
const isWord = (w: string | undefined): w is string => w !== undefined && /^\p{L}+$/u.test(w);
const joins = (sep: string | undefined): boolean => sep !== undefined && /^[ \t-]+$/.test(sep);

/** The number words starting at word index `i` of `parts` (words and separators alternate). */
function numberWords(parts: readonly string[], i: number): string[] {
  const out: string[] = [];
  for (let k = i; k < parts.length; k += 2) {
    const w = (parts[k] ?? '').toLowerCase();
    const known = [UNITS, TENS, SCALES].some((r) => own(r, w) !== undefined);
    if (!(known || w === 'and' || w === 'a')) break;
    out.push(w);
    if (!joins(parts[k + 1])) break;
  }
  return out;
}

/**
 * Read one spelled number from `seq`: [a|unit|tens [unit]] [hundred|thousand [and]] …, e.g. "six
 * hundred and forty three". Two units in a row are two numbers ("six four" is 6, then 4), as a
 * teacher spells digits out. Returns the value and how many words it took, or null.
 */
function readNumber(seq: readonly string[]): { value: number; words: number } | null {
  let pos = 0;
  let total = 0;
  let group = 0;
  let any = false;
  const at = (k: number) => seq[k] ?? '';
  const unitAt = (k: number) => own(UNITS, at(k));
  const tensAt = (k: number) => own(TENS, at(k));
  const scaleAt = (k: number) => own(SCALES, at(k));
  for (;;) {
    const tens = tensAt(pos);
    const first = unitAt(pos);
    if (at(pos) === 'a' && scaleAt(pos + 1) !== undefined) {
      group += 1;
      pos++;
    } else if (tens !== undefined) {
      group += tens;
      pos++;
      const unit = unitAt(pos);
      if (unit !== undefined && unit > 0 && unit < 10) {
        group += unit;
        pos++;
      }
    } else if (first !== undefined) {
      group += first;
      pos++;
    } else break;
    any = true;
    const scale = scaleAt(pos);
    if (scale === undefined) break;
    pos++;
    if (scale === 100) group *= 100;
    else {
      total += group * scale;
      group = 0;
    }
    const more = (k: number) =>
      unitAt(k) !== undefined || tensAt(k) !== undefined || (at(k) === 'a' && scaleAt(k + 1) !== undefined);
    if (at(pos) === 'and' && more(pos + 1)) pos++;
    if (!more(pos)) break;
  }
  return any ? { value: total + group, words: pos } : null;
}

/** Whether the word at `parts[i]` has a number word beside it, across spaces, commas or hyphens. */
function amongNumbers(parts: readonly string[], i: number): boolean {
  const isNumber = (w: string | undefined) =>
    w !== undefined &&
    (own(UNITS, w.toLowerCase()) !== undefined || own(TENS, w.toLowerCase()) !== undefined);
  const near = (sep: string | undefined) => sep !== undefined && /^[\s,;-]+$/.test(sep);
  return (near(parts[i - 1]) && isNumber(parts[i - 2])) || (near(parts[i + 1]) && isNumber(parts[i + 2]));
}

/**
 * `text` with every spelled number written in digits: "six hundred and forty-three" → "643". A lone
 * "one" is left alone ("one of your steps", "one away"): it is a pronoun far more often than a number.
 */
export function spellOutNumbers(text: string): string {
  const parts = text.split(/(\p{L}+)/u);
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (i % 2 === 1 && isWord(part)) {
      const number = readNumber(numberWords(parts, i));
      if (number && !(number.words === 1 && part.toLowerCase() === 'one' && !amongNumbers(parts, i))) {
        out += String(number.value);
        i += 2 * (number.words - 1);
        continue;
      }
    }
    out += part;
  }
  return out;
}

/**
 * `text` with spelled numbers in digits and arithmetic words as symbols ("nine times four plus
 * three" → "9 * 4 + 3"): the form an expression reader reads.
 */
export function spellOutArithmetic(text: string): string {
  return spellOutNumbers(text)
    .replace(/\bmultiplied\s+by\b|\btimes\b/gi, '*')
    .replace(/\bdivided\s+by\b/gi, '/')
    .replace(/\bplus\b/gi, '+')
    .replace(/\bminus\b/gi, '-');
}

const countOf = (token: string | undefined): number | null => {
  const m = /^x?(\d{1,2})$/.exec(token ?? '');
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= MAX_RUN ? n : null;
};

/**
 * Expand run lengths: "r 2 times", "r x3", "r twice", "2 steps r" become "r r …". A direction
 * directly after a count needs a unit word between ("3 steps down"), so a stray number next to a
 * direction word in prose is left alone.
 */
function expandRuns(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    const next = tokens[i + 1];
    if (DIRECTIONS.has(t)) {
      const skipX = next === 'x' ? 1 : 0;
      const multiplier = own(MULTIPLIERS, next ?? '');
      const times = multiplier ?? countOf(tokens[i + 1 + skipX]);
      if (times !== null) {
        out.push(...new Array<string>(times).fill(t));
        i += 1 + (multiplier !== undefined ? 0 : skipX);
        if (COUNT_UNITS.has(tokens[i + 1] ?? '')) i++;
        continue;
      }
    }
    const count = countOf(t);
    const dir = tokens[i + 2] ?? '';
    // "3 steps down" is a run; "the first two moves R R" counts the list that follows, not a run.
    let listed = 0;
    while (DIRECTIONS.has(tokens[i + 2 + listed] ?? '')) listed++;
    const countsList = count !== null && count >= 2 && listed === count;
    if (count !== null && COUNT_UNITS.has(next ?? '') && DIRECTIONS.has(dir) && !countsList) {
      out.push(...new Array<string>(count).fill(dir));
      i += 2;
      continue;
    }
    out.push(t);
  }
  return out;
}

/**
 * Drop the digits right after a label word: "row 2: 1342" → "row: 1342", "disk 1 B to A" → "disk B
 * to A". Only digits: "row four two one three" spells a row out, it does not label one.
 */
function dropLabelNumbers(text: string): string {
  return text.replace(LABEL_NUMBER, '$1');
}

/**
 * Normalise text to tokens: spelled numbers to digits, lowercase, arrows and direction words to
 * u/d/l/r, punctuation to spaces, run lengths expanded, the digits that label a row or step dropped.
 */
export function normalizeTokens(text: string): string[] {
  const lowered = spellOutNumbers(dropLabelNumbers(text.normalize('NFKC')))
    .toLowerCase()
    .replace(/[↑↓←→]/gu, (c) => ` ${own(ARROWS, c) ?? ''} `);
  const tokens = lowered
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .split(' ')
    .filter((t) => t.length > 0)
    .map((t) => own(WORD_MAP, t) ?? t);
  return expandRuns(tokens);
}

/**
 * The moves a message spells out, in order, as a path answer ("go down twice, then right" → "D D R"),
 * or null when it names fewer than two: what a path reader should see in it.
 */
export function directionMoves(text: string): string | null {
  const moves = normalizeTokens(text).filter((t) => DIRECTIONS.has(t));
  return moves.length >= 2 ? moves.join(' ').toUpperCase() : null;
}

/** An arithmetic expression in a clause: digits, operators and brackets, ending on a digit or ')'. */
const EXPRESSION = /[\d(][\d\s+\-*/×÷()]*[\d)]/;
const LEADING_OPERATION = /^\s*([+\-*/×÷])\s*(\d+)/;
const RESULT = /=\s*(\d+)/;

/**
 * The digits a message gives in reading order, run together, or null when it gives fewer than four or
 * numbers of mixed lengths: "Row 1 should read 1, 3, 4, 2. The second row is 4 2 3 1…" →
 * "13424231…" (the numbers that label a row or column set aside). With `transposed`, a square grid
 * given column by column is read back row by row.
 */
export function digitsInOrder(text: string, transposed = false): string | null {
  const numbers = normalizeTokens(text).filter((t) => /^\d+$/.test(t));
  const digits = numbers.join('');
  if (digits.length < 4 || new Set(numbers.map((n) => n.length)).size !== 1) return null;
  if (!transposed) return digits;
  const side = Math.round(Math.sqrt(digits.length));
  if (side * side !== digits.length) return null;
  return Array.from(
    { length: digits.length },
    (_, k) => digits[(k % side) * side + Math.floor(k / side)],
  ).join('');
}

/** An equation written result first: "93 = 100 - 7". */
const RESULT_FIRST = /^\D*?(\d+)\s*=\s*([\d(][\d\s+\-*/×÷()]*[\d)])/;
/** "start from 100", "take 100", "begin with 100": where a chain of operations starts. */
const START = /\b(?:start(?:ing)?\s+(?:from|with|at)|begin\s+with|take)\s+(\d+)\b/i;

/** `text` in the form the steps are read in: numbers and arithmetic words as symbols, one notation. */
function stepText(text: string): string {
  return spellOutArithmetic(
    text
      .replace(/[−–]/g, '-')
      // A bullet before a word is not a minus ("- start from 100").
      .replace(/^\s*[-*•]\s+(?=\p{L})/gmu, '')
      .replace(/→\s*(?=\d)/g, '= ')
      // "add one": after an operation, "one" is a number, not a pronoun.
      .replace(/\b(add|subtract|plus|minus|times|take\s+away|by)\s+one\b/gi, '$1 1'),
  )
    .replace(/\bmultiply\s+(\d+)\s+by\s+(\d+)/gi, '$1 * $2')
    .replace(/\bdivide\s+(\d+)\s+by\s+(\d+)/gi, '$1 / $2')
    .replace(/\b(?:to\s+get|gives?|makes?|equals?|leaves?|is)\s+(?=\d)/gi, '= ')
    .replace(/\badd\s+(?=\d)/gi, '+ ')
    .replace(/\b(?:subtract|take\s+away|remove)\s+(?=\d)/gi, '- ')
    .replace(/\b(?:multiply\s+by|times\s+by|double)\s+(?=\d)/gi, '* ');
}

/**
 * The expressions a message's worked steps build, one clause at a time ("Multiply 9 by 4 to get 36,
 * then add 3" → "(9 * 4) + 3"; "9 × 4 = 36, and 36 + 3 = 39" → "(9 × 4) + 3"; "Take a hundred,
 * subtract eight, then add one" → "((100) - 8) + 1"), each with the numbers other steps define
 * written as their steps ("93 = 100 - 7. And 7 = 8 - 1" → "100 - (8 - 1)"). Empty when the steps
 * build none: a teacher who walks through the arithmetic has written the expression out.
 */
export function workedExpressions(text: string): string[] {
  return readSteps(text).all;
}

/** What {@link workedExpressions} reads: each step's expression in order, and with later definitions. */
function readSteps(text: string): { built: string[]; all: string[] } {
  const results = new Map<string, string>();
  const built: string[] = [];
  let current: string | null = null;
  let steps = 0;
  const substitute = (expr: string, own?: string) =>
    expr.replace(/\d+/g, (n) => (n !== own && results.has(n) ? `(${results.get(n)})` : n)).trim();
  for (const clause of stepText(text).split(/[,;\n]|\.(?!\d)|\bthen\b|\band\b/i)) {
    const lead = LEADING_OPERATION.exec(clause);
    const start = START.exec(clause);
    const first = RESULT_FIRST.exec(clause);
    const found = EXPRESSION.exec(clause.split('=')[0] ?? '');
    let result = RESULT.exec(clause)?.[1];
    if (lead && current !== null) {
      current = `(${current}) ${lead[1]} ${lead[2]}`;
      steps++;
    } else if (first && /[+\-*/×÷]/.test(first[2] ?? '')) {
      current = substitute(first[2] ?? '');
      result = first[1];
      steps++;
    } else if (found && /[+\-*/×÷]/.test(found[0])) {
      current = substitute(found[0]);
      steps++;
    } else if (start) {
      current = start[1] ?? null;
      continue;
    } else continue;
    built.push(current);
    if (result !== undefined) results.set(result, current);
  }
  if (steps < 2) return { built: [], all: [] };
  // A later step may define a number an earlier one used ("93 = 100 - 7. And 7 = 8 - 1").
  return { built, all: [...new Set(built.flatMap((expr) => [expr, substitute(expr)]))] };
}

/** The expression the last step builds (see {@link workedExpressions}), or null when the steps build none. */
export function workedSteps(text: string): string | null {
  return readSteps(text).built.at(-1) ?? null;
}
