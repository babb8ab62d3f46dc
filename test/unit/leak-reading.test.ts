/**
 * The leak guard's reading of a teacher message with the environment's own reader: paraphrased
 * answers the token rules miss are caught, and restating the task is not flagged. Every case is built
 * from a generated task (30 per environment), so the figures below are measured, not chosen.
 */
import { describe, expect, it } from 'vitest';
import { environments } from '../../src/core/envs';
import type { Environment, Task } from '../../src/core/envs/types';
import type { MazeData } from '../../src/core/envs/maze/types';
import { checkLeak } from '../../src/core/protocol/leak-guard';
import { guardTeacherMessage } from '../../src/core/protocol/leak-reading';

const SEEDS = Array.from({ length: 30 }, (_, i) => i + 1);
const env = (id: string) => environments[id] as Environment;
const tasks = (id: string): Task[] =>
  SEEDS.map((seed) => env(id).generate(env(id).presets[env(id).defaultPreset], seed, 0));

/** Paraphrases of the answer in a form each reader accepts but the token rules do not see. */
const PARAPHRASE: Record<string, (task: Task) => string> = {
  sudoku: (task) => {
    const rows = task.solution.split(' ').map((r) => `| ${[...r].join(' | ')} |`);
    const rule = `|${'---|'.repeat(rows.length)}`;
    return `Compare with a grid that works:\n${rows[0]}\n${rule}\n${rows.slice(1).join('\n')}`;
  },
  knights: (task) => {
    const pairs = task.solution.split(', ').map((p) => p.split(': ') as [string, string]);
    const of = (role: string) => pairs.filter(([, r]) => r === role).map(([n]) => n);
    const group = (names: string[], role: string) =>
      names.length === 0
        ? ''
        : names.length === 1
          ? `${names[0]} is a ${role}`
          : `${names.join(' and ')} are ${role}s`;
    return `Think again: ${[group(of('knight'), 'knight'), group(of('knave'), 'knave')].filter(Boolean).join('; ')}.`;
  },
  hanoi: (task) => {
    const peg = { A: '1', B: '2', C: '3' } as Record<string, string>;
    const moves = task.solution.split(' ').map((m) =>
      m
        .split('>')
        .map((p) => peg[p])
        .join('>'),
    );
    return `Number the pegs 1 to 3. Then: ${moves.join(' ')}`;
  },
  maze: (task) => {
    const { start } = task.data as MazeData;
    const step = { U: [-1, 0], D: [1, 0], L: [0, -1], R: [0, 1] } as Record<string, [number, number]>;
    let [row, col] = [start.row, start.col];
    const cells = [`(${row},${col})`];
    for (const m of task.solution.split(' ')) {
      const [dr, dc] = step[m]!;
      row += dr;
      col += dc;
      cells.push(`(${row},${col})`);
    }
    return `Walk through these cells: ${cells.join(' → ')}`;
  },
};

describe("leak guard: the environment's own reading", () => {
  for (const [id, paraphrase] of Object.entries(PARAPHRASE)) {
    it(`${id}: catches every paraphrased answer the token rules miss`, () => {
      let missedByTokens = 0;
      for (const task of tasks(id)) {
        const message = paraphrase(task);
        if (!checkLeak(message, task.solution).leaked) missedByTokens++;
        expect(guardTeacherMessage(env(id), task, message), message).toMatchObject({ leaked: true });
      }
      // The reading is what catches them: most slip past the token rules alone. (A sudoku table is
      // now also caught by the token rules, which read runs of digits however they are grouped.)
      if (id !== 'sudoku') expect(missedByTokens).toBeGreaterThan(SEEDS.length / 2);
    });
  }

  for (const id of ['sudoku', 'knights', 'hanoi', 'maze', 'countdown', 'arithmetic']) {
    it(`${id}: restating the task is not a leak`, () => {
      for (const task of tasks(id)) {
        const restated = `Read the task again:\n${task.prompt}`;
        expect(guardTeacherMessage(env(id), task, restated).leaked, restated).toBe(false);
      }
    });
  }

  it('countdown: another expression that makes the target is a leak', () => {
    const countdown = env('countdown');
    const task = tasks('countdown')[0]!;
    expect(task.solution).toBe('6 - 3 + 9 * 4');
    const other = 'Try something like 9 * 4 + 6 - 3 instead.';
    expect(checkLeak(other, task.solution).leaked).toBe(false);
    expect(guardTeacherMessage(countdown, task, other)).toMatchObject({
      leaked: true,
      reason: 'the checker reads a correct answer in it',
    });
  });

  it('the code environment is not read (a teacher message is never run as a program)', () => {
    const code = env('code');
    const task = code.generate(code.presets[code.defaultPreset], 1, 0);
    expect(guardTeacherMessage(code, task, 'Check the loop bounds.').leaked).toBe(false);
  });

  it('code: writing out the function is a leak, quoting the student’s own function back is not', () => {
    const code = env('code');
    const task = code.generate(code.presets[code.defaultPreset], 1, 0);
    const fn = 'function countVowels(s) {\n  return (s.match(/[aeiou]/g) || []).length;\n}';
    expect(guardTeacherMessage(code, task, `Try:\n${fn}`)).toMatchObject({
      leaked: true,
      reason: 'it writes the function the task asks for',
    });
    const attempt = `<answer>\n${fn}\n</answer>`;
    expect(
      guardTeacherMessage(code, task, `You wrote\n${fn}\nIt misses upper case.`, { attempt }).leaked,
    ).toBe(false);
    expect(guardTeacherMessage(code, task, 'function countVowels(s) {\n  // your code\n}').leaked).toBe(
      false,
    );
  });
});
