/**
 * The shape of a spec family, and input helpers shared by the families. A family pairs a TypeScript
 * reference (which computes every test's expected output) with the same algorithm as JavaScript source
 * (`task.solution`); the property tests check that the source passes every generated test in the sandbox.
 */
import type { Rng } from '../../rng';
import type { Json } from './types';

/** Generator-chosen constants that vary a family's spec (FizzBuzz divisors, a divisor k …). */
export type Consts = Readonly<Record<string, number>>;

/** A plausible wrong solution: the tests of every item are drawn so that they reject it. */
export interface Mutant {
  /** What the bug is, for people reading the tests. */
  what: string;
  ref(args: readonly Json[], c: Consts): Json;
  source(c: Consts): string;
}

export interface Family {
  id: string;
  fnName: string;
  params: readonly string[];
  consts(rng: Rng): Consts;
  spec(c: Consts): string;
  /** Arguments for one test; list lengths and word counts are at most `size`. */
  input(rng: Rng, size: number, c: Consts): Json[];
  ref(args: readonly Json[], c: Consts): Json;
  source(c: Consts): string;
  mutant: Mutant;
  /** A strategy sentence for the level-3 hint: says how to think, never gives code. */
  tip: string;
  /** What the hidden tests probe, for a hint after hidden failures. */
  edges: string;
}

export const noConsts = (): Consts => ({});

const WORDS = [
  'cat',
  'dog',
  'sun',
  'moon',
  'tree',
  'river',
  'apple',
  'stone',
  'bird',
  'cloud',
  'red',
  'blue',
  'green',
  'fast',
  'slow',
  'open',
  'lamp',
  'road',
  'sea',
  'sky',
  'idea',
  'echo',
  'under',
  'over',
  'ice',
  'owl',
];

/** A lower-case word from a small fixed list. */
export const word = (rng: Rng): string => rng.pick(WORDS);

/** `n` words. */
export const words = (rng: Rng, n: number): string[] => Array.from({ length: n }, () => word(rng));

/** A word with each letter upper-cased with probability p. */
export const mixedCase = (rng: Rng, w: string, p: number): string =>
  [...w].map((ch) => (rng.chance(p) ? ch.toUpperCase() : ch)).join('');

/** `n` integers in [min, max]. */
export const ints = (rng: Rng, n: number, min: number, max: number): number[] =>
  Array.from({ length: n }, () => rng.int(min, max));

/** Arguments as `const [a, b] = args` with the caller's types: tests hold JSON. */
export const as = <T extends unknown[]>(args: readonly Json[]): T => args as unknown as T;
