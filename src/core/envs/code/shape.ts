/** The shape of a stored small-code task's data (see `shared/shape.ts`). */
import { isArrayOf, isRecord, isString, recordProblems } from '../shared/shape';
import { CODE_FAMILIES } from './families';
import type { CodeParams, CodeTest } from './types';

/** Visible examples per task (the generator's `VISIBLE`). */
const EXAMPLES = 3;

const isTest = (t: unknown): t is CodeTest =>
  isRecord(t) && Array.isArray(t.args) && t.expected !== undefined;

/**
 * What is wrong with `data` as a task generated from `params` (valid): one of the params' families
 * with that family's function name and parameters, a spec, numeric constants, three examples and
 * `hidden` hidden tests, each `{ args: [...], expected }`. Empty when it is right.
 */
export function codeDataProblems(params: CodeParams, data: unknown): string[] {
  return recordProblems(data, (check, d) => {
    const known =
      isString(d.family) && params.families.includes(d.family) && Object.hasOwn(CODE_FAMILIES, d.family);
    if (check.must('family', known, `one of the params' families (${params.families.join(', ')})`)) {
      const family = CODE_FAMILIES[d.family as string]!;
      check.must('fnName', d.fnName === family.fnName, `the family's function name (${family.fnName})`);
      const same = isArrayOf(d.params, isString) && d.params.join(',') === family.params.join(',');
      check.must('params', same, `the family's parameters (${family.params.join(', ')})`);
    }
    check.must('spec', isString(d.spec), 'the spec, as text');
    const numbers =
      isRecord(d.consts) && Object.values(d.consts).every((x) => typeof x === 'number' && Number.isFinite(x));
    check.must('consts', numbers, 'an object of numbers');
    check.must(
      'examples',
      isArrayOf(d.examples, isTest, { min: EXAMPLES, max: EXAMPLES }),
      `${EXAMPLES} tests { args: [...], expected }`,
    );
    const hidden = { min: params.hidden, max: params.hidden };
    check.must(
      'hidden',
      isArrayOf(d.hidden, isTest, hidden),
      `${params.hidden} tests { args: [...], expected }`,
    );
  });
}
