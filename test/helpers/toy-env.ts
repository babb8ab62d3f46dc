/**
 * A tiny Environment for protocol tests: "what is a + b?". Deterministic (seeded through createRng),
 * with format issues, a too-small / too-large diagnosis and hint levels 0–3, so protocol tests need
 * not depend on any real environment. `leakyHints: true` makes level 3 reveal the answer, to test the
 * leak guard's safety net on the rule teacher.
 */
import type { Diagnosis, Environment, HintLevel, Issue, Task } from '../../src/core/envs/types';
import { createRng, itemSeed } from '../../src/core/rng';

export interface SumParams {
  min: number;
  max: number;
  leakyHints?: boolean;
}

export interface SumData {
  a: number;
  b: number;
}

export type SumTask = Task<SumParams, SumData>;

const ID = 'toy-sum';
const VERSION = 1;

function parseAnswer(text: string): string | null {
  const tags = [...text.matchAll(/<answer>([\s\S]*?)<\/answer>/gi)];
  const tagged = tags.at(-1)?.[1];
  if (tagged !== undefined) return tagged.trim();
  // Lenient fallback: the last integer in the text.
  return text.match(/-?\d+/g)?.at(-1) ?? null;
}

function verify(task: SumTask, studentText: string): Diagnosis {
  const answer = task.data.a + task.data.b;
  const parsed = parseAnswer(studentText);
  const issues: Issue[] = [];
  if (parsed === null) {
    issues.push({ code: 'no-answer', message: 'No answer found. Write it as <answer>N</answer>.' });
    return { correct: false, score: 0, issues, parsed: null };
  }
  if (!/^-?\d+$/.test(parsed)) {
    issues.push({ code: 'not-a-number', message: `"${parsed}" is not a whole number.` });
    return { correct: false, score: 0, issues, parsed };
  }
  const value = Number(parsed);
  if (value === answer) return { correct: true, score: 1, issues, parsed };
  issues.push(
    value < answer
      ? { code: 'too-small', message: 'The sum is too small.', where: { given: value } }
      : { code: 'too-large', message: 'The sum is too large.', where: { given: value } },
  );
  return { correct: false, score: Math.max(0, 1 - Math.abs(value - answer) / answer), issues, parsed };
}

function hint(task: SumTask, diagnosis: Diagnosis, level: HintLevel): string {
  if (diagnosis.correct) return 'Correct.';
  const first = diagnosis.issues[0];
  if (level === 0 || !first) return 'Your answer is incorrect.';
  if (level === 1) return first.message;
  if (level === 2) return `${first.message} Add the tens first, then the units.`;
  if (task.params.leakyHints) return `The answer is ${task.solution}.`;
  return `${first.message} Check the units digit: ${task.data.a % 10} + ${task.data.b % 10}.`;
}

/** The toy environment. */
export const toySum: Environment<SumParams, SumData> = {
  id: ID,
  name: 'Toy sum',
  description: 'Add two numbers (protocol test fixture).',
  generatorVersion: VERSION,
  presets: {
    starter: { min: 1, max: 9 },
    easy: { min: 10, max: 49 },
    medium: { min: 100, max: 499 },
    hard: { min: 1000, max: 9999 },
  },
  defaultPreset: 'easy',
  validateParams(params: unknown) {
    const p = params as SumParams | null;
    if (!(p !== null && typeof p === 'object' && p.min >= 0 && p.max >= p.min)) {
      throw new RangeError('toy-sum: need 0 <= min <= max');
    }
  },
  dataProblems(params, data) {
    const d = data as Partial<SumData> | null;
    const inRange = (x: unknown) => typeof x === 'number' && x >= params.min && x <= params.max;
    return d !== null && typeof d === 'object' && inRange(d.a) && inRange(d.b)
      ? []
      : [`must be { a, b } from ${params.min} to ${params.max}`];
  },
  generate(params, seed, index) {
    if (!(params.min >= 0 && params.max >= params.min)) throw new RangeError('toy-sum: need 0 <= min <= max');
    const s = itemSeed(ID, VERSION, params, seed, index);
    const rng = createRng(s);
    const a = rng.int(params.min, params.max);
    const b = rng.int(params.min, params.max);
    return {
      envId: ID,
      generatorVersion: VERSION,
      params,
      seed,
      index,
      itemSeed: s,
      prompt: `What is ${a} + ${b}? Answer with <answer>N</answer>.`,
      solution: String(a + b),
      data: { a, b },
    };
  },
  verify,
  hint,
};
