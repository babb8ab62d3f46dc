import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** src/core must stay pure: no wall clock, no Math.random, no DOM, no storage, no UI. */
const ROOT = join(import.meta.dirname, '../../src/core');

const BANNED: readonly [string, RegExp][] = [
  ['Math.random', /Math\.random/],
  ['Date.now(', /Date\.now\(/],
  ['new Date(', /new Date\(/],
  ['performance.now(', /performance\.now\(/],
  ['document.', /(?<![\w.])document\./],
  ['window.', /(?<![\w.])window\./],
  ['indexedDB', /indexedDB/],
  ["import from 'svelte'", /(?:from\s*|import\s*\(?\s*)['"]svelte(?:\/[^'"]*)?['"]/],
  ["import from 'idb'", /(?:from\s*|import\s*\(?\s*)['"]idb(?:\/[^'"]*)?['"]/],
];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.isFile() && e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Lines that are comments only (JSDoc, block or line comments) are skipped: prose may name what is banned. */
function isCommentOnly(line: string): boolean {
  const t = line.trim();
  return t.startsWith('//') || t.startsWith('/*') || t.startsWith('*');
}

function violations(source: string): string[] {
  const found: string[] = [];
  source.split('\n').forEach((line, i) => {
    if (isCommentOnly(line)) return;
    for (const [name, pattern] of BANNED) if (pattern.test(line)) found.push(`${i + 1}: ${name}`);
  });
  return found;
}

describe('src/core purity', () => {
  it('the scanner flags each banned pattern and skips comment-only lines', () => {
    const bad = [
      'const x = Math.random();',
      'const t = Date.now();',
      'const d = new Date();',
      'const p = performance.now();',
      'document.body.append(x);',
      'window.alert(1);',
      'const db = indexedDB.open("x");',
      "import { mount } from 'svelte';",
      "import { openDB } from 'idb';",
    ];
    for (const line of bad) expect(violations(line)).toHaveLength(1);
    expect(violations('// Math.random is banned\n * never new Date(\n/* window. */')).toEqual([]);
    expect(violations("import { x } from './svelte-helpers';\nconst y = mydocument.x;")).toEqual([]);
  });

  it('no file under src/core uses the wall clock, Math.random, the DOM, IndexedDB, Svelte or idb', () => {
    const files = tsFiles(ROOT);
    expect(files.length).toBeGreaterThan(0);
    const report = files.flatMap((f) =>
      violations(readFileSync(f, 'utf8')).map((v) => `${relative(ROOT, f)}:${v}`),
    );
    expect(report).toEqual([]);
  });
});
