/** Spec families over strings. */
import { as, mixedCase, noConsts, words, type Family } from './family';

const VOWELS = 'aeiouAEIOU';

export const reverseWords: Family = {
  id: 'reverse-words',
  fnName: 'reverseWords',
  params: ['s'],
  consts: noConsts,
  spec: () =>
    'Return the words of the string s in reverse order. Words are separated by single spaces, and the result uses single spaces too.',
  input: (rng, size) => [words(rng, rng.int(1, size)).join(' ')],
  ref: (args) => as<[string]>(args)[0].split(' ').reverse().join(' '),
  source: () => `function reverseWords(s) {\n  return s.split(' ').reverse().join(' ');\n}`,
  mutant: {
    what: 'drops the first word',
    ref: (args) => as<[string]>(args)[0].split(' ').slice(1).reverse().join(' '),
    source: () => `function reverseWords(s) {\n  return s.split(' ').slice(1).reverse().join(' ');\n}`,
  },
  tip: 'Split the string into a list of words, reverse the list, and join it again with spaces.',
  edges: 'a single word, and several words',
};

export const countVowels: Family = {
  id: 'count-vowels',
  fnName: 'countVowels',
  params: ['s'],
  consts: noConsts,
  spec: () => 'Return how many vowels (a, e, i, o, u, in upper or lower case) the string s contains.',
  input: (rng, size) => [
    words(rng, rng.int(0, size))
      .map((w) => mixedCase(rng, w, 0.3))
      .join(rng.pick([' ', ', ', '-'])),
  ],
  ref: (args) => [...as<[string]>(args)[0]].filter((ch) => VOWELS.includes(ch)).length,
  source: () =>
    `function countVowels(s) {\n  let count = 0;\n  for (const ch of s) {\n    if ('aeiouAEIOU'.includes(ch)) count++;\n  }\n  return count;\n}`,
  mutant: {
    what: 'counts lower-case vowels only',
    ref: (args) => [...as<[string]>(args)[0]].filter((ch) => 'aeiou'.includes(ch)).length,
    source: () =>
      `function countVowels(s) {\n  let count = 0;\n  for (const ch of s) {\n    if ('aeiou'.includes(ch)) count++;\n  }\n  return count;\n}`,
  },
  tip: 'Look at each character in turn and count it when it is one of the ten vowel characters (five lower-case, five upper-case).',
  edges: 'upper-case vowels, and strings without any vowel',
};

export const capitalizeWords: Family = {
  id: 'capitalize-words',
  fnName: 'capitalizeWords',
  params: ['s'],
  consts: noConsts,
  spec: () =>
    'Return s with the first letter of every word in upper case and every other character unchanged. Words are separated by single spaces.',
  input: (rng, size) => [
    words(rng, rng.int(1, size))
      .map((w) => (rng.chance(0.2) ? mixedCase(rng, w, 0.5) : w))
      .join(' '),
  ],
  ref: (args) =>
    as<[string]>(args)[0]
      .split(' ')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(' '),
  source: () =>
    `function capitalizeWords(s) {\n  return s\n    .split(' ')\n    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))\n    .join(' ');\n}`,
  mutant: {
    what: 'capitalises the first word only',
    ref: (args) => {
      const [s] = as<[string]>(args);
      return s.charAt(0).toUpperCase() + s.slice(1);
    },
    source: () => `function capitalizeWords(s) {\n  return s.charAt(0).toUpperCase() + s.slice(1);\n}`,
  },
  tip: 'Treat each word separately: upper-case its first character, keep the rest of it as it is, then put the words back together.',
  edges: 'one word, many words, and words that already contain capitals',
};

export const isPalindrome: Family = {
  id: 'is-palindrome',
  fnName: 'isPalindrome',
  params: ['s'],
  consts: noConsts,
  spec: () =>
    'Return true if s reads the same forwards and backwards when you ignore letter case and every character that is not a letter or a digit; otherwise return false.',
  input: (rng, size) => {
    const half = Array.from({ length: rng.int(1, Math.max(2, size)) }, () =>
      rng.pick([...'abcdefgnorst0123']),
    );
    const middle = rng.chance(0.5) ? [rng.pick([...'xyz7'])] : [];
    let chars = [...half, ...middle, ...half.slice().reverse()];
    if (rng.chance(0.4)) {
      const i = rng.int(0, chars.length - 1);
      chars[i] = chars[i] === 'q' ? 'w' : 'q';
    }
    chars = chars.map((ch) => (rng.chance(0.25) ? ch.toUpperCase() : ch));
    const out: string[] = [];
    for (const ch of chars) {
      out.push(ch);
      if (rng.chance(0.2)) out.push(rng.pick([' ', ',', '!', "'", '-', '.']));
    }
    return [out.join('')];
  },
  ref: (args) => {
    const clean = as<[string]>(args)[0]
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    return clean === [...clean].reverse().join('');
  },
  source: () =>
    `function isPalindrome(s) {\n  const clean = s.toLowerCase().replace(/[^a-z0-9]/g, '');\n  return clean === clean.split('').reverse().join('');\n}`,
  mutant: {
    what: 'does not ignore letter case',
    ref: (args) => {
      const clean = as<[string]>(args)[0].replace(/[^a-zA-Z0-9]/g, '');
      return clean === [...clean].reverse().join('');
    },
    source: () =>
      `function isPalindrome(s) {\n  const clean = s.replace(/[^a-zA-Z0-9]/g, '');\n  return clean === clean.split('').reverse().join('');\n}`,
  },
  tip: 'First build a cleaned string: lower-case it and keep only letters and digits. Then compare it with its reverse.',
  edges: 'mixed upper and lower case, punctuation and spaces, and strings that are almost palindromes',
};

export const caesarShift: Family = {
  id: 'caesar-shift',
  fnName: 'caesarShift',
  params: ['s', 'k'],
  consts: noConsts,
  spec: () =>
    "Shift every letter of s forward by k places in the alphabet (0 ≤ k ≤ 25), wrapping around from z to a and from Z to A, and keep each letter's case. Other characters stay unchanged.",
  input: (rng, size) => [
    words(rng, rng.int(1, Math.max(1, Math.ceil(size / 2))))
      .map((w) => mixedCase(rng, w, 0.2))
      .join(rng.pick([' ', ', ', '! '])),
    rng.int(0, 25),
  ],
  ref: (args) => {
    const [s, k] = as<[string, number]>(args);
    return s.replace(/[a-z]/gi, (ch) => {
      const base = ch <= 'Z' ? 65 : 97;
      return String.fromCharCode(((ch.charCodeAt(0) - base + k) % 26) + base);
    });
  },
  source: () =>
    `function caesarShift(s, k) {\n  let out = '';\n  for (const ch of s) {\n    const code = ch.charCodeAt(0);\n    if (code >= 65 && code <= 90) out += String.fromCharCode(((code - 65 + k) % 26) + 65);\n    else if (code >= 97 && code <= 122) out += String.fromCharCode(((code - 97 + k) % 26) + 97);\n    else out += ch;\n  }\n  return out;\n}`,
  mutant: {
    what: 'does not wrap around the end of the alphabet',
    ref: (args) => {
      const [s, k] = as<[string, number]>(args);
      return s.replace(/[a-z]/gi, (ch) => String.fromCharCode(ch.charCodeAt(0) + k));
    },
    source: () =>
      `function caesarShift(s, k) {\n  return s.replace(/[a-z]/gi, (ch) => String.fromCharCode(ch.charCodeAt(0) + k));\n}`,
  },
  tip: "Work out each letter's position in the alphabet (0 to 25), add k, take the remainder after dividing by 26, and turn it back into a letter of the same case.",
  edges: 'letters near the end of the alphabet, capitals, and punctuation',
};

export const runLength: Family = {
  id: 'run-length',
  fnName: 'runLength',
  params: ['s'],
  consts: noConsts,
  spec: () =>
    'Compress s (letters only) by writing each run of the same letter as the letter followed by the length of the run. An empty string gives an empty string.',
  input: (rng, size) => {
    let out = '';
    const runs = rng.int(0, size);
    for (let i = 0; i < runs; i++) out += rng.pick([...'abcx']).repeat(rng.chance(0.3) ? 1 : rng.int(1, 12));
    return [out];
  },
  ref: (args) => {
    const [s] = as<[string]>(args);
    return (s.match(/(.)\1*/g) ?? []).map((run) => `${run[0]}${run.length}`).join('');
  },
  source: () =>
    `function runLength(s) {\n  let out = '';\n  let i = 0;\n  while (i < s.length) {\n    let j = i;\n    while (j < s.length && s[j] === s[i]) j++;\n    out += s[i] + (j - i);\n    i = j;\n  }\n  return out;\n}`,
  mutant: {
    what: 'leaves out the count of a run of length 1',
    ref: (args) => {
      const [s] = as<[string]>(args);
      return (s.match(/(.)\1*/g) ?? [])
        .map((run) => (run.length === 1 ? run : `${run[0]}${run.length}`))
        .join('');
    },
    source: () =>
      `function runLength(s) {\n  return (s.match(/(.)\\1*/g) || []).map((r) => (r.length === 1 ? r : r[0] + r.length)).join('');\n}`,
  },
  tip: 'Walk through the string, and each time the letter changes (or the string ends) write out the letter you were counting and how many times you saw it.',
  edges: 'an empty string, runs of length 1, and runs of ten or more',
};
