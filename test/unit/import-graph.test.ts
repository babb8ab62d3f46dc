/**
 * The import graph of src/ has no circle (issue 15), type-only imports included: a circle means two
 * files that each need the other, which is one concern spread over two files or a type in the wrong
 * home (lab-api.ts ↔ experiment-runner.ts was one). Relative imports of .ts and .svelte files count.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../../src');
/** `import … from './x'`, `export … from './x'`, `import './x'` and `import('./x')`. */
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]|import\s*\(?\s*['"](\.[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.isFile() && /\.(ts|svelte)$/.test(e.name) ? [p] : [];
  });
}

/** The file a relative specifier names: as written, with `.ts`, or the folder's index.ts. */
function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  return (
    [base, `${base}.ts`, join(base, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile()) ?? null
  );
}

/** Each file's relative imports within `files`. */
function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const deps = [...readFileSync(file, 'utf8').matchAll(IMPORT)]
      .map((m) => resolveImport(file, (m[1] ?? m[2])!))
      .filter((p): p is string => p !== null);
    graph.set(file, deps);
  }
  return graph;
}

/** One circle through each strongly connected part of the graph that has one (depth-first search). */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (!graph.has(dep)) continue;
      if (state.get(dep) === 'open') found.push([...stack.slice(stack.indexOf(dep)), dep]);
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('import graph', () => {
  it('finds a circle, type imports included (so the check below can fail)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(circles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(
      circles(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toEqual([]);
    const line = "import type { X } from './x';\nexport { y } from '../y';\nconst m = import('./m');";
    expect([...line.matchAll(IMPORT)].map((m) => m[1] ?? m[2])).toEqual(['./x', '../y', './m']);
  });

  it('src/ has none', () => {
    const found = circles(importGraph(sourceFiles(SRC))).map((c) =>
      c.map((p) => relative(SRC, p)).join(' → '),
    );
    expect(found).toEqual([]);
  });
});
