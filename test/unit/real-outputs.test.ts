/**
 * The parsers and verifiers on what a real model wrote: every reply in test/fixtures/real-outputs/
 * (SmolLM2-135M-Instruct's, collected by the plasticity benchmark with PLASTICITY_CORPUS=1) is read
 * again by its environment's verifier, which must give the same verdict and issue codes as when it was
 * recorded, never throw, and report a format failure as a `format.` issue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';

interface Recorded {
  envId: string;
  params: unknown;
  taskSeed: number;
  index: number;
  attempt: string;
  correct: boolean;
  codes: string[];
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
        const task = env.generate(r.params, r.taskSeed, r.index);
        const diagnosis = env.verify(task, r.attempt);
        expect({ correct: diagnosis.correct, codes: diagnosis.issues.map((i) => i.code) }).toEqual({
          correct: r.correct,
          codes: r.codes,
        });
        // A reply without answer tags is a format failure, and says so.
        if (!/<answer>/i.test(r.attempt) && !diagnosis.correct) {
          expect(diagnosis.issues.some((i) => i.code.startsWith('format.'))).toBe(true);
        }
      }
    }, 60_000);
  }
});
