/** The Tower of Hanoi generator and prompt. */
import type { Rng } from '../../rng';
import type { HanoiData, HanoiParams, Peg } from './types';

const PEGS: readonly Peg[] = ['A', 'B', 'C'];

/** Draw disks and pegs. Params must already be valid. */
export function drawHanoi(rng: Rng, p: HanoiParams): HanoiData {
  const disks = rng.int(p.minDisks, p.maxDisks);
  let source: Peg = 'A';
  let target: Peg = 'C';
  if (p.variedPegs) {
    source = rng.pick(PEGS);
    target = rng.pick(PEGS.filter((x) => x !== source));
  }
  return { disks, source, target, optimal: 2 ** disks - 1 };
}

/** The student's prompt, with a move-format example that is not the answer (too short to be one). */
export function hanoiPrompt(data: HanoiData): string {
  const { disks, source, target } = data;
  return (
    `Tower of Hanoi: ${disks} disks (1 = smallest, ${disks} = largest) on pegs A, B and C. ` +
    `All disks start on peg ${source}, largest at the bottom. Move the whole tower to peg ${target}.\n` +
    `Rules: move one disk at a time, only the top disk of a peg, and never put a larger disk on a smaller one.\n` +
    `Write your moves inside answer tags, separated by spaces, each as FROM>TO, e.g. <answer>A>B B>C</answer>.`
  );
}
