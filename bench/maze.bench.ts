/**
 * Throughput of the maze (a non-code environment that `envs.bench.ts` leaves out) on its default
 * preset, in the same shape so `scripts/bench.mjs` reports it beside the others (targets: ≥ 10,000
 * generated and ≥ 50,000 verified per second). Run by `npm run bench`.
 */
import { bench, describe } from 'vitest';
import { maze } from '../src/core/envs/maze';

const POOL = 256;
const params = maze.presets[maze.defaultPreset];

describe('maze', () => {
  let index = 0;
  bench(`maze: generate (${maze.defaultPreset})`, () => {
    maze.generate(params, 1, index++);
  });

  // Verify the reference answers of a fixed pool, as an episode would after each attempt.
  const tasks = Array.from({ length: POOL }, (_, i) => maze.generate(params, 2, i));
  const attempts = tasks.map((t) => `<answer>${t.solution}</answer>`);
  let k = 0;
  bench(`maze: verify (${maze.defaultPreset})`, () => {
    const i = k++ % POOL;
    maze.verify(tasks[i]!, attempts[i]!);
  });
});
