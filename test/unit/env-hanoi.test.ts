import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hanoi, optimalMoves, type HanoiData, type HanoiParams, type Peg } from '../../src/core/envs/hanoi';
import type { Task } from '../../src/core/envs/types';
import { contractTests, indexArb, PRESETS, RUNS, seedArb, type Mutation } from './env-contract';

type HnTask = Task<HanoiParams, HanoiData>;
const ILLEGAL_OR_UNSOLVED = ['move.larger-on-smaller', 'move.empty-peg', 'move.same-peg', 'state.unsolved'];

/** Swap two adjacent moves (even k) or send one move to the other peg (odd k). */
function mutate(task: HnTask, k: number): Mutation {
  const moves = task.solution.split(' ');
  const i = (k >> 1) % (moves.length - 1);
  if (k % 2 === 0) {
    [moves[i], moves[i + 1]] = [moves[i + 1] as string, moves[i] as string];
  } else {
    const [from, to] = (moves[i] as string).split('>') as [Peg, Peg];
    const other = (['A', 'B', 'C'] as const).find((p) => p !== from && p !== to) as Peg;
    moves[i] = `${from}>${other}`;
  }
  return { text: `<answer>${moves.join(' ')}</answer>`, codes: ILLEGAL_OR_UNSOLVED };
}

/** Independent simulation: is the move list legal and does it end with all disks on the target? */
function simulate(data: HanoiData, moves: string[]): boolean {
  const pegs: Record<string, number[]> = { A: [], B: [], C: [] };
  for (let d = data.disks; d >= 1; d--) pegs[data.source]?.push(d);
  for (const m of moves) {
    const [f, t] = m.split('>') as [string, string];
    const disk = pegs[f]?.pop();
    const top = pegs[t]?.at(-1);
    if (disk === undefined || (top !== undefined && top < disk)) return false;
    pegs[t]?.push(disk);
  }
  return pegs[data.target]?.length === data.disks;
}

const codes = (task: HnTask, text: string) => hanoi.verify(task, text).issues.map((i) => i.code);
const task3 = (): HnTask => {
  const t = hanoi.generate(hanoi.presets.easy, 1, 0);
  const data: HanoiData = { disks: 3, source: 'A', target: 'C', optimal: 7 };
  return { ...t, data, solution: 'A>C A>B C>B A>C B>A B>C A>C' };
};

describe('hanoi', () => {
  contractTests(hanoi, mutate);

  for (const preset of PRESETS) {
    it(`${preset}: the reference is an optimal legal solution, checked by an independent simulation`, () => {
      const p = hanoi.presets[preset];
      fc.assert(
        fc.property(seedArb, indexArb, (seed, index) => {
          const { data, solution } = hanoi.generate(p, seed, index);
          expect(data.disks).toBeGreaterThanOrEqual(p.minDisks);
          expect(data.disks).toBeLessThanOrEqual(p.maxDisks);
          expect(data.source).not.toBe(data.target);
          if (!p.variedPegs) expect([data.source, data.target]).toEqual(['A', 'C']);
          const moves = solution.split(' ');
          expect(moves).toHaveLength(2 ** data.disks - 1);
          expect(simulate(data, moves)).toBe(true);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('optimalMoves matches the classic 3-disk solution', () => {
    expect(
      optimalMoves(3, 'A', 'C')
        .map(([f, t]) => `${f}>${t}`)
        .join(' '),
    ).toBe('A>C A>B C>B A>C B>A B>C A>C');
  });

  it('names illegal moves with their step', () => {
    const task = task3();
    const big = hanoi.verify(task, '<answer>A>C A>C</answer>');
    expect(big.issues.find((i) => i.code === 'move.larger-on-smaller')).toMatchObject({
      step: 2,
      where: { disk: 2, onto: 1 },
    });
    const empty = hanoi.verify(task, '<answer>B>C</answer>');
    expect(empty.issues.find((i) => i.code === 'move.empty-peg')).toMatchObject({
      step: 1,
      where: { peg: 'B' },
    });
    expect(codes(task, '<answer>A>A</answer>')).toContain('move.same-peg');
    expect((empty.detail as { illegalAt: number }).illegalAt).toBe(1);
  });

  it('reports an unfinished tower, undone moves, and keeps optimality apart from correctness', () => {
    const task = task3();
    const half = hanoi.verify(task, '<answer>A>C A>B C>B A>C</answer>');
    expect(half.issues.find((i) => i.code === 'state.unsolved')?.where).toMatchObject({
      onTarget: 1,
      disks: 3,
    });
    const detour = hanoi.verify(task, `<answer>A>B B>A ${task.solution}</answer>`);
    expect(detour.correct).toBe(true);
    expect(detour.score).toBeCloseTo(7 / 9);
    expect(detour.issues.map((i) => i.code)).toEqual(['move.undo', 'moves.not-optimal']);
    expect(hanoi.hint(task, detour, 1)).toContain('7 moves');
  });

  it('never spells out a two-disk tower at hint level 3 (the named strategy is its whole solution)', () => {
    for (let index = 0; index < 30; index++) {
      const task = hanoi.generate(hanoi.presets.starter, 4, index) as HnTask;
      const [first, second, third] = task.solution.split(' ') as [string, string, string];
      const spare = first.split('>')[1];
      for (const attempt of [
        `<answer>${first}</answer>`,
        `<answer>${second} ${first}</answer>`,
        `<answer>${third}</answer>`,
      ]) {
        const diagnosis = hanoi.verify(task, attempt);
        const text = hanoi.hint(task, diagnosis, 3);
        // The student's own moves may be named; the strategy must not name the spare peg.
        expect(text).not.toContain(`smaller disks to peg ${spare}`);
        expect(text).not.toMatch(/first move the/);
      }
    }
  });

  it('parses leniently: ->, AC, "A to C", commas, numbering, lower case', () => {
    const task = task3();
    const moves = task.solution.split(' ');
    for (const text of [
      moves.map((m) => m.replace('>', '->')).join(', '),
      moves.map((m) => m.replace('>', '')).join(' '),
      moves.map((m, i) => `${i + 1}. ${m.replace('>', ' to ')}`).join('\n'),
      moves.map((m) => `Move disk from ${m.replace('>', ' to ')}`).join('; '),
      moves
        .map((m) => m.replace('>', '→'))
        .join(' ')
        .toLowerCase(),
    ]) {
      expect(hanoi.verify(task, `<answer>${text}</answer>`).correct, text).toBe(true);
    }
    const bare = hanoi.verify(task, `My moves:\n${moves.map((m) => m.replace('>', ' -> ')).join('\n')}`);
    expect(bare.correct).toBe(true);
    expect(bare.issues.map((i) => i.code)).toEqual(['format.missing-tag']);
    expect(codes(task, `<answer>${task.solution} A</answer>`)).toContain('format.incomplete-move');
  });

  it('reads numbered pegs and moves that name their disk', () => {
    const task = task3();
    const moves = task.solution.split(' ').map((m) => m.split('>') as [Peg, Peg]);
    const disks = [1, 2, 1, 3, 1, 2, 1];
    const num = (p: Peg) => String('ABC'.indexOf(p) + 1);
    for (const text of [
      moves.map(([f, t]) => `Peg ${num(f)} to peg ${num(t)}`).join(', '),
      moves.map(([f, t]) => `peg ${num(f)} -> peg ${num(t)}`).join('\n'),
      moves.map(([f, t]) => `${num(f)} -> ${num(t)}`).join(', '),
      moves.map(([f, t]) => `from ${num(f)} to ${num(t)}`).join('; '),
      moves.map(([f, t], i) => `Move disk ${disks[i]} from ${f} to ${t}`).join('\n'),
      moves
        .map(([f, t], i) => `${i + 1}. Move disk ${disks[i]} from peg ${num(f)} to peg ${num(t)}.`)
        .join('\n'),
      moves.map(([f, t], i) => `${f}>${t} (disk ${disks[i]})`).join(' '),
      moves.map(([f, t]) => `move the top disk from peg ${f} to peg ${t}`).join(', '),
      moves.map(([f, t]) => `move a disk from ${f.toLowerCase()} to ${t.toLowerCase()}`).join(', '),
    ]) {
      const diagnosis = hanoi.verify(task, `<answer>${text}</answer>`);
      expect(diagnosis.issues, text).toEqual([]);
      expect(diagnosis.correct, text).toBe(true);
    }
    // Untagged, numbered pegs become capitals, so they count as pegs in prose too.
    const bare = hanoi.verify(
      task,
      `Steps:\n${moves.map(([f, t]) => `Peg ${num(f)} -> Peg ${num(t)}`).join('\n')}`,
    );
    expect(bare.correct).toBe(true);
    expect(bare.issues.map((i) => i.code)).toEqual(['format.missing-tag']);
  });

  it('rejects a move that names the wrong disk, naming the step', () => {
    const task = task3();
    const moves = task.solution.split(' ').map((m) => m.split('>') as [Peg, Peg]);
    // Move 3 (C>B) really moves disk 1; saying disk 2 is wrong even though C>B is legal.
    const disks = [1, 2, 2, 3, 1, 2, 1];
    const text = moves.map(([f, t], i) => `Move disk ${disks[i]} from ${f} to ${t}`).join('\n');
    const diagnosis = hanoi.verify(task, `<answer>${text}</answer>`);
    expect(diagnosis.correct).toBe(false);
    expect(diagnosis.issues.map((i) => i.code)).toEqual(['move.wrong-disk']);
    expect(diagnosis.issues[0]).toMatchObject({ step: 3, where: { named: 2, disk: 1, peg: 'C' } });
    expect(diagnosis.issues[0]?.message).toMatch(
      /^Move 3 \(C>B\) says it moves disk 2, but the top disk on peg C is disk 1/,
    );
    expect((diagnosis.detail as { illegalAt: number }).illegalAt).toBe(3);
    expect(hanoi.hint(task, diagnosis, 2)).toContain('Move 3 says it moves disk 2');
    // A disk that does not exist is wrong the same way.
    expect(codes(task, '<answer>Move disk 4 from A to C</answer>')).toEqual(['move.wrong-disk']);
  });

  it('rejects params out of range with a specific RangeError', () => {
    expect(() => hanoi.generate({ minDisks: 1, maxDisks: 3, variedPegs: false }, 1, 0)).toThrow(
      /minDisks must be an integer from 2 to 6/,
    );
    expect(() => hanoi.generate({ minDisks: 4, maxDisks: 3, variedPegs: false }, 1, 0)).toThrow(/maxDisks/);
  });
});
