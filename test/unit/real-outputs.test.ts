/**
 * The parsers and verifiers on what a real model wrote: every reply in test/fixtures/real-outputs/
 * (SmolLM2-135M-Instruct's, collected by the plasticity benchmark with PLASTICITY_CORPUS=1) is read
 * again by its environment's verifier, which must give the same verdict and issue codes as when it was
 * recorded, never throw, and report a format failure as a `format.` issue. Each reply keeps the task it
 * answered (the same (params, seed, index) gives another task once its generator's version moves on).
 * A reply that a later, more lenient reader reads differently keeps what was recorded and says what
 * it reads as now, and why, in `reread`: each such change is deliberate and visible in the fixture.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { storedTaskProblems } from '../../src/core/envs/stored-task';
import type { Task } from '../../src/core/envs/types';

interface Recorded {
  envId: string;
  task: Task;
  attempt: string;
  correct: boolean;
  codes: string[];
  /** The verdict and issues of today's reader, where a reader change moved them on purpose. */
  reread?: { correct: boolean; codes: string[]; why: string };
}

const dir = new URL('../fixtures/real-outputs/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl'));
const corpus = files.map((file) => ({
  file,
  replies: readFileSync(new URL(file, dir), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Recorded),
}));

describe('verifiers on real model replies', () => {
  it('has a corpus for several environments', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const { replies } of corpus) expect(replies.length).toBeGreaterThan(5);
  });

  for (const { file, replies } of corpus) {
    it(`${file}: gives each reply the verdict and issues it was recorded with`, async () => {
      for (const r of replies) {
        const env = environments[r.envId]!;
        await env.prepare?.();
        const { task } = r;
        const source = { envId: r.envId, params: task.params, taskSeed: task.seed, index: task.index };
        expect(storedTaskProblems(source, task)).toEqual([]);
        const diagnosis = env.verify(task, r.attempt);
        const expected = r.reread ?? r;
        expect({ correct: diagnosis.correct, codes: diagnosis.issues.map((i) => i.code) }).toEqual({
          correct: expected.correct,
          codes: expected.codes,
        });
        // A reply without answer tags is a format failure, and says so.
        if (!/<answer>/i.test(r.attempt) && !diagnosis.correct) {
          expect(diagnosis.issues.some((i) => i.code.startsWith('format.'))).toBe(true);
        }
      }
    }, 60_000);
  }
});
