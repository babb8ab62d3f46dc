/**
 * The code generator: pick a spec family, its constants, three small visible examples and the hidden
 * tests, all from the item's rng. Expected outputs come from the family's TypeScript reference. The
 * tests are redrawn until they tell the reference from the family's known wrong solution and have at
 * least two different expected outputs, so neither a plausible bug nor a constant passes.
 */
import { canonicalJson, type Rng } from '../../rng';
import { CODE_FAMILIES } from './families';
import type { Consts, Family } from './family';
import { callText } from './format';
import type { CodeData, CodeParams, CodeTest, Json } from './types';

/** Visible examples stay small so the prompt stays short and readable. */
const EXAMPLE_SIZE = 5;
const VISIBLE = 3;
const MAX_SUITES = 200;
const MAX_DRAWS_PER_TEST = 50;

/** Draw `count` tests with inputs not in `seen` (canonical JSON of the arguments). */
function drawTests(
  rng: Rng,
  f: Family,
  c: Consts,
  count: number,
  size: number,
  seen: Set<string>,
): CodeTest[] {
  const out: CodeTest[] = [];
  for (let tries = 0; out.length < count && tries < count * MAX_DRAWS_PER_TEST; tries++) {
    const args = f.input(rng, size, c);
    const key = canonicalJson(args);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ args, expected: f.ref(args, c) });
  }
  return out;
}

/** Whether a suite is good enough: full, two distinct outputs, and the known bug fails somewhere. */
function adequate(f: Family, c: Consts, tests: readonly CodeTest[], wanted: number): boolean {
  if (tests.length !== wanted) return false;
  const outputs = new Set(tests.map((t) => canonicalJson(t.expected)));
  if (outputs.size < 2) return false;
  return tests.some((t) => canonicalJson(f.mutant.ref(t.args, c)) !== canonicalJson(t.expected));
}

/**
 * Draw one item. Params must already be valid.
 * @throws {Error} when no adequate test suite turns up (a family whose inputs are too narrow).
 */
export function drawCode(rng: Rng, p: CodeParams): { data: CodeData; solution: string } {
  const f = CODE_FAMILIES[rng.pick(p.families)] as Family;
  const c = f.consts(rng);
  for (let suite = 0; suite < MAX_SUITES; suite++) {
    const seen = new Set<string>();
    const examples = drawTests(rng, f, c, VISIBLE, Math.min(EXAMPLE_SIZE, p.maxSize), seen);
    const hidden = drawTests(rng, f, c, p.hidden, p.maxSize, seen);
    if (!adequate(f, c, [...examples, ...hidden], VISIBLE + p.hidden)) continue;
    if (new Set(examples.map((t) => canonicalJson(t.expected))).size < 2) continue;
    return {
      data: {
        family: f.id,
        fnName: f.fnName,
        params: [...f.params],
        spec: f.spec(c),
        consts: { ...c },
        examples,
        hidden,
      },
      solution: f.source(c),
    };
  }
  throw new Error(`code: could not draw an adequate test suite for ${f.id}; widen maxSize`);
}

/** The student's prompt: signature, spec, examples and the answer format. */
export function codePrompt(data: CodeData): string {
  const signature = `${data.fnName}(${data.params.join(', ')})`;
  const examples = data.examples.map(
    (t) => `${callText(data.fnName, t.args)} returns ${valueText(t.expected)}`,
  );
  return [
    `Write a JavaScript function ${signature}.`,
    data.spec,
    'Examples:',
    ...examples,
    `It is also run on ${data.hidden.length} hidden tests. Use plain JavaScript (no imports, no TypeScript types, no input or output).`,
    'Put the whole function inside answer tags:',
    `<answer>\nfunction ${signature} {\n  // your code\n}\n</answer>`,
  ].join('\n');
}

/** A JSON value as people read it in the prompt. */
function valueText(v: Json): string {
  return JSON.stringify(v);
}
