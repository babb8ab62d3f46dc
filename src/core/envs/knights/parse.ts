/**
 * Reading "A: knight, B: knave" leniently: K/N, truth-teller/liar, "A is a knight", any case, bold
 * names (`**A**: knight`), and grouped claims ("A and C are knights", "A, C: knights",
 * "Knights: A, C").
 */
import type { Role } from './types';

/** Case-insensitive letters without a regex flag, so person letters can stay case-sensitive. */
const ci = (word: string): string => word.replace(/[a-z]/g, (ch) => `[${ch}${ch.toUpperCase()}]`);

/** The role as a word, singular or plural. */
const ROLE_WORD = [
  `${ci('knight')}[sS]?`,
  `${ci('knave')}[sS]?`,
  `${ci('truth')}[- ]?${ci('teller')}[sS]?`,
  `${ci('liar')}[sS]?`,
  ci('honest'),
].join('|');
/** A role word or its one-letter abbreviation (only after a person, where a letter is unambiguous). */
const ROLE = `${ROLE_WORD}|[KkNnTtLl]`;
const AND = String.raw`(?:\s*,\s*(?:${ci('and')}\s+)?|\s*&\s*|\s+${ci('and')}\s+)`;
/**
 * Lists hold at most this many more names (puzzles have four people): a bound keeps every match
 * short, so a long run of letters and commas cannot make the scan quadratic.
 */
const MORE = '{0,7}';
/** One upper-case person letter, or a list of them ("A, C and D"). */
const UPPERS = String.raw`(?<![A-Za-z])[A-Z](?:${AND}[A-Z])${MORE}(?![A-Za-z])`;
const LOWERS = String.raw`(?<![A-Za-z])[a-z](?:\s*,\s*[a-z])${MORE}(?![A-Za-z])`;
/** ':', '=', a dash, or "is a" / "is the" / "are both"…, with any spaces around it (each space read once). */
const SEP = String.raw`\s*(?:(?:[:=\-–—]|(?<=\s)(?:is|was|are|were)(?:\s+(?:an?|both|all|the))?(?=\s))\s*)?`;
const END = '(?![A-Za-z])';
/** "Knights: A, C", "The knaves are B and D": the role first (a word, never a bare letter). */
const ROLE_FIRST = new RegExp(
  String.raw`(?<![A-Za-z])(${ROLE_WORD})\s*(?:[:=]|\s(?:are|is|were|was)\s)\s*(${UPPERS})`,
  'g',
);
/**
 * Upper-case person letters with any separator; lower-case ones only with ':' or '='. A list of roles
 * after a list of as many people pairs them in order ("A, B: knight, knave"); a letter followed by ':'
 * starts the next label instead ("S: knight, T: knave" has T as a person, not a truth-teller).
 */
const UPPER = new RegExp(
  String.raw`(${UPPERS})${SEP}(${ROLE})${END}((?:${AND}(?:${ROLE})${END}(?!\s*[:=]))${MORE})`,
  'g',
);
const ROLES_IN = new RegExp(String.raw`(?<![A-Za-z])(?:${ROLE})${END}`, 'g');
const LOWER = new RegExp(String.raw`(${LOWERS})\s*[:=]\s*(${ROLE})${END}`, 'g');
/** Markdown emphasis and code marks around names or roles. */
const MARKUP = /[*_`]/g;

export interface Label {
  person: string;
  role: Role;
}

function roleOf(word: string): Role {
  const w = word.toLowerCase();
  return w.startsWith('knave') || w.startsWith('liar') || w === 'n' || w === 'l' ? 'knave' : 'knight';
}

const peopleIn = (list: string): string[] =>
  (list.match(/(?<![A-Za-z])[A-Za-z](?![A-Za-z])/g) ?? []).map((p) => p.toUpperCase());

/**
 * Every label of `re` in `text` with its offset; `roleFirst` says which group holds the role. Roles
 * listed after the first (group 3) are paired with the people in order when there are as many of
 * them; otherwise every person listed takes the first role.
 */
function matches(text: string, re: RegExp, roleFirst: boolean): Array<Label & { at: number }> {
  return [...text.matchAll(re)].flatMap((m) => {
    const first = roleOf((roleFirst ? m[1] : m[2]) ?? '');
    const more = [...(m[3] ?? '').matchAll(ROLES_IN)].map((r) => roleOf(r[0]));
    const people = peopleIn((roleFirst ? m[2] : m[1]) ?? '');
    const roles = more.length + 1 === people.length ? [first, ...more] : people.map(() => first);
    return people.map((person, i) => ({ person, role: roles[i] ?? first, at: m.index ?? 0 }));
  });
}

/**
 * Every label in the text, in the order written (a person may appear more than once: the verifier
 * decides what that means).
 */
export function readLabels(text: string): Label[] {
  const plain = text.replace(MARKUP, '');
  const roleFirst = matches(plain, ROLE_FIRST, true);
  // Blank what the role-first form read, so its lists are not read a second time person-first.
  const rest = plain.replace(ROLE_FIRST, (m) => ' '.repeat(m.length));
  const upper = matches(rest, UPPER, false);
  const found = roleFirst.length + upper.length > 0 ? [...roleFirst, ...upper] : matches(rest, LOWER, false);
  return found.sort((a, b) => a.at - b.at).map(({ person, role }) => ({ person, role }));
}
