import fc from 'fast-check';
import { TestQuickJSWASMModule, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  code,
  CODE_FAMILIES,
  loadQuickJS,
  runInSandbox,
  SANDBOX_LIMITS,
  verifyCode,
  type CodeData,
  type CodeDetail,
  type CodeParams,
} from '../../src/core/envs/code';
import { callText } from '../../src/core/envs/code/format';
import type { HintLevel, Task } from '../../src/core/envs/types';
import { contractTests, indexArb, PRESETS, RUNS, seedArb, type Mutation } from './env-contract';

type CodeTask = Task<CodeParams, CodeData>;

// Every verification runs QuickJS: the shared contract's 500-seed properties need more than 5 s.
vi.setConfig({ testTimeout: 120_000 });

const signature = (d: CodeData): string => `function ${d.fnName}(${d.params.join(', ')})`;
const codes = (task: CodeTask, text: string): string[] => code.verify(task, text).issues.map((i) => i.code);
const wrap = (src: string): string => `<answer>\n${src}\n</answer>`;

/** Wrong solutions: the family's known bug, a constant, a syntax error, a misnamed function. */
function mutate(task: CodeTask, k: number): Mutation {
  const d = task.data;
  const family = CODE_FAMILIES[d.family];
  if (!family) throw new Error(`unknown family ${d.family}`);
  switch (k % 4) {
    case 0:
      return { text: wrap(family.mutant.source(d.consts)), codes: ['test.failed'] };
    case 1: {
      const constant = JSON.stringify(d.examples[k % d.examples.length]?.expected ?? null);
      return { text: wrap(`${signature(d)} {\n  return ${constant};\n}`), codes: ['test.failed'] };
    }
    case 2:
      return { text: wrap(task.solution.replace(/\}\s*$/, '')), codes: ['code.syntax'] };
    default:
      return { text: wrap(task.solution.replace(d.fnName, `${d.fnName}2`)), codes: ['code.no-function'] };
  }
}

/** A task of the given family, found by scanning seeds. */
function taskOf(family: string, preset: 'easy' | 'medium' | 'hard' = 'medium'): CodeTask {
  for (let seed = 0; seed < 10_000; seed++) {
    const task = code.generate(code.presets[preset], seed, 0);
    if (task.data.family === family) return task;
  }
  throw new Error(`no ${family} task`);
}

/** The body of a solution: everything after the signature line, normalised like the leak checks. */
const normalise = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

describe('code', () => {
  beforeAll(async () => {
    await code.prepare?.();
  }, 60_000);

  contractTests(code, mutate);

  for (const preset of PRESETS) {
    it(`${preset}: the family's known bug and a constant answer are rejected with test.failed`, () => {
      fc.assert(
        fc.property(seedArb, indexArb, (seed, index) => {
          const task = code.generate(code.presets[preset], seed, index);
          for (const k of [0, 1, 5]) {
            const m = mutate(task, k);
            const d = code.verify(task, m.text);
            expect(d.correct, m.text).toBe(false);
            expect(d.issues.map((i) => i.code)).toContain('test.failed');
            expect(d.score).toBeLessThan(1);
          }
        }),
        { numRuns: RUNS },
      );
    });

    it(`${preset}: tests respect the params; hidden inputs differ from the examples`, () => {
      const p = code.presets[preset];
      fc.assert(
        fc.property(seedArb, (seed) => {
          const { data, prompt } = code.generate(p, seed, 0);
          expect(p.families).toContain(data.family);
          expect(data.examples).toHaveLength(3);
          expect(data.hidden).toHaveLength(p.hidden);
          const keys = [...data.examples, ...data.hidden].map((t) => JSON.stringify(t.args));
          expect(new Set(keys).size).toBe(keys.length);
          for (const t of data.hidden) expect(prompt).not.toContain(callText(data.fnName, t.args));
          for (const t of data.examples) expect(prompt).toContain(callText(data.fnName, t.args));
        }),
        { numRuns: RUNS },
      );
    });

    it(`${preset}: no hint contains the solution's body or a hidden test's input`, () => {
      fc.assert(
        fc.property(seedArb, indexArb, fc.nat(), (seed, index, k) => {
          const task = code.generate(code.presets[preset], seed, index);
          const body = normalise(task.solution.split('\n').slice(1).join('\n'));
          const hiddenCalls = task.data.hidden.map((t) => callText(task.data.fnName, t.args));
          const attempts = [mutate(task, k).text, mutate(task, k + 1).text, wrap('function x() {}'), ''];
          for (const attempt of attempts) {
            const d = code.verify(task, attempt);
            for (const level of [0, 1, 2, 3] as HintLevel[]) {
              const hint = code.hint(task, d, level);
              expect(` ${normalise(hint)} `).not.toContain(` ${body} `);
              for (const call of hiddenCalls) expect(hint).not.toContain(call);
            }
            for (const issue of d.issues)
              for (const call of hiddenCalls) expect(issue.message).not.toContain(call);
          }
        }),
        { numRuns: RUNS },
      );
    });

    it(`${preset}: every family of the preset is drawn`, () => {
      const seen = new Set<string>();
      for (let seed = 0; seed < 300; seed++)
        seen.add(code.generate(code.presets[preset], seed, 0).data.family);
      expect([...seen].sort()).toEqual([...code.presets[preset].families].sort());
    });
  }

  it('every family reference source passes its own tests and its known bug does not', () => {
    for (const family of Object.keys(CODE_FAMILIES)) {
      const task = taskOf(
        family,
        ['dedupe', 'rotate-right', 'is-palindrome', 'fizz-buzz', 'flatten-once', 'chunk'].includes(family)
          ? 'medium'
          : code.presets.easy.families.includes(family)
            ? 'easy'
            : 'hard',
      );
      expect(code.verify(task, wrap(task.solution)).correct, family).toBe(true);
      expect(
        code.verify(task, wrap(CODE_FAMILIES[family]!.mutant.source(task.data.consts))).correct,
        family,
      ).toBe(false);
    }
  });

  describe('answer extraction', () => {
    const task = taskOf('rotate-right');
    it('accepts a ```js block inside the tags', () => {
      const d = code.verify(task, `<answer>\n\`\`\`js\n${task.solution}\n\`\`\`\n</answer>`);
      expect(d.correct).toBe(true);
      expect(d.issues).toEqual([]);
    });
    it('accepts a fenced block without tags, with format.missing-tag', () => {
      const d = code.verify(task, `Here you go:\n\`\`\`javascript\n${task.solution}\n\`\`\`\nHope it helps.`);
      expect(d.correct).toBe(true);
      expect(d.issues.map((i) => i.code)).toEqual(['format.missing-tag']);
    });
    it('accepts a bare definition after prose, and drops `export`', () => {
      const d = code.verify(task, `Sure. export ${task.solution}\nThat is all.`);
      expect(d.correct).toBe(true);
      expect(d.parsed).toBe(task.solution);
    });
    it('ignores the reasoning block and takes the last answer', () => {
      const text = `<think>maybe \`\`\`js\nfunction rotateRight(){}\n\`\`\`</think><answer>${task.solution}</answer>`;
      expect(code.verify(task, text).correct).toBe(true);
    });
    it('accepts arrow functions and console.log calls left in the code', () => {
      const arrow = `const rotateRight = (arr, k) => {\n  const n = arr.length;\n  if (!n) return [];\n  const r = k % n;\n  return [...arr.slice(n - r), ...arr.slice(0, n - r)];\n};\nconsole.log(rotateRight([1, 2, 3], 1));`;
      expect(code.verify(task, wrap(arrow)).correct).toBe(true);
    });
  });

  describe('diagnosis', () => {
    const task = taskOf('rotate-right');
    const first = task.data.examples[0]!;

    it('names the first failing example with input, expected and got', () => {
      const d = code.verify(task, wrap('function rotateRight(arr, k) { return "nope"; }'));
      const issue = d.issues.find((i) => i.code === 'test.failed' && i.where?.['test'] === 1);
      expect(issue?.where).toMatchObject({
        input: callText('rotateRight', first.args),
        expected: JSON.stringify(first.expected),
        got: '"nope"',
      });
      expect(d.score).toBe(0);
      const hidden = d.issues.find((i) => i.where?.['hidden'] === true);
      expect(hidden?.message).toBe(
        `Fails ${task.data.hidden.length} of ${task.data.hidden.length} hidden tests.`,
      );
    });

    it('scores the fraction of tests passed and reports hidden failures as a count only', () => {
      // Right on the examples only: look them up.
      const table = task.data.examples.map((t) => [JSON.stringify(t.args), t.expected]);
      const src = `function rotateRight(arr, k) {\n  const table = ${JSON.stringify(table)};\n  const hit = table.find((row) => row[0] === JSON.stringify([arr, k]));\n  return hit ? hit[1] : null;\n}`;
      const d = code.verify(task, wrap(src));
      const total = task.data.examples.length + task.data.hidden.length;
      expect(d.correct).toBe(false);
      expect(d.score).toBeCloseTo(3 / total);
      expect(d.issues.map((i) => i.code)).toEqual(['test.failed']);
      expect(d.issues[0]!.where).toEqual({
        hidden: true,
        failed: task.data.hidden.length,
        total: task.data.hidden.length,
      });
    });

    it('an error thrown on a hidden test is counted, its message never shown', () => {
      const keys = task.data.examples.map((t) => JSON.stringify(t.args));
      const src = `${task.solution}\nconst ok = ${JSON.stringify(keys)};\nconst real = rotateRight;\nrotateRight = function (arr, k) {\n  if (!ok.includes(JSON.stringify([arr, k]))) throw new Error('secret ' + JSON.stringify([arr, k]));\n  return real(arr, k);\n};`;
      const d = code.verify(task, wrap(src.replace('function rotateRight', 'var rotateRight = function')));
      expect(d.issues.map((i) => i.code).sort()).toEqual(['code.runtime-error', 'test.failed']);
      expect(JSON.stringify([d.issues, (d.detail as CodeDetail).examples])).not.toContain('secret ');
      for (const level of [1, 2, 3] as HintLevel[]) expect(code.hint(task, d, level)).not.toContain('secret');
    });

    it('reports undefined results, thrown non-errors and the line of an error', () => {
      expect(
        code.verify(task, wrap('function rotateRight(arr, k) {\n  arr.slice();\n}')).issues[0]!.where?.[
          'got'
        ],
      ).toBe('undefined');
      const threw = code.verify(task, wrap('function rotateRight(arr, k) {\n  throw "nope";\n}')).issues[0]!;
      expect(threw.code).toBe('code.runtime-error');
      expect(threw.message).toContain('nope');
      const line = code.verify(
        task,
        wrap('function rotateRight(arr, k) {\n  const n = arr.length;\n  return n.foo.bar;\n}'),
      ).issues[0]!;
      expect(line.code).toBe('code.runtime-error');
      expect(line.where).toMatchObject({ test: 1, line: 3 });
      expect(line.message).toContain('TypeError');
    });

    it('syntax errors give code.syntax with the parser message and line', () => {
      const d = code.verify(task, wrap('function rotateRight(arr, k) {\n  const x = ;\n  return x;\n}'));
      expect(d.issues.map((i) => i.code)).toEqual(['code.syntax']);
      expect(d.issues[0]!.where).toMatchObject({ line: 2 });
      expect(d.issues[0]!.message).toMatch(/SyntaxError/);
      expect(d.parsed).not.toBeNull();
      expect(code.hint(task, d, 2)).toContain('line 2');
    });

    it('TypeScript annotations are a syntax error, an undefined function is code.no-function', () => {
      expect(codes(task, wrap('function rotateRight(arr: number[], k: number) { return arr; }'))).toEqual([
        'code.syntax',
      ]);
      expect(codes(task, wrap('function rotate(arr, k) { return arr; }'))).toEqual(['code.no-function']);
      expect(codes(task, wrap('const rotateRight = 5;'))).toEqual(['code.no-function']);
    });

    it('code that throws while loading is a runtime error before any test', () => {
      const d = code.verify(task, wrap(`${task.solution}\nrotateRight(undefined.x, 1);`));
      expect(d.issues.map((i) => i.code)).toEqual(['code.runtime-error']);
      expect(d.issues[0]!.where?.['phase']).toBe('load');
    });

    it('before prepare() the verifier says the sandbox is not ready', () => {
      const d = verifyCode(null, task, wrap(task.solution));
      expect(d.correct).toBe(false);
      expect(d.issues.map((i) => i.code)).toEqual(['code.sandbox-not-ready']);
      expect(code.hint(task, d, 1)).toMatch(/still loading/);
    });

    it('verify is deterministic, failures included', () => {
      for (const src of [
        task.solution,
        'function rotateRight(a, k) { while (true) {} }',
        'function rotateRight(a, k) { return k; }',
      ]) {
        expect(code.verify(task, wrap(src))).toEqual(code.verify(task, wrap(src)));
      }
    });
  });

  describe('sandbox', () => {
    const task = taskOf('reverse-words', 'easy');
    beforeEach(() => code.prepare!());
    const body = (expr: string) => wrap(`function reverseWords(s) {\n  ${expr}\n}`);

    it('has no page, storage or network globals', () => {
      const names = [
        'fetch',
        'indexedDB',
        'localStorage',
        'sessionStorage',
        'document',
        'window',
        'XMLHttpRequest',
        'WebSocket',
        'navigator',
        'process',
        'require',
        'importScripts',
        'postMessage',
        'self',
      ];
      const d = code.verify(task, body(`return [${names.map((n) => `typeof ${n}`).join(', ')}].join(' ');`));
      const got = d.issues.find((i) => i.where?.['test'] === 1)?.where?.['got'];
      expect(got).toBe(JSON.stringify(names.map(() => 'undefined').join(' ')));
    });

    for (const [what, expr] of [
      ['reads indexedDB', 'return String(indexedDB.open("x"));'],
      ['reads localStorage', 'return localStorage.getItem("k");'],
      ['reads document', 'return document.title;'],
      ['calls fetch', 'fetch("http://example.com/"); return s;'],
    ] as const) {
      it(`code that ${what} fails inside the sandbox with a ReferenceError`, () => {
        const d = code.verify(task, body(expr));
        expect(d.correct).toBe(false);
        const issue = d.issues.find((i) => i.code === 'code.runtime-error' && i.where?.['test'] === 1);
        expect(issue?.message).toMatch(/ReferenceError/);
      });
    }

    it('an endless loop stops with code.timeout and the next verification works', () => {
      const d = code.verify(task, body('while (true) {}'));
      expect(d.issues.map((i) => i.code)).toContain('code.timeout');
      expect(d.score).toBe(0);
      expect(code.verify(task, wrap(task.solution)).correct).toBe(true);
      // An endless loop that catches everything is still stopped: the interrupt cannot be caught.
      const sneaky = code.verify(task, body('for (;;) { try { while (true) {} } catch (e) {} }'));
      expect(sneaky.issues.map((i) => i.code)).toContain('code.timeout');
      expect(codes(task, wrap(`${task.solution}\nwhile (true) {}`))).toEqual(['code.timeout']);
    });

    it('a memory bomb is contained (code.memory or code.timeout) and the next verification works', async () => {
      for (const bomb of [
        'let a = []; while (true) a.push(new Array(1e6));',
        'const a = []; for (;;) a.push({ a, s: "xxxxxxxx" + a.length });',
      ]) {
        const d = code.verify(task, body(bomb));
        expect(d.correct).toBe(false);
        expect(
          d.issues.map((i) => i.code).some((c) => c === 'code.memory' || c === 'code.timeout'),
          bomb,
        ).toBe(true);
        expect(code.verify(task, wrap(task.solution)).correct).toBe(true);
        // A module that hit the memory cap is retired for its spare; the next spare loads meanwhile.
        await code.prepare!();
      }
      expect(codes(task, body('let a = []; while (true) a.push(new Array(1e6));'))).toContain('code.memory');
      await code.prepare!();
      // QuickJS builds concatenations as ropes: a doubling string hits the length limit, a runtime error.
      expect(codes(task, body('let t = "x"; while (true) t += t;'))).toContain('code.runtime-error');
      expect(code.verify(task, wrap(task.solution)).correct).toBe(true);
    });

    it('deep recursion is the stack limit, not a crash', () => {
      const d = code.verify(task, body('return reverseWords(s + "x");'));
      const issue = d.issues.find((i) => i.code === 'code.stack');
      expect(issue?.message).toMatch(/recursed too deeply/);
      expect(code.hint(task, d, 1)).toMatch(/recursed or nested too deeply/);
      expect(code.verify(task, wrap(task.solution)).correct).toBe(true);
    });

    it('state does not survive between verifications', () => {
      code.verify(
        task,
        wrap(
          `${task.solution}\nglobalThis.leaked = 1; Array.prototype.reverse = function () { return this; };`,
        ),
      );
      expect(code.verify(task, body('return typeof leaked;')).issues[0]!.where?.['got']).toBe('"undefined"');
      expect(code.verify(task, wrap(task.solution)).correct).toBe(true);
    });

    it('a student cannot break the harness by replacing JSON or String', () => {
      const d = code.verify(
        task,
        wrap(`${task.solution}\nJSON.parse = () => 1; JSON.stringify = () => "1"; String = null;`),
      );
      expect(d.correct).toBe(true);
    });

    it('the fuel is a deterministic count of interrupt polls', () => {
      const args = task.data.examples.map((t) => JSON.stringify(t.args));
      const loop = 'function reverseWords(s) { let i = 0; while (i < 3e5) i++; return s; }';
      const runs = [0, 1].map(() => runInSandbox(sandboxModule, loop, 'reverseWords', args));
      expect(runs[0]!.polls).toBe(runs[1]!.polls);
      expect(runs[0]!.polls).toBeGreaterThan(30);
      const endless = runInSandbox(
        sandboxModule,
        'function reverseWords() { for (;;) {} }',
        'reverseWords',
        args,
      );
      expect(endless.polls).toBe(SANDBOX_LIMITS.fuel + 1);
      expect(endless.tests.map((t) => t.kind)).toEqual(['timeout', 'not-run', 'not-run']);
    });

    it('every handle is freed: no QuickJS memory left after runs of every kind', () => {
      const leakChecked = new TestQuickJSWASMModule(sandboxModule);
      const args = task.data.examples.map((t) => JSON.stringify(t.args));
      for (const src of [
        task.solution,
        'function reverseWords(s) { while (true) {} }',
        'function reverseWords(s) { let a = []; while (true) a.push(new Array(1e6)); }',
        'function reverseWords(s) { return reverseWords(s); }',
        'function reverseWords(s) { throw new Error("x"); }',
        'function reverseWords(s) {',
        'const other = 1;',
        'throw { message: 1 };',
        'function reverseWords(s) { const o = {}; o.o = o; return o; }',
      ]) {
        runInSandbox(leakChecked, src, 'reverseWords', args);
        expect(leakChecked.runtimes.size).toBe(1);
        leakChecked.runtimes.clear();
        leakChecked.contexts.clear();
      }
      expect(() => leakChecked.assertNoMemoryAllocated()).not.toThrow();
    });
  });
});

/** A second module for the low-level runner tests, loaded once. */
let sandboxModule: QuickJSWASMModule;
beforeAll(async () => {
  sandboxModule = await loadQuickJS();
}, 60_000);
