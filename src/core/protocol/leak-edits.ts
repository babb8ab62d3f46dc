/**
 * A teacher can give the answer away as an edit to the student's attempt: "change `x >= t` to `x > t`",
 * "add B>C at the end", "swap B and C", "every label is backwards, flip them all", "moves 10 and 11
 * are the wrong way round". The edits a message names, applied to the attempt, are candidate answers
 * for the environment's own reader: when one reads as correct, the message handed the answer over,
 * however the rest of it is worded. Written once for every environment: the edits are on the
 * attempt's text (its tokens, its people's roles, its numbered steps), not on any one task's format.
 */

/** Strip quotes, backticks and bold marks around a quoted piece of text. */
const unquote = (text: string) =>
  text
    .trim()
    .replace(/^[`'"“‘*]+|[`'"”’*]+$/g, '')
    .trim();

/** The candidate texts in `piece`: the whole, then its shorter endings word by word ("start at i = 0" → "i = 0"…). */
function endings(piece: string): string[] {
  const words = unquote(piece).split(/\s+/).filter(Boolean);
  return words.map((_, i) => words.slice(i).join(' ')).filter((w) => w.length > 0);
}

/** The leading forms of `piece`: the whole, then shorter starts ("to x > t and it passes" → "x > t"…). */
function starts(piece: string): string[] {
  const words = unquote(piece).split(/\s+/).filter(Boolean);
  return words.map((_, i) => words.slice(0, words.length - i).join(' ')).filter((w) => w.length > 0);
}

/** Every place `from` occurs in `text`, each replaced alone by `to`, and all of them at once. */
function replacements(text: string, from: string, to: string): string[] {
  if (!from || from === to || !text.includes(from)) return [];
  const out = new Set<string>([text.split(from).join(to)]);
  for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) {
    out.add(text.slice(0, i) + to + text.slice(i + from.length));
  }
  return [...out];
}

/** The backtick spans of a clause, in order; else null. */
function codeSpans(clause: string): string[] | null {
  const spans = [...clause.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
  return spans.length > 0 ? spans : null;
}

/** "change X to Y", "replace X with Y", "Y instead of X", "X should be Y": replace X by Y in the attempt. */
function replaceEdits(message: string, attempt: string): string[] {
  const out: string[] = [];
  const pair = (from: string[], to: string[]) => {
    for (const f of from) for (const t of to) out.push(...replacements(attempt, f, t));
  };
  for (const clause of message.split(/[.;!?\n]+(?=\s|$)/)) {
    const spans = codeSpans(clause);
    const change = /\b(?:change|replace|turn|swap out|make)\s+(.+?)\s+(?:to|into|with|for)\s+(.+)$/i.exec(
      clause,
    );
    if (change) {
      if (spans && spans.length >= 2) pair([spans[0]!], [spans[1]!]);
      else pair(endings(change[1] ?? '').slice(-3), starts(change[2] ?? '').slice(-4));
    }
    const instead = /(.+?)\s+instead\s+of\s+(.+)$/i.exec(clause);
    if (instead) {
      if (spans && spans.length >= 2) pair([spans[1]!], [spans[0]!]);
      else pair(starts(instead[2] ?? '').slice(-4), endings(instead[1] ?? '').slice(-4));
    }
    const should = /(.+?)\s+should\s+(?:be|read|say)\s+(.+)$/i.exec(clause);
    if (should) pair(endings(should[1] ?? '').slice(-3), starts(should[2] ?? '').slice(-4));
  }
  return out;
}

/** Operators by the words for them ("the last minus", "a plus"). */
const OPERATOR_WORDS: Readonly<Record<string, string>> = {
  plus: '+',
  minus: '-',
  times: '*',
  multiplication: '*',
  division: '/',
  subtraction: '-',
  addition: '+',
};
const ORDINALS: Readonly<Record<string, (count: number) => number>> = {
  first: () => 0,
  second: () => 1,
  third: () => 2,
  last: (n) => n - 1,
  final: (n) => n - 1,
};

/**
 * Operators changed in words: "change the last minus to a plus", "make the first plus a times".
 * The named occurrence of that operator in the answer is replaced.
 */
function operatorEdits(message: string, answer: string): string[] {
  const out: string[] = [];
  const words = Object.keys(OPERATOR_WORDS).join('|');
  const pattern = new RegExp(
    `\\b(first|second|third|last|final)\\s+(${words})(?:\\s+sign)?\\s+(?:to|into|with|for|a|an)\\s+(?:an?\\s+)?(${words})\\b`,
    'gi',
  );
  for (const m of message.matchAll(pattern)) {
    const from = OPERATOR_WORDS[(m[2] ?? '').toLowerCase()];
    const to = OPERATOR_WORDS[(m[3] ?? '').toLowerCase()];
    const which = ORDINALS[(m[1] ?? '').toLowerCase()];
    if (!from || !to || !which) continue;
    const at = [...answer.matchAll(/[+\-*/×÷]/g)]
      .filter((o) => (o[0] === '×' ? '*' : o[0] === '÷' ? '/' : o[0]) === from)
      .map((o) => o.index);
    const index = at[which(at.length)];
    if (index !== undefined) out.push(answer.slice(0, index) + to + answer.slice(index + 1));
  }
  return out;
}

/** "add X at the end", "one more X at the end", "finish with X": X appended to the attempt's answer. */
function appendEdits(message: string, answer: string): string[] {
  const out: string[] = [];
  const pattern =
    /\b(?:add|append|put|need|missing|one more|finish with|end with|then)\s+(?:one more\s+|an?\s+|the\s+)?`?([^`.,;!?\n]+?)`?\s+(?:at|to)\s+the\s+end\b/gi;
  for (const m of message.matchAll(pattern)) {
    for (const piece of endings(m[1] ?? '').slice(-3)) out.push(`${answer} ${piece}`);
  }
  const finish = /\b(?:finish|end)\s+with\s+`?([^`.,;!?\n]+?)`?(?:[.,;!?\n]|$)/gi;
  for (const m of message.matchAll(finish)) out.push(`${answer} ${unquote(m[1] ?? '')}`);
  return out;
}

/** Where `piece` ("nums.filter(...)", "the filter call") starts in `answer`, by its leading word chars. */
function placesOf(answer: string, piece: string): number[] {
  // "nums.filter(...)" and "nums.filter()" name the call by what comes before the parenthesis.
  const head = unquote(piece)
    .replace(/\((?:\.\.\.|…)?\)$/, '(')
    .trim();
  if (!head) return [];
  const out: number[] = [];
  for (let i = answer.indexOf(head); i >= 0; i = answer.indexOf(head, i + 1)) out.push(i);
  return out;
}

/** The index just past the call whose name starts at `at` (its parentheses matched), or null. */
function endOfCall(answer: string, at: number): number | null {
  const open = answer.indexOf('(', at);
  if (open < 0) return null;
  let depth = 0;
  for (let i = open; i < answer.length; i++) {
    if (answer[i] === '(') depth++;
    else if (answer[i] === ')' && --depth === 0) return i + 1;
  }
  return null;
}

/**
 * Insertions a clause names: "put `return` in front of `nums.filter(...)`", "add `X` before `Y`",
 * "add `.length` after `filter(...)`", "add `.length` at the end of the filter call". Each place the
 * named piece stands in the answer gets the insertion, one place at a time.
 */
function insertEdits(message: string, answer: string): string[] {
  const out: string[] = [];
  // A group's first code span when it has one ("`return`"), else its words.
  const named = (group: string | undefined) => unquote(codeSpans(group ?? '')?.[0] ?? group ?? '');
  for (const clause of message.split(/[;!?\n]+|\.(?=\s|$)/)) {
    const before = /\b(?:put|add|insert|write|place)\s+(.+?)\s+(?:in front of|before|ahead of)\s+(.+)$/i.exec(
      clause,
    );
    if (before) {
      const insert = named(before[1]);
      for (const at of placesOf(answer, named(before[2])))
        out.push(`${answer.slice(0, at)}${insert} ${answer.slice(at)}`);
    }
    const after =
      /\b(?:put|add|insert|write|place|append|tack)\s+(.+?)\s+(?:after|(?:at|to)\s+the\s+end\s+of)\s+(?:the\s+)?(.+)$/i.exec(
        clause,
      );
    if (after) {
      const what = named(after[1]);
      // "the filter call": the call named by its word; "`filter(...)`": by its quoted head.
      const where = codeSpans(after[2] ?? '')?.[0] ?? (after[2] ?? '').replace(/\s+call\b.*$/i, '');
      const word = /^\s*([A-Za-z_$][\w$]*)\s*$/.exec(where)?.[1];
      for (const at of placesOf(answer, word ? `${word}(` : where)) {
        const end = endOfCall(answer, at);
        if (end !== null) out.push(`${answer.slice(0, end)}${what}${answer.slice(end)}`);
      }
    }
  }
  return out;
}

/** The single capital letters a clause names as people or pegs ("B and C", "A, B"), in order. */
const letters = (clause: string) => [...clause.matchAll(/\b([A-Z])\b/g)].map((m) => m[1] ?? '');

/** Swap the words `a` and `b` wherever they stand alone in `text`. */
function swapWords(text: string, a: string, b: string): string {
  const mark = '\u0000';
  const word = (w: string) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu');
  return text.replace(word(a), mark).replace(word(b), a).split(mark).join(b);
}

/** Each person's role in an attempt ("A: knight, B: knave"), or null when it names none. */
function roles(answer: string): Map<string, string> | null {
  const found = [...answer.matchAll(/\b([A-Z])\s*[:=-]\s*(\p{L}+)/gu)];
  return found.length > 0 ? new Map(found.map((m) => [m[1] ?? '', m[2] ?? ''])) : null;
}

const SWAP =
  /\bswap|switch|wrong way round|wrong way around|the other way round|mixed up|backwards|reversed\b/i;
const ALL = /\b(?:all|every|each)\b/i;
const FLIP = /\bflip|backwards|opposite|reverse|invert|wrong\b/i;

/**
 * Swaps a clause names: two people's roles ("swap B and C"), two tokens ("swap the 4 and the 2", within
 * one group of the answer or all of it), two numbered steps ("moves 10 and 11 are the wrong way
 * round"), or every role flipped ("every label is backwards").
 */
function swapEdits(message: string, answer: string): string[] {
  const out: string[] = [];
  const tokens = answer.split(/\s+/).filter(Boolean);
  const people = roles(answer);
  for (const clause of message.split(/[.;!?\n]+(?=\s|$)/)) {
    if (!SWAP.test(clause) && !(ALL.test(clause) && FLIP.test(clause))) continue;
    if (people && ALL.test(clause) && FLIP.test(clause)) {
      const kinds = [...new Set(people.values())];
      if (kinds.length <= 2 && kinds[0]) out.push(swapWords(answer, kinds[0], kinds[1] ?? kinds[0]));
      const [one, other] = ['knight', 'knave'];
      out.push(swapWords(answer, one, other));
    }
    const named = letters(clause).filter((l) => people?.has(l));
    if (people && named.length >= 2) {
      const [a, b] = named as [string, string];
      const ra = people.get(a) ?? '';
      const rb = people.get(b) ?? '';
      out.push(
        answer
          .replace(new RegExp(`\\b${a}(\\s*[:=-]\\s*)${ra}`), `${a}$1${rb}`)
          .replace(new RegExp(`\\b${b}(\\s*[:=-]\\s*)${rb}`), `${b}$1${ra}`),
      );
    }
    // Numbered steps: "moves 10 and 11", "steps 3 and 4".
    const steps = /\b(?:moves?|steps?|items?)\s+(\d+)\s*(?:and|&|,)\s*(\d+)/i.exec(clause);
    if (steps) {
      const i = Number(steps[1]) - 1;
      const j = Number(steps[2]) - 1;
      if (tokens[i] !== undefined && tokens[j] !== undefined) {
        const swapped = [...tokens];
        [swapped[i], swapped[j]] = [tokens[j]!, tokens[i]!];
        out.push(swapped.join(' '));
      }
    }
    // Two quoted or bare tokens: "swap the 4 and the 2".
    const pairOf =
      /\b(?:swap|switch)\s+(?:the\s+)?`?([^\s`,]+)`?\s+(?:and|with)\s+(?:the\s+)?`?([^\s`,.]+)`?/i.exec(
        clause,
      );
    if (pairOf) {
      const [a, b] = [pairOf[1] ?? '', pairOf[2] ?? ''];
      tokens.forEach((token, k) => {
        if (token.includes(a) && token.includes(b) && a.length === 1 && b.length === 1) {
          const swapped = [...tokens];
          swapped[k] = [...token].map((c) => (c === a ? b : c === b ? a : c)).join('');
          out.push(swapped.join(' '));
        }
      });
      out.push(swapWords(answer, a, b));
    }
  }
  return out;
}

/** The attempt's answer: inside its last `<answer>` tags when it has them, else all of it. */
function answerOf(attempt: string): string {
  const tags = [...attempt.matchAll(/<answer>([\s\S]*?)<\/answer>/gi)];
  return (tags[tags.length - 1]?.[1] ?? attempt).trim();
}

/** At most this many candidates are read per message (a message is a few sentences). */
const MAX_CANDIDATES = 200;

/**
 * The student's attempt with each edit `message` names applied: candidate answers for the
 * environment's reader. Empty without an attempt.
 */
export function attemptEdits(message: string, attempt: string | undefined): string[] {
  if (attempt === undefined || !attempt.trim()) return [];
  const answer = answerOf(attempt);
  const out = new Set<string>([
    ...replaceEdits(message, answer),
    ...appendEdits(message, answer),
    ...insertEdits(message, answer),
    ...operatorEdits(message, answer),
    ...swapEdits(message, answer),
  ]);
  out.delete(answer);
  return [...out].slice(0, MAX_CANDIDATES);
}
