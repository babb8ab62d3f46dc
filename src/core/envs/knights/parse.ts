/** Reading "A: knight, B: knave" leniently: K/N, truth-teller/liar, "A is a knight", any case. */
import type { Role } from './types';

/** Case-insensitive letters without a regex flag, so person letters can stay case-sensitive. */
const ci = (word: string): string => word.replace(/[a-z]/g, (ch) => `[${ch}${ch.toUpperCase()}]`);

const ROLE = [
  `${ci('knight')}s?`,
  `${ci('knave')}s?`,
  `${ci('truth')}[- ]?${ci('teller')}s?`,
  `${ci('liar')}s?`,
  ci('honest'),
  '[KkNnTtLl]',
].join('|');
const SEP = String.raw`\s*(?:[:=\-–—]|\s(?:is|was)(?:\s+an?)?\s)?\s*`;
/** Upper-case person letters with any separator; lower-case ones only with ':' or '='. */
const UPPER = new RegExp(String.raw`(?<![A-Za-z])([A-Z])(?![a-z])${SEP}(${ROLE})(?![A-Za-z])`, 'g');
const LOWER = new RegExp(String.raw`(?<![A-Za-z])([a-z])\s*[:=]\s*(${ROLE})(?![A-Za-z])`, 'g');

export interface Label {
  person: string;
  role: Role;
}

function roleOf(word: string): Role {
  const w = word.toLowerCase();
  return w.startsWith('knave') || w.startsWith('liar') || w === 'n' || w === 'l' ? 'knave' : 'knight';
}

/** Every label in the text, in order (later labels for the same person win when applied). */
export function readLabels(text: string): Label[] {
  const read = (re: RegExp) =>
    [...text.matchAll(re)].map((m) => ({ person: (m[1] ?? '').toUpperCase(), role: roleOf(m[2] ?? '') }));
  const upper = read(UPPER);
  return upper.length > 0 ? upper : read(LOWER);
}
