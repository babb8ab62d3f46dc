/** The shape of a stored knights-and-knaves task's data (see `shared/shape.ts`). */
import { isArrayOf, isIntIn, isRecord, isString, recordProblems } from '../shared/shape';
import type { KnightsParams, Role, Statement } from './types';

const isRole = (x: unknown): x is Role => x === 'knight' || x === 'knave';

/** Whether `s` is a statement about people 0..people-1 (the union in `types.ts`). */
function isStatement(s: unknown, people: number): s is Statement {
  if (!isRecord(s)) return false;
  const person = (x: unknown) => isIntIn(x, 0, people - 1);
  const atom = (a: unknown) => isRecord(a) && a.kind === 'is' && person(a.who) && isRole(a.role);
  switch (s.kind) {
    case 'is':
      return atom(s);
    case 'same':
    case 'different':
      return person(s.a) && person(s.b);
    case 'count':
      return (
        ['at-least', 'exactly', 'at-most'].includes(s.relation as string) &&
        isIntIn(s.n, 0, people) &&
        isRole(s.role)
      );
    case 'and':
    case 'or':
      return atom(s.left) && atom(s.right);
    default:
      return false;
  }
}

/**
 * What is wrong with `data` as a puzzle generated from `params` (valid): a name, a statement about
 * the people present, its text and a role for each of `people` people. Empty when it is right.
 */
export function knightsDataProblems(params: KnightsParams, data: unknown): string[] {
  const n = params.people;
  const each = { min: n, max: n };
  return recordProblems(data, (check, d) => {
    check.must('names', isArrayOf(d.names, isString, each), `${n} names`);
    const statement = (s: unknown): s is Statement => isStatement(s, n);
    check.must(
      'statements',
      isArrayOf(d.statements, statement, each),
      `${n} statements about people 0 to ${n - 1}`,
    );
    check.must('texts', isArrayOf(d.texts, isString, each), `${n} texts`);
    check.must('roles', isArrayOf(d.roles, isRole, each), `${n} roles, knight or knave`);
  });
}
