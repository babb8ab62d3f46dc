import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { knights, type KnightsData, type KnightsParams, type Role } from '../../src/core/envs/knights';
import type { Task } from '../../src/core/envs/types';
import { contractTests, indexArb, PRESETS, RUNS, seedArb, type Mutation } from './env-contract';

type KnTask = Task<KnightsParams, KnightsData>;
const flip = (r: Role): Role => (r === 'knight' ? 'knave' : 'knight');
const answer = (names: string[], roles: Role[]) => names.map((n, i) => `${n}: ${roles[i]}`).join(', ');

/** Flip one label. */
function mutate(task: KnTask, k: number): Mutation {
  const roles = task.data.roles.slice();
  const i = k % roles.length;
  roles[i] = flip(roles[i] as Role);
  return { text: `<answer>${answer(task.data.names, roles)}</answer>`, codes: ['statement.contradiction'] };
}

const codes = (task: KnTask, text: string) => knights.verify(task, text).issues.map((i) => i.code);

describe('knights', () => {
  contractTests(knights, mutate);

  for (const preset of PRESETS) {
    it(`${preset}: exactly one labelling passes, and every other one shows a contradiction`, () => {
      fc.assert(
        fc.property(seedArb, indexArb, (seed, index) => {
          const task = knights.generate(knights.presets[preset], seed, index);
          const n = task.data.names.length;
          expect(n).toBe(knights.presets[preset].people);
          let correct = 0;
          for (let mask = 0; mask < 1 << n; mask++) {
            const roles: Role[] = task.data.names.map((_, i) => ((mask >> i) & 1 ? 'knight' : 'knave'));
            const d = knights.verify(task, `<answer>${answer(task.data.names, roles)}</answer>`);
            if (d.correct) {
              correct++;
              expect(roles).toEqual(task.data.roles);
            } else {
              expect(d.issues.map((i) => i.code)).toContain('statement.contradiction');
              expect(d.score).toBeCloseTo(roles.filter((r, i) => r === task.data.roles[i]).length / n);
            }
          }
          expect(correct).toBe(1);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('easy puzzles use simple statements only; prompts quote every statement', () => {
    for (let i = 0; i < 100; i++) {
      const task = knights.generate(knights.presets.easy, 5, i);
      expect(
        task.data.statements.every((s) => s.kind === 'is' || s.kind === 'same' || s.kind === 'different'),
      ).toBe(true);
      for (const text of task.data.texts) expect(task.prompt).toContain(`"${text}"`);
    }
  });

  it('names the contradicting speaker and why', () => {
    const task = knights.generate(knights.presets.medium, 8, 0);
    const roles = task.data.roles.map(flip);
    const d = knights.verify(task, `<answer>${answer(task.data.names, roles)}</answer>`);
    const c = d.issues.find((i) => i.code === 'statement.contradiction');
    expect(c?.where?.why).toMatch(/a (knight's statement would be false|knave's statement would be true)/);
    expect(task.data.names).toContain(c?.where?.speaker);
    expect(knights.hint(task, d, 3)).toContain(String(c?.where?.statement));
  });

  it('parses leniently: K/N letters, truth-teller/liar, "is a", case, line breaks', () => {
    const task = knights.generate(knights.presets.hard, 2, 0);
    const { names, roles } = task.data;
    const word = (r: Role, forms: [string, string]) => (r === 'knight' ? forms[0] : forms[1]);
    for (const text of [
      names.map((n, i) => `${n}: ${word(roles[i] as Role, ['K', 'N'])}`).join(', '),
      names.map((n, i) => `${n} = ${word(roles[i] as Role, ['truth-teller', 'liar'])}`).join('; '),
      names.map((n, i) => `${n} is a ${word(roles[i] as Role, ['Knight', 'Knave'])}`).join('\n'),
      names.map((n, i) => `${n.toLowerCase()}: ${word(roles[i] as Role, ['KNIGHT', 'KNAVE'])}`).join(' '),
      names.map((n, i) => `${n} - ${word(roles[i] as Role, ['knights', 'knaves'])}`).join(', '),
    ]) {
      expect(knights.verify(task, `<answer>${text}</answer>`).correct, text).toBe(true);
    }
    const bare = knights.verify(task, `I think:\n${answer(names, roles)}`);
    expect(bare.correct).toBe(true);
    expect(bare.issues.map((i) => i.code)).toEqual(['format.missing-tag']);
  });

  it('reads bold names, grouped claims, plurals and mixed case', () => {
    // A hard puzzle with two knights and two knaves, so every group holds a list.
    const task = Array.from({ length: 50 }, (_, i) => knights.generate(knights.presets.hard, 2, i)).find(
      (t) => t.data.roles.filter((r) => r === 'knight').length === 2,
    )!;
    const { names, roles } = task.data;
    const [k1, k2] = names.filter((_, i) => roles[i] === 'knight') as [string, string];
    const [n1, n2] = names.filter((_, i) => roles[i] === 'knave') as [string, string];
    for (const text of [
      names.map((n, i) => `**${n}**: ${roles[i]}`).join('\n'),
      names.map((n, i) => `- **${n}**: **${roles[i]}**`).join('\n'),
      `${k1} and ${k2} are knights; ${n1} and ${n2} are knaves.`,
      `${k1} and ${k2} are both Knights, ${n1} & ${n2} are Knaves`,
      `${k1}, ${k2}: knights. ${n1}, ${n2}: knaves.`,
      `Knights: ${k1}, ${k2}. Knaves: ${n1}, ${n2}.`,
      `The knights are ${k1} and ${k2}; the KNAVES are ${n1} and ${n2}.`,
      `${k1.toLowerCase()}, ${k2.toLowerCase()}: knights; ${n1.toLowerCase()}, ${n2.toLowerCase()}: knaves`,
      `${k1} is a knight, ${k2} is a knight, and ${n1} and ${n2} are liars.`,
      `${k1} is the truth-teller, ${k2} is a knight, ${n1} is the liar and ${n2} is the liar too.`,
      `${names.join(', ')}: ${roles.join(', ')}`,
      `${names.join(', ')} are ${roles.map((r) => (r === 'knight' ? 'K' : 'N')).join(', ')} respectively`,
    ]) {
      const diagnosis = knights.verify(task, `<answer>${text}</answer>`);
      expect(diagnosis.issues, text).toEqual([]);
      expect(diagnosis.correct, text).toBe(true);
    }
  });

  it('rejects a tagged answer that gives someone both labels, naming the person', () => {
    const task = knights.generate(knights.presets.hard, 2, 0);
    const { names, roles } = task.data;
    const [first] = names as [string];
    const both = [
      `${answer(names, roles)}, ${first}: ${flip(roles[0] as Role)}`,
      `Knights: ${names.join(', ')}. Knaves: ${first}.`,
    ];
    for (const text of both) {
      const diagnosis = knights.verify(task, `<answer>${text}</answer>`);
      expect(diagnosis.correct, text).toBe(false);
      const conflict = diagnosis.issues.filter((i) => i.code === 'label.conflict');
      expect(
        conflict.map((i) => i.where?.person),
        text,
      ).toEqual([first]);
      expect(diagnosis.issues.some((i) => i.code === 'label.missing' && i.where?.person === first)).toBe(
        false,
      );
      expect(knights.hint(task, diagnosis, 2)).toContain(`${first} is labelled both`);
    }
    // A letter that could be a role but is followed by ':' is the next person.
    expect(codes(task, `<answer>${answer(names, roles)}, T: knave</answer>`)).toEqual([
      'label.unknown-person',
    ]);
    // Untagged prose may reason its way to a conclusion: there the last label stands.
    const prose = knights.verify(
      task,
      `First ${first}: ${flip(roles[0] as Role)}? No.\n${answer(names, roles)}`,
    );
    expect(prose.correct).toBe(true);
  });

  it('reports missing labels and unknown people', () => {
    const task = knights.generate(knights.presets.medium, 3, 0);
    const { names, roles } = task.data;
    const partial = answer(names.slice(0, 2), roles.slice(0, 2));
    const d = knights.verify(task, `<answer>${partial}</answer>`);
    expect(d.correct).toBe(false);
    expect(d.issues.find((i) => i.code === 'label.missing')?.where?.person).toBe(names[2]);
    expect(d.score).toBeCloseTo(2 / 3);
    expect(codes(task, `<answer>${answer(names, roles)}, E: knight</answer>`)).toEqual([
      'label.unknown-person',
    ]);
  });

  it('rejects params out of range with a specific RangeError', () => {
    expect(() => knights.generate({ people: 5, compound: true }, 1, 0)).toThrow(
      /people must be an integer from 2 to 4/,
    );
    expect(() => knights.generate({ people: 3, compound: 'yes' as unknown as boolean }, 1, 0)).toThrow(
      /compound/,
    );
  });
});
