/**
 * Shared property tests for the environment contract, used by every env-*.test.ts:
 * the reference solution verifies, generation is deterministic, single mutations are rejected with
 * the right issue, no hint reveals the answer, verify never throws, and the default preset's first
 * items are pinned by a snapshot.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  PRESET_NAMES,
  type Environment,
  type HintLevel,
  type PresetName,
  type Task,
} from '../../src/core/envs/types';
import { readsAsCorrectAnswer } from '../../src/core/protocol/leak-reading';

export const PRESETS: readonly PresetName[] = PRESET_NAMES;
export const RUNS = 500;
export const seedArb = fc.integer({ min: 0, max: 2 ** 31 - 1 });
export const indexArb = fc.integer({ min: 0, max: 10_000 });
const LEVELS: HintLevel[] = [0, 1, 2, 3];

/** A wrong attempt and the issue codes of which at least one must be raised. */
export interface Mutation {
  text: string;
  codes: string[];
}

/** Independent of the code under test: lower-case, runs of non-alphanumerics as one space. */
const normalise = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Whether `hint` contains `solution` (as a number token for numeric answers). */
export function leaks(hint: string, solution: string): boolean {
  if (/^-?\d+$/.test(solution.trim())) {
    const tokens: string[] = hint.match(/\d+/g) ?? [];
    return tokens.includes(solution.trim().replace(/^-/, ''));
  }
  return ` ${normalise(hint)} `.includes(` ${normalise(solution)} `);
}

/** Register the generic contract tests for `env`. `mutate(task, k)` returns a wrong attempt or null. */
export function contractTests<P, D>(
  env: Environment<P, D>,
  mutate: (task: Task<P, D>, k: number) => Mutation | null,
): void {
  for (const preset of PRESETS) {
    const params = env.presets[preset];

    it(`${preset}: the reference solution verifies as correct with score 1`, () => {
      fc.assert(
        fc.property(seedArb, indexArb, (seed, index) => {
          const task = env.generate(params, seed, index);
          const d = env.verify(task, `<answer>${task.solution}</answer>`);
          expect(d.correct, `${task.prompt}\n${task.solution}\n${JSON.stringify(d.issues)}`).toBe(true);
          expect(d.score).toBe(1);
          expect(d.parsed).not.toBeNull();
        }),
        { numRuns: RUNS },
      );
    });

    it(`${preset}: the same (params, seed, index) gives a deep-equal task`, () => {
      fc.assert(
        fc.property(seedArb, indexArb, (seed, index) => {
          const a = env.generate(params, seed, index);
          const b = env.generate(structuredClone(params), seed, index);
          expect(b).toEqual(a);
          expect(JSON.parse(JSON.stringify(a))).toEqual(a);
          expect(a.envId).toBe(env.id);
          expect(a.generatorVersion).toBe(env.generatorVersion);
          expect(a.prompt.length).toBeLessThan(1200);
          expect(a.prompt).toContain('<answer>');
          // The prompt's example must not be the answer.
          expect(a.prompt).not.toContain(`<answer>${a.solution}</answer>`);
        }),
        { numRuns: RUNS },
      );
    });

    it(`${preset}: single mutations of the solution are rejected with the right issue`, () => {
      fc.assert(
        fc.property(seedArb, indexArb, fc.nat(), (seed, index, k) => {
          const task = env.generate(params, seed, index);
          const m = mutate(task, k);
          if (!m) return;
          const d = env.verify(task, m.text);
          const codes = d.issues.map((i) => i.code);
          expect(d.correct, `${task.solution} → ${m.text}`).toBe(false);
          expect(d.score).toBeLessThan(1);
          expect(
            codes.some((c) => m.codes.includes(c)),
            `${task.solution} → ${m.text}: got ${codes.join(', ')}, want one of ${m.codes.join(', ')}`,
          ).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });

    it(`${preset}: no hint at any level reveals the answer`, () => {
      fc.assert(
        fc.property(seedArb, indexArb, fc.nat(), (seed, index, k) => {
          const task = env.generate(params, seed, index);
          const attempts = [
            `<answer>${task.solution}</answer>`,
            task.solution,
            '',
            'I do not know.',
            '<answer>banana</answer>',
            mutate(task, k)?.text ?? '',
            mutate(task, k + 1)?.text ?? '',
          ];
          for (const attempt of attempts) {
            const d = env.verify(task, attempt);
            for (const level of LEVELS) {
              const hint = env.hint(task, d, level);
              expect(hint.length).toBeGreaterThan(0);
              expect(leaks(hint, task.solution), `level ${level} hint for ${attempt}: ${hint}`).toBe(false);
              // Nor does the environment's own reader find a correct answer in it (the leak guard's reading).
              expect(
                readsAsCorrectAnswer(env as Environment, task as Task, hint),
                `level ${level}: ${hint}`,
              ).toBe(false);
            }
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('verify never throws and keeps score in [0, 1]', () => {
    const task = env.generate(env.presets[env.defaultPreset], 7, 0);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (junk) => {
        for (const text of [junk, `<answer>${junk}</answer>`, `${task.solution}${junk}`]) {
          const d = env.verify(task, text);
          expect(d.score).toBeGreaterThanOrEqual(0);
          expect(d.score).toBeLessThanOrEqual(1);
          expect(d.issues.every((i) => typeof i.code === 'string' && i.code.length > 0)).toBe(true);
          expect(() => JSON.stringify(d)).not.toThrow();
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a missing tag around a parseable answer raises format.missing-tag', () => {
    const task = env.generate(env.presets[env.defaultPreset], 3, 0);
    const d = env.verify(task, task.solution);
    expect(d.issues.map((i) => i.code)).toContain('format.missing-tag');
    expect(d.parsed).not.toBeNull();
  });

  it('nothing parseable raises format.unparseable', () => {
    const task = env.generate(env.presets[env.defaultPreset], 3, 0);
    for (const text of ['', 'I give up.', '<answer></answer>']) {
      const d = env.verify(task, text);
      expect(d.correct).toBe(false);
      expect(d.parsed).toBeNull();
      expect(d.issues.map((i) => i.code)).toContain('format.unparseable');
    }
  });

  it('the last <answer> tag wins', () => {
    const task = env.generate(env.presets[env.defaultPreset], 5, 0);
    expect(env.verify(task, `<answer>junk</answer> then <answer>${task.solution}</answer>`).correct).toBe(
      true,
    );
    expect(env.verify(task, `<answer>${task.solution}</answer> then <answer>junk</answer>`).correct).toBe(
      false,
    );
  });

  it('golden snapshot: the first two items of the default preset with seed 1', () => {
    const params = env.presets[env.defaultPreset];
    expect([env.generate(params, 1, 0), env.generate(params, 1, 1)]).toMatchSnapshot();
  });

  it('has an id, name, one-line description and every preset', () => {
    expect(env.id).toMatch(/^[a-z-]+$/);
    expect(env.name.length).toBeGreaterThan(0);
    expect(env.description).not.toContain('\n');
    expect(Object.keys(env.presets).sort()).toEqual([...PRESET_NAMES].sort());
    expect(PRESETS).toContain(env.defaultPreset);
  });
}
