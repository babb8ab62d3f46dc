/**
 * Throughput of the environments on their default preset: items generated and attempts verified per
 * second (targets: ≥ 10,000 generated and ≥ 50,000 verified per second each).
 * Run with `npx vitest bench --run --project unit`.
 */
import { bench, describe } from 'vitest';
import { arithmetic } from '../src/core/envs/arithmetic';
import { code } from '../src/core/envs/code';
import { countdown } from '../src/core/envs/countdown';
import { hanoi } from '../src/core/envs/hanoi';
import { knights } from '../src/core/envs/knights';
import { sudoku } from '../src/core/envs/sudoku';
import type { Environment, Task } from '../src/core/envs/types';

const ENVIRONMENTS: Array<Environment<unknown, unknown>> = [
  arithmetic,
  countdown,
  sudoku,
  knights,
  hanoi,
] as Array<Environment<unknown, unknown>>;
const POOL = 256;

for (const env of ENVIRONMENTS) {
  describe(env.id, () => {
    const params = env.presets[env.defaultPreset];
    let index = 0;
    bench(`${env.id}: generate (${env.defaultPreset})`, () => {
      env.generate(params, 1, index++);
    });

    // Verify the reference answers of a fixed pool, as an episode would after each attempt.
    const tasks: Array<Task<unknown, unknown>> = Array.from({ length: POOL }, (_, i) =>
      env.generate(params, 2, i),
    );
    const attempts = tasks.map((t) => `<answer>${t.solution}</answer>`);
    let k = 0;
    bench(`${env.id}: verify (${env.defaultPreset})`, () => {
      const i = k++ % POOL;
      env.verify(tasks[i] as Task<unknown, unknown>, attempts[i] as string);
    });
  });
}

// Small code: generation as above; verification runs QuickJS (a fresh runtime per attempt) and has no
// target. The sandbox loads once, before the first verify (bench mode runs no hooks: top-level await).
await code.prepare?.();
describe('code', () => {
  const params = code.presets[code.defaultPreset];
  let index = 0;
  bench(`code: generate (${code.defaultPreset})`, () => {
    code.generate(params, 1, index++);
  });
  const tasks = Array.from({ length: POOL }, (_, i) => code.generate(params, 2, i));
  const attempts = tasks.map((t) => `<answer>${t.solution}</answer>`);
  let k = 0;
  bench(`code: verify in the sandbox (${code.defaultPreset})`, () => {
    const i = k++ % POOL;
    if (!code.verify(tasks[i]!, attempts[i]!).correct) throw new Error('code: the reference failed');
  });
});
