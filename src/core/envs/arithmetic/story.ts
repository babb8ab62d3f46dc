/** Word-problem wording for a left-to-right chain of operations. */
import type { Rng } from '../../rng';
import type { Op } from '../shared/expression';

const PEOPLE: ReadonlyArray<readonly [string, string]> = [
  ['Mia', 'She'],
  ['Leo', 'He'],
  ['Ana', 'She'],
  ['Sam', 'He'],
  ['Zoe', 'She'],
  ['Omar', 'He'],
];
const ITEMS = ['stickers', 'marbles', 'apples', 'coins', 'shells', 'cards'] as const;

const SENTENCES: Record<Op, ReadonlyArray<(who: string, n: number) => string>> = {
  '+': [(w, n) => `${w} gets ${n} more.`, (w, n) => `${w} finds ${n} more.`],
  '-': [(w, n) => `${w} gives away ${n}.`, (w, n) => `${w} loses ${n}.`],
  '*': [(w, n) => `Then ${w.toLowerCase()} ends up with ${n} times as many as before.`],
  '/': [(w, n) => `${w} splits them into ${n} equal piles and keeps one pile.`],
};

/** Tell `start op1 n1 op2 n2 …`, evaluated left to right, as a story. */
export function tellStory(rng: Rng, start: number, chain: ReadonlyArray<readonly [Op, number]>): string {
  const [name, pronoun] = rng.pick(PEOPLE);
  const item = rng.pick(ITEMS);
  const lines = [`${name} has ${start} ${item}.`];
  for (const [op, n] of chain) lines.push(rng.pick(SENTENCES[op])(pronoun, n));
  lines.push(`How many ${item} does ${name} have at the end?`);
  return lines.join(' ');
}
