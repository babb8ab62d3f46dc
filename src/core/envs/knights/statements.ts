/** Knights-and-knaves statements: drawing, wording and evaluation under a labelling. */
import type { Rng } from '../../rng';
import type { Atom, Role, Statement } from './types';

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four'];

/**
 * The truth of a statement when labels[i] is true for a knight; undefined when it depends on an
 * unlabelled person.
 */
export function evaluate(st: Statement, labels: ReadonlyArray<boolean | undefined>): boolean | undefined {
  const isRole = (who: number, role: Role): boolean | undefined => {
    const l = labels[who];
    return l === undefined ? undefined : l === (role === 'knight');
  };
  switch (st.kind) {
    case 'is':
      return isRole(st.who, st.role);
    case 'same':
    case 'different': {
      const a = labels[st.a];
      const b = labels[st.b];
      if (a === undefined || b === undefined) return undefined;
      return st.kind === 'same' ? a === b : a !== b;
    }
    case 'count': {
      if (labels.some((l) => l === undefined)) return undefined;
      const k = labels.filter((l) => l === (st.role === 'knight')).length;
      return st.relation === 'at-least' ? k >= st.n : st.relation === 'exactly' ? k === st.n : k <= st.n;
    }
    case 'and':
    case 'or': {
      const l = isRole(st.left.who, st.left.role);
      const r = isRole(st.right.who, st.right.role);
      if (st.kind === 'and') return l === false || r === false ? false : l && r;
      return l === true || r === true ? true : l === undefined || r === undefined ? undefined : false;
    }
  }
}

function atomText(atom: Atom, speaker: number, names: readonly string[]): string {
  return atom.who === speaker ? `I am a ${atom.role}` : `${names[atom.who]} is a ${atom.role}`;
}

/** The statement in words, from the speaker's point of view ("I", "us"). */
export function describe(st: Statement, speaker: number, names: readonly string[]): string {
  switch (st.kind) {
    case 'is':
      return `${atomText(st, speaker, names)}.`;
    case 'same':
    case 'different': {
      const pair =
        st.a === speaker || st.b === speaker
          ? `${names[st.a === speaker ? st.b : st.a]} and I`
          : `${names[Math.min(st.a, st.b)]} and ${names[Math.max(st.a, st.b)]}`;
      return `${pair} are ${st.kind === 'same' ? 'the same kind' : 'different kinds'}.`;
    }
    case 'count': {
      const rel = st.relation === 'at-least' ? 'At least' : st.relation === 'exactly' ? 'Exactly' : 'At most';
      const one = st.n === 1;
      return `${rel} ${NUMBER_WORDS[st.n]} of us ${one ? 'is a' : 'are'} ${st.role}${one ? '' : 's'}.`;
    }
    case 'and':
    case 'or': {
      const text = `${atomText(st.left, speaker, names)} ${st.kind} ${atomText(st.right, speaker, names)}.`;
      return text.charAt(0).toUpperCase() + text.slice(1);
    }
  }
}

const role = (rng: Rng): Role => (rng.chance(0.5) ? 'knight' : 'knave');

/** Two different people out of n. */
function pair(rng: Rng, n: number): [number, number] {
  const a = rng.int(0, n - 1);
  const b = (a + rng.int(1, n - 1)) % n;
  return [a, b];
}

/** A random statement for `speaker` among n people. */
export function randomStatement(rng: Rng, speaker: number, n: number, compound: boolean): Statement {
  const kinds = compound ? ['is', 'same', 'count', 'and', 'or'] : ['is', 'same'];
  const kind = rng.pick(kinds);
  if (kind === 'is') {
    // "I am a knight" says nothing and "I am a knave" cannot be said: only others, alone.
    return { kind: 'is', who: (speaker + rng.int(1, n - 1)) % n, role: role(rng) };
  }
  if (kind === 'same') {
    const [a, b] = pair(rng, n);
    return { kind: rng.chance(0.5) ? 'same' : 'different', a, b };
  }
  if (kind === 'count') {
    return {
      kind: 'count',
      relation: rng.pick(['at-least', 'exactly', 'at-most'] as const),
      n: rng.int(1, n - 1),
      role: role(rng),
    };
  }
  const [a, b] = pair(rng, n);
  return {
    kind: kind === 'and' ? 'and' : 'or',
    left: { kind: 'is', who: Math.min(a, b), role: role(rng) },
    right: { kind: 'is', who: Math.max(a, b), role: role(rng) },
  };
}

/** Every labelling (true = knight) under which each speaker's statement matches their kind. */
export function consistentAssignments(statements: readonly Statement[]): boolean[][] {
  const n = statements.length;
  const out: boolean[][] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    const labels = Array.from({ length: n }, (_, i) => ((mask >> i) & 1) === 1);
    if (statements.every((st, i) => evaluate(st, labels) === labels[i])) out.push(labels);
  }
  return out;
}
