/**
 * The countdown generator. Instead of searching for a solvable target, it builds the target from a
 * random expression over some of the numbers: that expression is the proof of solvability and the
 * reference solution, and generation stays fast enough for 10k items per second.
 */
import type { Rng } from '../../rng';
import { formatExpression } from '../shared/expression';
import { randomTree, treeToExpr } from './build';
import type { CountdownData, CountdownParams } from './types';

const BIG = [25, 50, 75, 100] as const;
const TREES_PER_DRAW = 40;
const MAX_DRAWS = 200;

function drawNumbers(rng: Rng, p: CountdownParams): number[] {
  const small = rng.shuffle(Array.from({ length: p.maxSmall }, (_, i) => i + 1)).slice(0, p.count - p.big);
  const big = rng.shuffle(BIG).slice(0, p.big);
  return rng.shuffle([...small, ...big]);
}

/**
 * Draw numbers, a target and a reference expression. Params must already be valid.
 * @throws {Error} when no target in range turns up (only for params whose range cannot be reached).
 */
export function drawCountdown(rng: Rng, p: CountdownParams): { data: CountdownData; solution: string } {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const numbers = drawNumbers(rng, p);
    for (let t = 0; t < TREES_PER_DRAW; t++) {
      const used = rng.shuffle(numbers).slice(0, rng.int(p.minUsed, p.count));
      const tree = randomTree(rng, used);
      const target = tree.value;
      if (target < p.minTarget || target > p.maxTarget || numbers.includes(target)) continue;
      return { data: { numbers, target }, solution: formatExpression(treeToExpr(tree), 'ascii') };
    }
  }
  throw new Error(
    `countdown: no target between ${p.minTarget} and ${p.maxTarget} could be built from these numbers; widen the target range`,
  );
}

/** An example expression over the given numbers that is neither the solution nor worth the target. */
/**
 * The student's prompt. Its format example is a fixed puzzle of its own, never drawn from this one:
 * an example that changed whenever it hit the target told the reader which expressions do. It uses
 * 30 and 40, which no puzzle holds (small numbers stop at 25, big ones are 25, 50, 75 and 100), so it
 * is never a solution either.
 */
export function countdownPrompt(data: CountdownData): string {
  const list = data.numbers.join(', ');
  return (
    `Make ${data.target} from the numbers ${list}.\n` +
    `Use each number at most once (you need not use them all), with + - * / and brackets.\n` +
    `Write one expression inside answer tags; for example, to make 140 from 30, 40 and 2: <answer>(30 + 40) * 2</answer>.`
  );
}
