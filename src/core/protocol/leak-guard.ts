/**
 * The leak guard: does a teacher message give away the reference answer?
 *
 * Environment-agnostic: it works on normalised token streams, so the same rules cover a maze path
 * ('R R D L' or 'RRDL'), a number ('42'), a word list ('knight knave knight') and a grid string.
 * It is deliberately conservative (a flagged message costs a regeneration; a missed leak spoils the
 * measurement). Known limits: a reference of one single character ('7', 'R') cannot be guarded
 * without flagging ordinary prose, so it is never flagged; and a teacher quoting a student attempt that
 * is already ≥ 80% right can be flagged unless the attempt is passed in `options.attempt`.
 */
import { normalizeTokens } from './leak-normalise';
import type { LeakCheck } from './types';

export { normalizeTokens } from './leak-normalise';

/** A reference of ≥ 3 tokens leaks when this fraction of its tokens appears in order, close together. */
export const LEAK_OVERLAP_THRESHOLD = 0.8;
/** The in-order match must fit within this many message tokens per reference token (allows filler words). */
export const LEAK_WINDOW_FACTOR = 3;
/** A spaceless reference this long (e.g. 'RRDLU', a grid string) also leaks as a substring of a message token. */
export const MIN_SUBSTRING_CHARS = 4;

const NO_LEAK: LeakCheck = { leaked: false, overlap: 0, reason: null };

const isDigits = (t: string) => /^\d+$/.test(t);

/**
 * Join each run of single-character tokens ('r r d l' → 'rrdl') and each run of numbers ('41 32' →
 * '4132'): paths and grids with or without spaces, or with their digits grouped differently.
 */
function compactTokens(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let run = '';
  let last = '';
  for (const t of tokens) {
    const joinable = (t.length === 1 && last.length === 1) || (isDigits(t) && isDigits(last));
    if (run && joinable) run += t;
    else {
      if (run) out.push(run);
      run = t.length === 1 || isDigits(t) ? t : '';
      if (!run) out.push(t);
    }
    last = run ? t : '';
  }
  if (run) out.push(run);
  return out;
}

function containsRun(haystack: readonly string[], needle: readonly string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Length of the longest common subsequence of two token lists (two-row DP). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? 0;
}

/**
 * The most reference tokens found in order inside any window of the message of
 * `LEAK_WINDOW_FACTOR × |ref|` tokens: a near-verbatim copy with filler words still scores high,
 * while the same tokens scattered over a long message do not.
 */
function windowedInOrderMatch(ref: readonly string[], msg: readonly string[]): number {
  const window = Math.max(ref.length, Math.ceil(LEAK_WINDOW_FACTOR * ref.length));
  const refSet = new Set(ref);
  let best = 0;
  for (let start = 0; start < msg.length && best < ref.length; start++) {
    if (!refSet.has(msg[start] ?? '')) continue;
    best = Math.max(best, lcsLength(ref, msg.slice(start, start + window)));
  }
  return best;
}

/** Longest common substring length of two strings (characters). */
function longestCommonSubstring(a: string, b: string): number {
  let best = 0;
  let prev = new Array<number>(b.length + 1).fill(0);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] ?? 0) + 1 : 0;
      if ((cur[j] ?? 0) > best) best = cur[j] ?? 0;
    }
    [prev, cur] = [cur, prev];
  }
  return best;
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function checkTokens(message: string, reference: string): LeakCheck {
  const ref = normalizeTokens(reference);
  const msg = normalizeTokens(message);
  if (ref.length === 0 || msg.length === 0) return NO_LEAK;

  // 1. Verbatim (after normalisation).
  const [only] = ref;
  const msgCompact = compactTokens(msg);
  if (ref.length >= 2 && (containsRun(msg, ref) || containsRun(msgCompact, ref))) {
    return { leaked: true, overlap: 1, reason: 'contains the reference answer verbatim' };
  }
  if (only !== undefined && ref.length === 1 && only.length >= 2 && msg.includes(only)) {
    return { leaked: true, overlap: 1, reason: `contains the reference answer "${only}"` };
  }

  // 2. Spacing changed: 'R R D L' written as 'RRDL' or the other way round, or inside a longer run.
  const spaceless =
    ref.length === 1 || ref.every((t) => t.length === 1) || ref.every(isDigits) ? ref.join('') : null;
  if (spaceless !== null && spaceless.length >= 2) {
    const hit = msgCompact.some(
      (t) => t === spaceless || (spaceless.length >= MIN_SUBSTRING_CHARS && t.includes(spaceless)),
    );
    if (hit)
      return { leaked: true, overlap: 1, reason: 'contains the reference answer with its spacing changed' };
  }

  // 3. Near-verbatim: most of the reference in order, close together.
  let overlap = 0;
  if (ref.length >= 2) {
    const matched = Math.max(windowedInOrderMatch(ref, msg), windowedInOrderMatch(ref, msgCompact));
    overlap = matched / ref.length;
    if (ref.length >= 3 && overlap >= LEAK_OVERLAP_THRESHOLD) {
      return {
        leaked: true,
        overlap,
        reason: `contains ${matched} of the reference answer's ${ref.length} tokens in order (${percent(overlap)})`,
      };
    }
  }

  // 4. A spaceless reference (a path, a grid string): the longest stretch of its characters in a row.
  if (spaceless !== null) {
    const shared = Math.max(0, ...msgCompact.map((t) => longestCommonSubstring(spaceless, t)));
    const charOverlap = shared / spaceless.length;
    if (spaceless.length > MIN_SUBSTRING_CHARS && charOverlap >= LEAK_OVERLAP_THRESHOLD) {
      return {
        leaked: true,
        overlap: charOverlap,
        reason: `contains ${shared} of the reference answer's ${spaceless.length} characters in a row (${percent(charOverlap)})`,
      };
    }
    overlap = Math.max(overlap, charOverlap);
  }
  return { leaked: false, overlap, reason: null };
}

/** Options for {@link checkLeak}. */
export interface LeakCheckOptions {
  /**
   * The student's attempt the message responds to. A near-verbatim match (not an exact one) that the
   * attempt itself already contains at least as fully is the teacher quoting the student, not a leak.
   */
  attempt?: string;
}

/**
 * Does `message` give away `reference`? Never throws; model output is only ever treated as text.
 *
 * Leaked when, after normalisation, the message contains the reference verbatim (references of ≥ 2
 * tokens, or one token of ≥ 2 characters), or with its spacing changed, or when at least
 * {@link LEAK_OVERLAP_THRESHOLD} of a ≥ 3-token reference appears in order within a short window.
 * `overlap` is the fraction of the reference found in order (0–1) and `reason` says why it leaked.
 */
export function checkLeak(message: string, reference: string, options: LeakCheckOptions = {}): LeakCheck {
  const result = checkTokens(message, reference);
  if (!result.leaked || result.overlap >= 1 || options.attempt === undefined) return result;
  const quoted = checkTokens(options.attempt, reference);
  if (quoted.overlap >= result.overlap) {
    return { leaked: false, overlap: result.overlap, reason: null };
  }
  return result;
}
