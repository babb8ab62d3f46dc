/**
 * The knights-and-knaves generator: each person makes one random statement; the set is kept only
 * when brute force over all 2^n labellings finds exactly one consistent one (else it draws again,
 * deterministically from the same seeded stream).
 */
import type { Rng } from '../../rng';
import { consistentAssignments, describe, randomStatement } from './statements';
import type { KnightsData, KnightsParams, Role, Statement } from './types';

const NAMES = ['A', 'B', 'C', 'D'];
const MAX_ATTEMPTS = 10_000;

/**
 * Draw a puzzle with a unique solution. Params must already be valid.
 * @throws {Error} if no unique puzzle turns up (not observed for valid params).
 */
export function drawKnights(rng: Rng, p: KnightsParams): KnightsData {
  const names = NAMES.slice(0, p.people);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const statements: Statement[] = names.map((_, i) => randomStatement(rng, i, p.people, p.compound));
    const solutions = consistentAssignments(statements);
    if (solutions.length !== 1) continue;
    const roles: Role[] = (solutions[0] as boolean[]).map((k) => (k ? 'knight' : 'knave'));
    return { names, statements, texts: statements.map((st, i) => describe(st, i, names)), roles };
  }
  throw new Error('knights: no puzzle with a unique solution found');
}

/** "A: knight, B: knave". */
export const formatLabels = (names: readonly string[], roles: ReadonlyArray<Role | null>): string =>
  names
    .map((name, i) => (roles[i] ? `${name}: ${roles[i]}` : null))
    .filter((x): x is string => x !== null)
    .join(', ');

/**
 * The student's prompt. The format example labels two people who are not in the puzzle: an example
 * over the puzzle's own names is the answer for one item in 2^n (a free solve for a model that copies
 * it), and one that changed when it hit the answer told the reader the answer.
 */
export function knightsPrompt(data: KnightsData): string {
  const { names, texts } = data;
  const list =
    names.length === 2
      ? `${names[0]} and ${names[1]}`
      : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const lines = texts.map((t, i) => `${names[i]} says: "${t}"`);
  return (
    `On this island, knights always tell the truth and knaves always lie. You meet ${list}.\n` +
    `${lines.join('\n')}\n` +
    `Who is a knight and who is a knave? Answer inside answer tags with one label per person, as in this example for two other people, P and Q: <answer>P: knave, Q: knight</answer>.`
  );
}
