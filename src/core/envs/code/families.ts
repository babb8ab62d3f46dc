/** The registry of spec families, and which of them each preset draws from. */
import type { Family } from './family';
import {
  chunk,
  countGreater,
  dedupe,
  fizzBuzz,
  flattenOnce,
  interleave,
  longestRun,
  mostFrequent,
  pairCount,
  rotateRight,
  runningSum,
  secondLargest,
  sumDivisible,
} from './families-list';
import {
  caesarShift,
  capitalizeWords,
  countVowels,
  isPalindrome,
  reverseWords,
  runLength,
} from './families-text';

const ALL: readonly Family[] = [
  reverseWords,
  countVowels,
  capitalizeWords,
  runningSum,
  sumDivisible,
  countGreater,
  dedupe,
  rotateRight,
  isPalindrome,
  fizzBuzz,
  flattenOnce,
  chunk,
  caesarShift,
  runLength,
  mostFrequent,
  secondLargest,
  longestRun,
  pairCount,
  interleave,
];

/** Every family by id. */
export const CODE_FAMILIES: Readonly<Record<string, Family>> = Object.fromEntries(ALL.map((f) => [f.id, f]));

/** The shortest one-step transforms (a line or two each): the starter preset's. */
export const STARTER_FAMILIES = ['reverse-words', 'count-vowels', 'sum-divisible', 'count-greater'];

/** One-step transforms: a single pass or a built-in chain. */
export const EASY_FAMILIES = [
  'reverse-words',
  'count-vowels',
  'capitalize-words',
  'running-sum',
  'sum-divisible',
  'count-greater',
];
/** Order, index arithmetic and nesting. */
export const MEDIUM_FAMILIES = [
  'dedupe',
  'rotate-right',
  'is-palindrome',
  'fizz-buzz',
  'flatten-once',
  'chunk',
];
/** Several cases to get right at once: wrap-around, runs, ties, pairs. */
export const HARD_FAMILIES = [
  'caesar-shift',
  'run-length',
  'most-frequent',
  'second-largest',
  'longest-run',
  'pair-count',
  'interleave',
];
