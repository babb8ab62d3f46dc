/**
 * Claims about the people that name them only by quantifier or by what they do: "only B is a knave",
 * "everyone except B is a knight", "nobody lies", "A tells the truth". Rewritten as explicit labels
 * ("A: knight, B: knave, C: knight") before `readLabels` reads the text, since they say exactly that.
 * Used for every reading, a student's answer as much as the leak guard's reading of a teacher message.
 */
import type { Role } from './types';

const PERSON = String.raw`(?<![A-Za-z])([A-Z])(?![A-Za-z])`;
const ROLE_WORD = String.raw`(?:knights?|knaves?|truth[- ]?tellers?|liars?)`;
const ROLE = String.raw`(?:(?:is|are)\s+(?:all\s+|both\s+)?(?:an?\s+)?${ROLE_WORD})`;
/** What a knight or a knave does, as a verb: "tells the truth", "lies", "is lying". */
const VERB = String.raw`(?:(?:always\s+)?(?:tells?\s+the\s+truth|lies|lie)|is\s+(?:telling\s+the\s+truth|lying|truthful))`;
/** Not after a negation: "not everyone is a knight" says something else. */
const NOT_NEGATED = String.raw`(?<!\bnot\s)(?<!n't\s)`;
const EVERYONE = String.raw`${NOT_NEGATED}\b(?:everyone|everybody|each\s+(?:person|one|of\s+them)|all\s+(?:three|four|of\s+them)(?:\s+of\s+them)?|they\s+all|all)`;
const NOBODY = String.raw`\b(?:nobody|no\s+one|none\s+of\s+them)`;

/** The role a role word or verb means. */
function roleIn(words: string): Role {
  return /knave|liar|\blies?\b|lying/i.test(words) ? 'knave' : 'knight';
}
const other = (role: Role): Role => (role === 'knight' ? 'knave' : 'knight');

/** "A: knight, B: knave" for every name, `role` for `person` (all when null), the other role for the rest. */
function labels(names: readonly string[], person: string | null, role: Role, rest: Role): string {
  return names.map((n) => `${n}: ${person === null || n === person ? role : rest}`).join(', ');
}

type Write = (m: string[], names: readonly string[]) => string | null;
const known = (names: readonly string[], p: string) => names.includes(p);

/** Each claim's pattern and how it is written as labels (null: not about someone in the puzzle). */
const RULES: ReadonlyArray<readonly [RegExp, Write]> = [
  // Everyone except B is a knight.
  [
    new RegExp(String.raw`${EVERYONE}\s+(?:but|except)\s+${PERSON}\s+(${ROLE}|${VERB})`, 'gi'),
    ([, p = '', r = ''], names) => (known(names, p) ? labels(names, p, other(roleIn(r)), roleIn(r)) : null),
  ],
  // Only B is a knave. Only B lies.
  [
    new RegExp(String.raw`\bonly\s+${PERSON}\s+(${ROLE}|${VERB})`, 'gi'),
    ([, p = '', r = ''], names) => (known(names, p) ? labels(names, p, roleIn(r), other(roleIn(r))) : null),
  ],
  // B is the only liar. B is the only one who lies.
  [
    new RegExp(String.raw`${PERSON}\s+is\s+the\s+only\s+(?:one\s+(?:who\s+)?)?(${ROLE_WORD}|${VERB})`, 'gi'),
    ([, p = '', r = ''], names) => (known(names, p) ? labels(names, p, roleIn(r), other(roleIn(r))) : null),
  ],
  // Everyone is a knight. All three of them are knights. Everybody tells the truth.
  [
    new RegExp(String.raw`${EVERYONE}\s+(${ROLE}|${VERB})`, 'gi'),
    ([, r = ''], names) => labels(names, null, roleIn(r), roleIn(r)),
  ],
  // Nobody is a knave. No one lies. There are no liars.
  [
    new RegExp(
      String.raw`(?:${NOBODY}\s+(${ROLE}|${VERB})|\bthere\s+(?:are|is)\s+no\s+(${ROLE_WORD}))`,
      'gi',
    ),
    ([, a, b], names) => labels(names, null, other(roleIn(a ?? b ?? '')), other(roleIn(a ?? b ?? ''))),
  ],
  // A tells the truth. B lies. C is lying.
  [
    new RegExp(String.raw`${PERSON}\s+(${VERB})`, 'g'),
    ([, p = '', r = ''], names) => (known(names, p) ? `${p}: ${roleIn(r)}` : null),
  ],
];

/** Words without which no claim matches: most answers are plain labels and skip the patterns. */
const TRIGGER = /only|every|all|each|nobody|no one|none|there|truth|lie|lying/i;

/**
 * `text` with each quantified or verbal claim about the people written as labels. Claims about
 * someone not in `names` are left as they are.
 */
export function spellOutClaims(text: string, names: readonly string[]): string {
  if (!TRIGGER.test(text)) return text;
  let out = text;
  for (const [re, write] of RULES) out = out.replace(re, (...m: string[]) => write(m, names) ?? m[0] ?? '');
  return out;
}
