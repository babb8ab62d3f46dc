import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countSolutions, sudoku, type SudokuData, type SudokuParams } from '../../src/core/envs/sudoku';
import type { Task } from '../../src/core/envs/types';
import { contractTests, indexArb, PRESETS, RUNS, seedArb, type Mutation } from './env-contract';

type SdTask = Task<SudokuParams, SudokuData>;

/** Independent validity check of a full grid. */
function isValidGrid(cells: number[], n: number, br: number, bc: number): boolean {
  const units: number[][] = [];
  for (let r = 0; r < n; r++) units.push(cells.slice(r * n, r * n + n));
  for (let c = 0; c < n; c++) units.push(cells.filter((_, i) => i % n === c));
  for (let b = 0; b < n; b++) {
    const r0 = Math.floor(b / (n / bc)) * br;
    const c0 = (b % (n / bc)) * bc;
    const box: number[] = [];
    for (let r = r0; r < r0 + br; r++)
      for (let c = c0; c < c0 + bc; c++) box.push(cells[r * n + c] as number);
    units.push(box);
  }
  return units.every((u) => [...u].sort().join('') === Array.from({ length: n }, (_, i) => i + 1).join(''));
}

/** All 288 valid 4×4 grids, by brute force (independent of the generator's solver). */
const ALL_4X4: number[][] = (() => {
  const out: number[][] = [];
  const perms: number[][] = [];
  const permute = (rest: number[], acc: number[]) => {
    if (rest.length === 0) perms.push(acc);
    rest.forEach((v, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, v]));
  };
  permute([1, 2, 3, 4], []);
  for (const a of perms)
    for (const b of perms)
      for (const c of perms)
        for (const d of perms) {
          const g = [...a, ...b, ...c, ...d];
          if (isValidGrid(g, 4, 2, 2)) out.push(g);
        }
  return out;
})();

/** Swap two cells holding different digits. */
function mutate(task: SdTask, k: number): Mutation {
  const cells = task.data.solution.slice();
  const n2 = cells.length;
  const i = k % n2;
  let j = (i + 1 + ((k >> 5) % (n2 - 1))) % n2;
  while (cells[j] === cells[i]) j = (j + 1) % n2;
  [cells[i], cells[j]] = [cells[j] as number, cells[i] as number];
  const n = task.data.size;
  const rows = Array.from({ length: n }, (_, r) => cells.slice(r * n, r * n + n).join(''));
  return {
    text: `<answer>${rows.join(' ')}</answer>`,
    codes: ['given.changed', 'dup.row', 'dup.col', 'dup.box'],
  };
}

const codes = (task: SdTask, text: string) => sudoku.verify(task, text).issues.map((i) => i.code);

describe('sudoku', () => {
  contractTests(sudoku, mutate);

  for (const preset of PRESETS) {
    it(`${preset}: the solution is a valid grid, keeps the givens and is the only solution`, () => {
      const p = sudoku.presets[preset];
      fc.assert(
        fc.property(seedArb, indexArb, (seed, index) => {
          const { data } = sudoku.generate(p, seed, index);
          expect(isValidGrid(data.solution, data.size, data.boxRows, data.boxCols)).toBe(true);
          data.puzzle.forEach((v, i) => v !== 0 && expect(data.solution[i]).toBe(v));
          const givens = data.puzzle.filter((v) => v !== 0).length;
          expect(givens).toBeGreaterThanOrEqual(p.givens);
          if (data.size === 4) {
            const matching = ALL_4X4.filter((g) => data.puzzle.every((v, i) => v === 0 || g[i] === v));
            expect(matching).toEqual([data.solution]);
          } else {
            expect(countSolutions(data.puzzle, { n: 6, boxRows: 2, boxCols: 3 }, 5)).toBe(1);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('usually reaches the wanted number of givens', () => {
    for (const preset of PRESETS) {
      const p = sudoku.presets[preset];
      let exact = 0;
      for (let i = 0; i < 100; i++) {
        if (sudoku.generate(p, 3, i).data.puzzle.filter((v) => v !== 0).length === p.givens) exact++;
      }
      expect(exact, preset).toBeGreaterThanOrEqual(90);
    }
  });

  it('names changed givens and repeated digits by row, column and box', () => {
    const task = sudoku.generate(sudoku.presets.easy, 9, 0);
    const sol = task.data.solution;
    const given = task.data.puzzle.findIndex((v) => v !== 0);
    const changed = sol.slice();
    changed[given] = ((sol[given] as number) % 4) + 1;
    const d = sudoku.verify(task, `<answer>${changed.join('')}</answer>`);
    const issue = d.issues.find((i) => i.code === 'given.changed');
    expect(issue?.where).toMatchObject({
      row: Math.floor(given / 4) + 1,
      col: (given % 4) + 1,
      given: sol[given],
    });
    expect(d.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['dup.row', 'dup.col', 'dup.box']));
    expect((d.detail as { conflicts: number[] }).conflicts).toContain(given);
    expect(sudoku.hint(task, d, 3)).toContain(`column ${(given % 4) + 1} is given`);
  });

  it('scores the fraction of cells that match the solution', () => {
    const task = sudoku.generate(sudoku.presets.medium, 2, 0);
    const filled = task.data.puzzle.map((v) => (v === 0 ? 1 : v));
    const right = filled.filter((v, i) => task.data.solution[i] === v).length;
    expect(sudoku.verify(task, `<answer>${filled.join('')}</answer>`).score).toBeCloseTo(right / 16);
  });

  it('parses leniently: separators, labels, newlines and bare grids', () => {
    const task = sudoku.generate(sudoku.presets.medium, 4, 0);
    const rows = task.solution.split(' ');
    for (const text of [
      `<answer>${rows.join('\n')}</answer>`,
      `<answer>${rows.map((r) => r.split('').join(' ')).join('\n')}</answer>`,
      `<answer>${rows.join(' | ')}</answer>`,
      `<answer>${rows.join(', ')}</answer>`,
      `<answer>${rows.join('/')}</answer>`,
      `<answer>${rows.join('')}</answer>`,
      `<answer>\n${rows.map((r, i) => `Row ${i + 1}: [${r.split('').join(', ')}]`).join('\n')}\n</answer>`,
    ]) {
      expect(sudoku.verify(task, text).correct, text).toBe(true);
    }
    const bare = sudoku.verify(
      task,
      `Here is my grid:\n${rows.map((r) => r.split('').join(' ')).join('\n')}\nDone.`,
    );
    expect(bare.correct).toBe(true);
    expect(bare.issues.map((i) => i.code)).toEqual(['format.missing-tag']);
  });

  it('reads box rules, markdown tables and comma-separated rows', () => {
    const four = sudoku.generate(sudoku.presets.medium, 4, 0);
    const six = sudoku.generate(sudoku.presets.hard, 1, 0);
    const cells = (task: SdTask) => task.solution.split(' ').map((r) => r.split(''));
    const [a, b, c, d] = cells(four).map((r) => [
      r.slice(0, 2).join(' '),
      r.slice(2).join(' '),
    ]) as string[][];
    const table = (rows: string[][]) => rows.map((r) => `| ${r.join(' | ')} |`);
    const fourTexts = [
      // Box rules between rows and bars between boxes.
      `+-----+-----+\n| ${a![0]} | ${a![1]} |\n| ${b![0]} | ${b![1]} |\n+-----+-----+\n| ${c![0]} | ${c![1]} |\n| ${d![0]} | ${d![1]} |\n+-----+-----+`,
      `${a!.join(' | ')}\n${b!.join(' | ')}\n----+----\n${c!.join(' | ')}\n${d!.join(' | ')}`,
      `${a!.join(' | ')}\n${b!.join(' | ')}\n---\n${c!.join(' | ')}\n${d!.join(' | ')}`,
      `${a!.join(' │ ')}\n${b!.join(' │ ')}\n──┼──\n${c!.join(' │ ')}\n${d!.join(' │ ')}`,
      // A markdown table whose header names the columns, or is the first row of the grid.
      ['| C1 | C2 | C3 | C4 |', '|---|---|---|---|', ...table(cells(four))].join('\n'),
      [table(cells(four))[0], '|:---:|:---:|:---:|:---:|', ...table(cells(four)).slice(1)].join('\n'),
      // A header of column numbers above four rows.
      ['| 1 | 2 | 3 | 4 |', '| --- | --- | --- | --- |', ...table(cells(four))].join('\n'),
      // Rows separated by commas, cells by spaces, commas or nothing; bold digits.
      cells(four)
        .map((r) => r.join(' '))
        .join(', '),
      cells(four)
        .map((r) => r.join(','))
        .join('\n'),
      cells(four)
        .map((r) => r.map((x) => `**${x}**`).join(' '))
        .join('\n'),
    ];
    for (const text of fourTexts) {
      const diagnosis = sudoku.verify(four, `<answer>\n${text}\n</answer>`);
      expect(diagnosis.correct, text).toBe(true);
      expect(diagnosis.issues, text).toEqual([]);
    }
    // Untagged: the grid is still found below a rule-drawn box.
    const untagged = sudoku.verify(four, `My grid:\n${fourTexts[1]}\nDone.`);
    expect(untagged.correct).toBe(true);
    expect(untagged.issues.map((i) => i.code)).toEqual(['format.missing-tag']);

    const sixRows = cells(six).map((r) => `${r.slice(0, 3).join(' ')} | ${r.slice(3).join(' ')}`);
    const sixText = [0, 2, 4].map((i) => `${sixRows[i]}\n${sixRows[i + 1]}`).join('\n------+------\n');
    expect(sudoku.verify(six, `<answer>${sixText}</answer>`).correct).toBe(true);
  });

  it('still rejects a ruled grid with a row missing', () => {
    const task = sudoku.generate(sudoku.presets.medium, 4, 0);
    const rows = task.solution.split(' ').map((r) => `| ${r.split('').join(' | ')} |`);
    const text = ['| C1 | C2 | C3 | C4 |', '|---|---|---|---|', ...rows.slice(0, 3)].join('\n');
    expect(codes(task, `<answer>${text}</answer>`)).toEqual(['shape.wrong']);
  });

  it('reports shape errors', () => {
    const task = sudoku.generate(sudoku.presets.medium, 4, 0);
    const rows = task.solution.split(' ');
    expect(codes(task, `<answer>${rows.slice(0, 3).join(' ')}</answer>`)).toEqual(['shape.wrong']);
    expect(codes(task, `<answer>${rows.join(' ').replace(/\d/, '.')}</answer>`)).toEqual(['shape.wrong']);
    expect(codes(task, `<answer>${rows.join(' ').replace(/\d/, '7')}</answer>`)).toEqual(['shape.wrong']);
    expect(
      sudoku.verify(task, `<answer>${rows.join(' ').replace(/\d/, 'x')}</answer>`).issues[0]?.message,
    ).toMatch(/not a digit/);
  });

  it('6×6 prompts describe 2×3 boxes', () => {
    const task = sudoku.generate(sudoku.presets.hard, 1, 0);
    expect(task.prompt).toContain('2×3 box');
    expect(task.solution.split(' ')).toHaveLength(6);
  });

  it('rejects params out of range with a specific RangeError', () => {
    expect(() => sudoku.generate({ size: 5 as 4, givens: 10 }, 1, 0)).toThrow(/size must be one of 4, 6/);
    expect(() => sudoku.generate({ size: 4, givens: 3 }, 1, 0)).toThrow(
      /givens \(size 4\) must be an integer from 4 to 15/,
    );
    expect(() => sudoku.generate({ size: 6, givens: 36 }, 1, 0)).toThrow(RangeError);
  });
});
