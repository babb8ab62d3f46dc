import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ARITHMETIC_ERRORS,
  COUNTDOWN_ERRORS,
  HANOI_ERRORS,
  getPerturber,
  MAZE_ERRORS,
  perturb,
  PERTURBABLE_ENVS,
  referenceAttempt,
} from '../../src/core/didactic';
import { environments } from '../../src/core/envs';
import type { ArithmeticData } from '../../src/core/envs/arithmetic';
import { PRESET_NAMES } from '../../src/core/envs/types';
import { createRng } from '../../src/core/rng';

const ENVS = ['maze', 'arithmetic', 'countdown', 'hanoi'] as const;
/** The machine is two shared cores: property tests get room. */
const SLOW = 120_000;

const taskOf = (envId: string, preset: (typeof PRESET_NAMES)[number], seed: number, index: number) => {
  const env = environments[envId]!;
  return env.generate(env.presets[preset], seed, index);
};

describe('perturb: wrong attempts', () => {
  it('has a perturber for maze and arithmetic, and refuses an environment without one by name', () => {
    expect([...PERTURBABLE_ENVS].sort()).toEqual([...ENVS].sort());
    expect(() => getPerturber('sudoku')).toThrow(/No didactic perturber for environment "sudoku".*maze/);
    expect(() => getPerturber('__proto__')).toThrow(/No didactic perturber/);
  });

  for (const envId of ENVS) {
    it(
      `${envId}: every attempt it returns is wrong per the verifier, at every preset and seed`,
      () => {
        const env = environments[envId]!;
        fc.assert(
          fc.property(
            fc.constantFrom(...PRESET_NAMES),
            fc.integer({ min: 0, max: 2 ** 31 }),
            fc.nat(300),
            fc.nat(),
            (preset, seed, index, rngSeed) => {
              const task = taskOf(envId, preset, seed, index);
              const rng = createRng(rngSeed);
              const first = perturb(task, rng);
              expect(first).not.toBeNull();
              expect(env.verify(task, first!.text).correct).toBe(false);
              expect(first!.diagnosis).toEqual(env.verify(task, first!.text));
              const second = perturb(task, rng, [first!.text]);
              expect(second).not.toBeNull();
              expect(second!.text).not.toBe(first!.text);
              expect(env.verify(task, second!.text).correct).toBe(false);
            },
          ),
          { numRuns: 400, seed: 17 },
        );
      },
      SLOW,
    );

    it(`${envId}: the reference attempt is read as correct and the attempts keep its format`, () => {
      const env = environments[envId]!;
      for (const preset of PRESET_NAMES) {
        for (let index = 0; index < 50; index++) {
          const task = taskOf(envId, preset, 3, index);
          const reference = referenceAttempt(task);
          expect(env.verify(task, reference).correct).toBe(true);
          const wrong = perturb(task, createRng(index))!;
          // One answer tag, at the end, as the prompt asks; no format issue in the diagnosis.
          expect(wrong.text.match(/<answer>/g)).toHaveLength(1);
          expect(wrong.text.endsWith('</answer>')).toBe(true);
          expect(wrong.diagnosis.issues.map((i) => i.code)).not.toContain('format.missing-tag');
          expect(wrong.diagnosis.issues.map((i) => i.code)).not.toContain('format.unparseable');
        }
      }
    });

    it(`${envId}: the same task and rng seed give the same attempt`, () => {
      for (let index = 0; index < 30; index++) {
        const task = taskOf(envId, 'medium', 5, index);
        expect(perturb(task, createRng(index))).toEqual(perturb(task, createRng(index)));
      }
    });
  }

  it('maze: the reference is the solution in tags; each kind makes its error', () => {
    const kinds = new Map<string, number>();
    for (let index = 0; index < 200; index++) {
      const task = taskOf('maze', 'medium', 9, index);
      expect(referenceAttempt(task)).toBe(`<answer>${task.solution}</answer>`);
      const solution = task.solution.split(' ');
      const wrong = perturb(task, createRng(index))!;
      kinds.set(wrong.kind, (kinds.get(wrong.kind) ?? 0) + 1);
      const moves = /<answer>(.*)<\/answer>/.exec(wrong.text)![1]!.split(' ');
      const differing = moves.filter((m, i) => m !== solution[i]).length;
      if (wrong.kind === 'skipped-move') expect(moves).toHaveLength(solution.length - 1);
      if (wrong.kind === 'extra-move') expect(moves).toHaveLength(solution.length + 1);
      if (wrong.kind === 'wrong-step' || wrong.kind === 'wrong-turn') {
        expect(moves).toHaveLength(solution.length);
        expect(differing).toBe(1);
      }
    }
    expect([...kinds.keys()].sort()).toEqual([...MAZE_ERRORS].sort());
  });

  it('arithmetic: the reference is the worked steps and the tag; each kind makes its error', () => {
    const codes = new Map<string, Set<string>>();
    for (let index = 0; index < 300; index++) {
      const task = taskOf('arithmetic', 'hard', 9, index);
      const data = task.data as ArithmeticData;
      expect(referenceAttempt(task)).toBe(`${data.steps.join('\n')}\n<answer>${data.answer}</answer>`);
      const wrong = perturb(task, createRng(index))!;
      const seen = codes.get(wrong.kind) ?? new Set<string>();
      for (const issue of wrong.diagnosis.issues) seen.add(issue.code);
      codes.set(wrong.kind, seen);
      // Worked lines, one operation each, then the tag.
      const lines = wrong.text.split('\n');
      expect(lines.at(-1)).toMatch(/^<answer>\d+<\/answer>$/);
      for (const line of lines.slice(0, -1)) expect(line).toMatch(/^\d+ [+\-×÷] \d+ = \d+$/);
    }
    expect([...codes.keys()].sort()).toEqual([...ARITHMETIC_ERRORS].sort());
    // Slips in a line are calculation mistakes; an order slip is caught as one.
    for (const kind of ['off-by-one', 'wrong-result', 'wrong-operation'])
      expect(codes.get(kind)).toContain('step.wrong');
    expect(codes.get('order-slip')).toContain('step.precedence');
    expect(codes.get('order-slip')).not.toContain('step.wrong');
    expect(codes.get('skipped-step')).not.toContain('step.wrong');
  });

  it('arithmetic: a slip is carried through the later lines (computed on from the wrong value)', () => {
    let carried = 0;
    for (let index = 0; index < 200; index++) {
      const task = taskOf('arithmetic', 'medium', 4, index);
      const wrong = perturb(task, createRng(index))!;
      const issues = wrong.diagnosis.issues;
      const wrongSteps = issues.filter((i) => i.code === 'step.wrong');
      // One slip per attempt: at most one line is miscalculated, and the answer follows the last line.
      expect(wrongSteps.length).toBeLessThanOrEqual(1);
      expect(issues.map((i) => i.code)).not.toContain('answer.mismatch-steps');
      if (wrongSteps.length === 1 && (wrongSteps[0]!.step ?? 0) < wrong.text.split('\n').length - 1)
        carried++;
    }
    expect(carried).toBeGreaterThan(20);
  });

  for (const [envId, kinds] of [
    ['countdown', COUNTDOWN_ERRORS],
    ['hanoi', HANOI_ERRORS],
  ] as const) {
    it(`${envId}: the reference is the solution in tags; every kind of error is made`, () => {
      const seen = new Set<string>();
      for (let index = 0; index < 200; index++) {
        const task = taskOf(envId, index % 2 ? 'hard' : 'medium', 9, index);
        expect(referenceAttempt(task)).toBe(`<answer>${task.solution}</answer>`);
        const wrong = perturb(task, createRng(index))!;
        seen.add(wrong.kind);
        if (envId === 'hanoi' && wrong.kind === 'skipped-move')
          expect(wrong.text.split(' ')).toHaveLength(task.solution.split(' ').length - 1);
        if (envId === 'countdown' && wrong.kind === 'no-brackets') expect(wrong.text).not.toMatch(/[()]/);
      }
      expect([...seen].sort()).toEqual([...kinds].sort());
    });
  }
});
