/** Spec families over lists of numbers. */
import { as, ints, noConsts, type Family } from './family';
import type { Json } from './types';

export const runningSum: Family = {
  id: 'running-sum',
  fnName: 'runningSum',
  params: ['nums'],
  consts: noConsts,
  spec: () => 'Return a new array whose i-th element is the sum of nums[0] through nums[i] (inclusive).',
  input: (rng, size) => [ints(rng, rng.int(0, size), -9, 20)],
  ref: (args) => {
    let total = 0;
    return as<[number[]]>(args)[0].map((x) => (total += x));
  },
  source: () =>
    `function runningSum(nums) {\n  const out = [];\n  let total = 0;\n  for (const x of nums) {\n    total += x;\n    out.push(total);\n  }\n  return out;\n}`,
  mutant: {
    what: 'sums up to the element before i (off by one)',
    ref: (args) => {
      let total = 0;
      return as<[number[]]>(args)[0].map((x) => {
        const before = total;
        total += x;
        return before;
      });
    },
    source: () =>
      `function runningSum(nums) {\n  const out = [];\n  let total = 0;\n  for (const x of nums) {\n    out.push(total);\n    total += x;\n  }\n  return out;\n}`,
  },
  tip: 'Keep a running total while you walk through the list, and record the total after adding each element.',
  edges: 'an empty list, negative numbers, and a single element',
};

export const sumDivisible: Family = {
  id: 'sum-divisible',
  fnName: 'sumDivisible',
  params: ['nums'],
  consts: (rng) => ({ k: rng.int(2, 5) }),
  spec: (c) => `Return the sum of the numbers in nums that are divisible by ${c.k} (0 when there are none).`,
  input: (rng, size) => [ints(rng, rng.int(0, size), 0, 30)],
  ref: (args, c) =>
    as<[number[]]>(args)[0]
      .filter((x) => x % (c.k ?? 1) === 0)
      .reduce((a, b) => a + b, 0),
  source: (c) =>
    `function sumDivisible(nums) {\n  let total = 0;\n  for (let i = 0; i < nums.length; i++) {\n    if (nums[i] % ${c.k} === 0) total += nums[i];\n  }\n  return total;\n}`,
  mutant: {
    what: 'starts the loop at index 1 (off by one)',
    ref: (args, c) =>
      as<[number[]]>(args)[0]
        .slice(1)
        .filter((x) => x % (c.k ?? 1) === 0)
        .reduce((a, b) => a + b, 0),
    source: (c) =>
      `function sumDivisible(nums) {\n  let total = 0;\n  for (let i = 1; i < nums.length; i++) {\n    if (nums[i] % ${c.k} === 0) total += nums[i];\n  }\n  return total;\n}`,
  },
  tip: 'Go through every element, from the very first to the very last, and add it to a total when the remainder of dividing it is 0.',
  edges: 'an empty list, a divisible first or last element, and zeros',
};

export const countGreater: Family = {
  id: 'count-greater',
  fnName: 'countGreater',
  params: ['nums', 't'],
  consts: noConsts,
  spec: () => 'Return how many numbers in nums are strictly greater than t.',
  input: (rng, size) => {
    const nums = ints(rng, rng.int(0, size), -5, 15);
    const t = nums.length > 0 && rng.chance(0.6) ? rng.pick(nums) : rng.int(-5, 15);
    return [nums, t];
  },
  ref: (args) => {
    const [nums, t] = as<[number[], number]>(args);
    return nums.filter((x) => x > t).length;
  },
  source: () => `function countGreater(nums, t) {\n  return nums.filter((x) => x > t).length;\n}`,
  mutant: {
    what: 'counts numbers equal to t too',
    ref: (args) => {
      const [nums, t] = as<[number[], number]>(args);
      return nums.filter((x) => x >= t).length;
    },
    source: () => `function countGreater(nums, t) {\n  return nums.filter((x) => x >= t).length;\n}`,
  },
  tip: 'Compare each number with t and count only those that are bigger; a number equal to t does not count.',
  edges: 'numbers equal to t, an empty list, and negative numbers',
};

export const dedupe: Family = {
  id: 'dedupe',
  fnName: 'dedupe',
  params: ['arr'],
  consts: noConsts,
  spec: () =>
    'Return a new array with the repeated values of arr removed, keeping the first occurrence of each value, in the original order.',
  input: (rng, size) => [ints(rng, rng.int(0, size), 1, Math.max(3, Math.ceil(size * 0.6)))],
  ref: (args) => [...new Set(as<[number[]]>(args)[0])],
  source: () =>
    `function dedupe(arr) {\n  const seen = new Set();\n  const out = [];\n  for (const x of arr) {\n    if (!seen.has(x)) {\n      seen.add(x);\n      out.push(x);\n    }\n  }\n  return out;\n}`,
  mutant: {
    what: 'keeps the last occurrence instead of the first',
    ref: (args) => {
      const [arr] = as<[number[]]>(args);
      return arr.filter((x, i) => arr.lastIndexOf(x) === i);
    },
    source: () => `function dedupe(arr) {\n  return arr.filter((x, i) => arr.lastIndexOf(x) === i);\n}`,
  },
  tip: 'Remember which values you have already seen while you walk through the list from the front, and keep a value only the first time you meet it.',
  edges: 'an empty list, lists without repeats, and repeats far apart',
};

export const rotateRight: Family = {
  id: 'rotate-right',
  fnName: 'rotateRight',
  params: ['arr', 'k'],
  consts: noConsts,
  spec: () =>
    'Return a new array with the elements of arr rotated k places to the right: the last k elements move to the front. k ≥ 0 may be larger than the length of arr; an empty array stays empty.',
  input: (rng, size) => {
    const n = rng.int(0, size);
    return [ints(rng, n, 0, 9), rng.chance(0.4) ? rng.int(n, 2 * n + 3) : rng.int(0, Math.max(0, n))];
  },
  ref: (args) => {
    const [arr, k] = as<[number[], number]>(args);
    if (arr.length === 0) return [];
    const r = k % arr.length;
    return [...arr.slice(arr.length - r), ...arr.slice(0, arr.length - r)];
  },
  source: () =>
    `function rotateRight(arr, k) {\n  const n = arr.length;\n  if (n === 0) return [];\n  const r = k % n;\n  return arr.slice(n - r).concat(arr.slice(0, n - r));\n}`,
  mutant: {
    what: 'forgets that k can exceed the length',
    ref: (args) => {
      const [arr, k] = as<[number[], number]>(args);
      return [...arr.slice(-k), ...arr.slice(0, -k)];
    },
    source: () => `function rotateRight(arr, k) {\n  return arr.slice(-k).concat(arr.slice(0, -k));\n}`,
  },
  tip: 'Reduce k first with the remainder after dividing by the length, then join the last part of the array to the first part.',
  edges: 'k larger than the length, k equal to 0, and an empty array',
};

export const fizzBuzz: Family = {
  id: 'fizz-buzz',
  fnName: 'fizzBuzz',
  params: ['n'],
  consts: (rng) => {
    const [a, b] = rng.pick([
      [3, 5],
      [2, 7],
      [3, 4],
      [4, 6],
      [2, 5],
    ] as const);
    return { a, b };
  },
  spec: (c) =>
    `Return an array of strings for the numbers 1 to n (n ≥ 1): "FizzBuzz" for multiples of both ${c.a} and ${c.b}, "Fizz" for other multiples of ${c.a}, "Buzz" for other multiples of ${c.b}, and the number itself as a string otherwise.`,
  input: (rng, size) => [rng.int(1, 2 * size + 2)],
  ref: (args, c) => {
    const [n] = as<[number]>(args);
    const out: string[] = [];
    for (let i = 1; i <= n; i++) out.push(fizz(i, c.a ?? 3, c.b ?? 5));
    return out;
  },
  source: (c) =>
    `function fizzBuzz(n) {\n  const out = [];\n  for (let i = 1; i <= n; i++) {\n    if (i % ${c.a} === 0 && i % ${c.b} === 0) out.push('FizzBuzz');\n    else if (i % ${c.a} === 0) out.push('Fizz');\n    else if (i % ${c.b} === 0) out.push('Buzz');\n    else out.push(String(i));\n  }\n  return out;\n}`,
  mutant: {
    what: 'stops one number early (off by one)',
    ref: (args, c) => {
      const [n] = as<[number]>(args);
      const out: string[] = [];
      for (let i = 1; i < n; i++) out.push(fizz(i, c.a ?? 3, c.b ?? 5));
      return out;
    },
    source: (c) =>
      `function fizzBuzz(n) {\n  const out = [];\n  for (let i = 1; i < n; i++) {\n    if (i % ${c.a} === 0 && i % ${c.b} === 0) out.push('FizzBuzz');\n    else if (i % ${c.a} === 0) out.push('Fizz');\n    else if (i % ${c.b} === 0) out.push('Buzz');\n    else out.push(String(i));\n  }\n  return out;\n}`,
  },
  tip: 'Check "both" first, then each divisor alone; and make sure the count runs from 1 up to and including n.',
  edges: 'n = 1, n a multiple of both numbers, and larger n',
};

function fizz(i: number, a: number, b: number): string {
  if (i % a === 0 && i % b === 0) return 'FizzBuzz';
  if (i % a === 0) return 'Fizz';
  if (i % b === 0) return 'Buzz';
  return String(i);
}

export const flattenOnce: Family = {
  id: 'flatten-once',
  fnName: 'flattenOnce',
  params: ['arr'],
  consts: noConsts,
  spec: () =>
    'Flatten arr by one level: each element that is an array is replaced by its elements; other elements stay as they are. Arrays nested deeper stay arrays.',
  input: (rng, size) => {
    const item = (depth: number): Json =>
      depth < 2 && rng.chance(0.45)
        ? Array.from({ length: rng.int(0, 3) }, () => item(depth + 1))
        : rng.int(0, 9);
    return [Array.from({ length: rng.int(0, size) }, () => item(0))];
  },
  ref: (args) => as<[Json[]]>(args)[0].flatMap((x) => (Array.isArray(x) ? x : [x])),
  source: () =>
    `function flattenOnce(arr) {\n  const out = [];\n  for (const x of arr) {\n    if (Array.isArray(x)) out.push(...x);\n    else out.push(x);\n  }\n  return out;\n}`,
  mutant: {
    what: 'flattens every level',
    ref: (args) => {
      const deep = (xs: readonly Json[]): Json[] => xs.flatMap((x) => (Array.isArray(x) ? deep(x) : [x]));
      return deep(as<[Json[]]>(args)[0]);
    },
    source: () => `function flattenOnce(arr) {\n  return arr.flat(Infinity);\n}`,
  },
  tip: 'Look at each element once: if it is an array, copy its elements into the result as they are (without looking inside them); otherwise copy the element.',
  edges: 'empty inner arrays, arrays nested two levels deep, and plain numbers',
};

export const chunk: Family = {
  id: 'chunk',
  fnName: 'chunk',
  params: ['arr', 'size'],
  consts: noConsts,
  spec: () =>
    'Split arr into consecutive groups of size elements (size ≥ 1) and return the list of groups; the last group may be shorter.',
  input: (rng, size) => [ints(rng, rng.int(0, size), 0, 9), rng.int(1, 4)],
  ref: (args) => {
    const [arr, n] = as<[number[], number]>(args);
    const out: number[][] = [];
    for (let i = 0; i < arr.length; i += n) out.push(arr.slice(i, i + n));
    return out;
  },
  source: () =>
    `function chunk(arr, size) {\n  const out = [];\n  for (let i = 0; i < arr.length; i += size) out.push(arr.slice(i, i + size));\n  return out;\n}`,
  mutant: {
    what: 'drops a shorter last group',
    ref: (args) => {
      const [arr, n] = as<[number[], number]>(args);
      const out: number[][] = [];
      for (let i = 0; i + n <= arr.length; i += n) out.push(arr.slice(i, i + n));
      return out;
    },
    source: () =>
      `function chunk(arr, size) {\n  const out = [];\n  for (let i = 0; i + size <= arr.length; i += size) out.push(arr.slice(i, i + size));\n  return out;\n}`,
  },
  tip: 'Step through the array size elements at a time and cut out one group at each step; keep whatever is left at the end as a last, shorter group.',
  edges: 'a length that is not a multiple of size, size 1, and an empty array',
};

export const mostFrequent: Family = {
  id: 'most-frequent',
  fnName: 'mostFrequent',
  params: ['nums'],
  consts: noConsts,
  spec: () =>
    'Return the value that occurs most often in nums (which is not empty). When several values are tied, return the smallest of them.',
  input: (rng, size) => [ints(rng, rng.int(1, size), 1, Math.max(3, Math.ceil(size / 2)))],
  ref: (args) => {
    const counts = new Map<number, number>();
    for (const x of as<[number[]]>(args)[0]) counts.set(x, (counts.get(x) ?? 0) + 1);
    let best = Infinity;
    let bestCount = 0;
    for (const [x, c] of counts)
      if (c > bestCount || (c === bestCount && x < best)) [best, bestCount] = [x, c];
    return best;
  },
  source: () =>
    `function mostFrequent(nums) {\n  const counts = new Map();\n  for (const x of nums) counts.set(x, (counts.get(x) || 0) + 1);\n  let best = Infinity;\n  let bestCount = 0;\n  for (const [x, c] of counts) {\n    if (c > bestCount || (c === bestCount && x < best)) {\n      best = x;\n      bestCount = c;\n    }\n  }\n  return best;\n}`,
  mutant: {
    what: 'breaks ties by first appearance instead of by the smallest value',
    ref: (args) => {
      const counts = new Map<number, number>();
      for (const x of as<[number[]]>(args)[0]) counts.set(x, (counts.get(x) ?? 0) + 1);
      let best = 0;
      let bestCount = 0;
      for (const [x, c] of counts) if (c > bestCount) [best, bestCount] = [x, c];
      return best;
    },
    source: () =>
      `function mostFrequent(nums) {\n  const counts = new Map();\n  for (const x of nums) counts.set(x, (counts.get(x) || 0) + 1);\n  let best = 0;\n  let bestCount = 0;\n  for (const [x, c] of counts) {\n    if (c > bestCount) {\n      best = x;\n      bestCount = c;\n    }\n  }\n  return best;\n}`,
  },
  tip: 'Count how often each value occurs first; then pick the highest count, and among values with that count the smallest value.',
  edges: 'ties between several values, and a list of one element',
};

export const secondLargest: Family = {
  id: 'second-largest',
  fnName: 'secondLargest',
  params: ['nums'],
  consts: noConsts,
  spec: () =>
    'Return the second largest distinct value in nums, or null when nums has fewer than two distinct values.',
  input: (rng, size) => [ints(rng, rng.int(0, size), -5, 12)],
  ref: (args) => {
    const distinct = [...new Set(as<[number[]]>(args)[0])].sort((a, b) => b - a);
    return distinct.length < 2 ? null : (distinct[1] as number);
  },
  source: () =>
    `function secondLargest(nums) {\n  const distinct = [...new Set(nums)].sort((a, b) => b - a);\n  return distinct.length < 2 ? null : distinct[1];\n}`,
  mutant: {
    what: 'does not skip repeats of the largest value',
    ref: (args) => {
      const sorted = as<[number[]]>(args)[0]
        .slice()
        .sort((a, b) => b - a);
      return sorted.length < 2 ? null : (sorted[1] as number);
    },
    source: () =>
      `function secondLargest(nums) {\n  const sorted = nums.slice().sort((a, b) => b - a);\n  return sorted.length < 2 ? null : sorted[1];\n}`,
  },
  tip: 'Work with distinct values only: remove repeats, order what is left from large to small, and take the second one if there is one.',
  edges: 'a repeated largest value, all values equal, an empty list, and negative numbers',
};

export const longestRun: Family = {
  id: 'longest-run',
  fnName: 'longestRun',
  params: ['nums'],
  consts: noConsts,
  spec: () =>
    'Return the length of the longest stretch of consecutive equal elements in nums (0 for an empty array).',
  input: (rng, size) => {
    const out: number[] = [];
    const target = rng.int(0, size);
    while (out.length < target) {
      const v = rng.int(0, 3);
      for (let r = rng.int(1, 4); r > 0 && out.length < target; r--) out.push(v);
    }
    return [out];
  },
  ref: (args) => {
    let best = 0;
    let run = 0;
    let prev: number | null = null;
    for (const x of as<[number[]]>(args)[0]) {
      run = x === prev ? run + 1 : 1;
      prev = x;
      best = Math.max(best, run);
    }
    return best;
  },
  source: () =>
    `function longestRun(nums) {\n  let best = 0;\n  let run = 0;\n  for (let i = 0; i < nums.length; i++) {\n    run = i > 0 && nums[i] === nums[i - 1] ? run + 1 : 1;\n    if (run > best) best = run;\n  }\n  return best;\n}`,
  mutant: {
    what: 'forgets the run that ends the array',
    ref: (args) => {
      const nums = as<[number[]]>(args)[0];
      let best = 0;
      let run = 0;
      for (let i = 0; i < nums.length; i++) {
        if (i > 0 && nums[i] !== nums[i - 1]) {
          best = Math.max(best, run);
          run = 0;
        }
        run++;
      }
      return best;
    },
    source: () =>
      `function longestRun(nums) {\n  let best = 0;\n  let run = 0;\n  for (let i = 0; i < nums.length; i++) {\n    if (i > 0 && nums[i] !== nums[i - 1]) {\n      best = Math.max(best, run);\n      run = 0;\n    }\n    run++;\n  }\n  return best;\n}`,
  },
  tip: 'Keep the length of the current stretch and the best length so far, and update the best after every element, including the last one.',
  edges: 'the longest stretch at the very end, an empty array, and a single element',
};

export const pairCount: Family = {
  id: 'pair-count',
  fnName: 'pairCount',
  params: ['nums', 'target'],
  consts: noConsts,
  spec: () => 'Return how many pairs of positions i < j have nums[i] + nums[j] equal to target.',
  input: (rng, size) => {
    const nums = ints(rng, rng.int(0, size), 0, 8);
    const target = nums.length > 0 && rng.chance(0.5) ? 2 * rng.pick(nums) : rng.int(0, 16);
    return [nums, target];
  },
  ref: (args) => {
    const [nums, target] = as<[number[], number]>(args);
    let count = 0;
    for (let i = 0; i < nums.length; i++)
      for (let j = i + 1; j < nums.length; j++)
        if ((nums[i] as number) + (nums[j] as number) === target) count++;
    return count;
  },
  source: () =>
    `function pairCount(nums, target) {\n  let count = 0;\n  for (let i = 0; i < nums.length; i++) {\n    for (let j = i + 1; j < nums.length; j++) {\n      if (nums[i] + nums[j] === target) count++;\n    }\n  }\n  return count;\n}`,
  mutant: {
    what: 'also pairs an element with itself (j starts at i)',
    ref: (args) => {
      const [nums, target] = as<[number[], number]>(args);
      let count = 0;
      for (let i = 0; i < nums.length; i++)
        for (let j = i; j < nums.length; j++)
          if ((nums[i] as number) + (nums[j] as number) === target) count++;
      return count;
    },
    source: () =>
      `function pairCount(nums, target) {\n  let count = 0;\n  for (let i = 0; i < nums.length; i++) {\n    for (let j = i; j < nums.length; j++) {\n      if (nums[i] + nums[j] === target) count++;\n    }\n  }\n  return count;\n}`,
  },
  tip: 'Look at every pair of two different positions exactly once (the second position always after the first) and count the pairs that add up to target.',
  edges: 'a target that is twice one element, repeated values, and an empty list',
};

export const interleave: Family = {
  id: 'interleave',
  fnName: 'interleave',
  params: ['a', 'b'],
  consts: noConsts,
  spec: () =>
    'Return an array that alternates the elements of a and b (a[0], b[0], a[1], b[1], …); when one array runs out, append the rest of the other.',
  input: (rng, size) => [ints(rng, rng.int(0, size), 0, 9), ints(rng, rng.int(0, size), 10, 99)],
  ref: (args) => {
    const [a, b] = as<[number[], number[]]>(args);
    const out: number[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i < a.length) out.push(a[i] as number);
      if (i < b.length) out.push(b[i] as number);
    }
    return out;
  },
  source: () =>
    `function interleave(a, b) {\n  const out = [];\n  for (let i = 0; i < Math.max(a.length, b.length); i++) {\n    if (i < a.length) out.push(a[i]);\n    if (i < b.length) out.push(b[i]);\n  }\n  return out;\n}`,
  mutant: {
    what: 'stops when the shorter array runs out',
    ref: (args) => {
      const [a, b] = as<[number[], number[]]>(args);
      const out: number[] = [];
      for (let i = 0; i < Math.min(a.length, b.length); i++) out.push(a[i] as number, b[i] as number);
      return out;
    },
    source: () =>
      `function interleave(a, b) {\n  const out = [];\n  for (let i = 0; i < Math.min(a.length, b.length); i++) out.push(a[i], b[i]);\n  return out;\n}`,
  },
  tip: 'Walk with one index up to the length of the longer array, and at each index take the element of each array that still has one.',
  edges: 'arrays of different lengths, and an empty array on either side',
};
