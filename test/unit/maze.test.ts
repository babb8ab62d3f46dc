import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAZE_ISSUE,
  maze,
  parseAnswer,
  type MazeData,
  type MazeDetail,
  type MazeParams,
} from '../../src/core/envs/maze';
import { getEnvironment } from '../../src/core/envs';
import type { Diagnosis, HintLevel, PresetName, Task } from '../../src/core/envs/types';

type MazeTask = Task<MazeParams, MazeData>;
type Dir = 'U' | 'D' | 'L' | 'R';

const DIRS: readonly Dir[] = ['U', 'D', 'L', 'R'];
const DR: Record<Dir, number> = { U: -1, D: 1, L: 0, R: 0 };
const DC: Record<Dir, number> = { U: 0, D: 0, L: -1, R: 1 };
const OPPOSITE: Record<Dir, Dir> = { U: 'D', D: 'U', L: 'R', R: 'L' };
const PRESETS: readonly PresetName[] = ['easy', 'medium', 'hard'];
const LEVELS: readonly HintLevel[] = [0, 1, 2, 3];

const tag = (moves: string) => `<answer>${moves}</answer>`;
const solutionMoves = (task: MazeTask) => task.solution.split(' ') as Dir[];
const isOpen = (d: MazeData, r: number, c: number) =>
  r >= 0 && r < d.rows && c >= 0 && c < d.cols && d.grid[r]?.[c] !== '#';

/** An independent BFS: distances and paths from `from`; `stop` (if given) is reached but not expanded. */
function bfsFrom(d: MazeData, from: { row: number; col: number }, stop?: { row: number; col: number }) {
  const dist = new Map<string, number>();
  const parent = new Map<string, [string, Dir]>();
  const key = (r: number, c: number) => `${r},${c}`;
  dist.set(key(from.row, from.col), 0);
  const queue: [number, number][] = [[from.row, from.col]];
  for (let i = 0; i < queue.length; i++) {
    const [r, c] = queue[i]!;
    if (stop && r === stop.row && c === stop.col) continue;
    for (const m of DIRS) {
      const nr = r + DR[m];
      const nc = c + DC[m];
      if (isOpen(d, nr, nc) && !dist.has(key(nr, nc))) {
        dist.set(key(nr, nc), dist.get(key(r, c))! + 1);
        parent.set(key(nr, nc), [key(r, c), m]);
        queue.push([nr, nc]);
      }
    }
  }
  const pathTo = (r: number, c: number): Dir[] => {
    const out: Dir[] = [];
    let k = key(r, c);
    while (parent.has(k)) {
      const [p, m] = parent.get(k)!;
      out.push(m);
      k = p;
    }
    return out.reverse();
  };
  return { dist: (r: number, c: number) => dist.get(key(r, c)) ?? -1, pathTo };
}

function walk(d: MazeData, moves: readonly Dir[]) {
  let r = d.start.row;
  let c = d.start.col;
  for (const m of moves) {
    r += DR[m];
    c += DC[m];
  }
  return { row: r, col: c };
}

/** Move tokens a reader could take from a hint: letters U/D/L/R (alone or in capital runs), words, arrows. */
function moveTokens(text: string): Dir[] {
  const arrows: Record<string, Dir> = { '↑': 'U', '↓': 'D', '←': 'L', '→': 'R' };
  const words: Record<string, Dir> = { up: 'U', down: 'D', left: 'L', right: 'R' };
  const out: Dir[] = [];
  const spaced = text.replace(/[↑↓←→]/g, (a) => ` ${arrows[a]} `);
  for (const w of spaced.split(/[^A-Za-z]+/)) {
    if (w === '') continue;
    const word = words[w.toLowerCase()];
    if (word) out.push(word);
    else if (/^[UDLR]+$/.test(w) || /^[udlr]$/.test(w)) for (const ch of w) out.push(ch.toUpperCase() as Dir);
  }
  return out;
}

function lcs(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let prev = 0;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = x === b[j - 1] ? prev + 1 : Math.max(row[j]!, row[j - 1]!);
      prev = tmp;
    }
  }
  return row[b.length]!;
}

function expectNoLeak(task: MazeTask, hint: string) {
  const sol = solutionMoves(task);
  const tokens = moveTokens(hint);
  if (sol.length >= 3) expect(tokens.join(' ')).not.toContain(task.solution);
  expect(lcs(tokens, sol)).toBeLessThanOrEqual(Math.floor(sol.length / 2));
}

/** Crafted attempts, one per issue code, built from the generated grid. Null where this maze cannot give one. */
function craftedAttempts(task: MazeTask): Record<string, string | null> {
  const d = task.data;
  const sol = solutionMoves(task);
  // G is not expanded, so every prefix below is a walk that does not pass through the goal.
  const search = bfsFrom(d, d.start, d.goal);
  let wall: string | null = null;
  let oob: string | null = null;
  for (let r = 0; r < d.rows && (!wall || !oob); r++) {
    for (let c = 0; c < d.cols; c++) {
      if (search.dist(r, c) < 0 || (r === d.goal.row && c === d.goal.col)) continue;
      const prefix = search.pathTo(r, c);
      for (const m of DIRS) {
        const nr = r + DR[m];
        const nc = c + DC[m];
        const inGrid = nr >= 0 && nr < d.rows && nc >= 0 && nc < d.cols;
        if (!inGrid && !oob) oob = tag([...prefix, m].join(' '));
        if (inGrid && d.grid[nr]![nc] === '#' && !wall) wall = tag([...prefix, m].join(' '));
      }
    }
  }
  const first = sol[0]!;
  return {
    [MAZE_ISSUE.missingTag]: task.solution,
    [MAZE_ISSUE.unparseable]: tag('go to the goal please'),
    [MAZE_ISSUE.empty]: tag('  '),
    [MAZE_ISSUE.wall]: wall,
    [MAZE_ISSUE.outOfBounds]: oob,
    // Step out and back, then the solution: revisits S at move 2 (needs a first move that is not onto G).
    [MAZE_ISSUE.revisit]: sol.length >= 2 ? tag([first, OPPOSITE[first], ...sol].join(' ')) : null,
    [MAZE_ISSUE.short]: tag(sol.slice(0, -1).join(' ') || 'X'),
    [MAZE_ISSUE.pastGoal]: tag([...sol, OPPOSITE[sol[sol.length - 1]!]].join(' ')),
    // From S straight to G as cells: never neighbours when the shortest path takes two moves or more.
    [MAZE_ISSUE.jump]:
      sol.length >= 2 ? tag(`(${d.start.row},${d.start.col}) (${d.goal.row},${d.goal.col})`) : null,
  };
}

describe('maze: generation', () => {
  for (const preset of PRESETS) {
    it(`${preset}: 1,000 seeds are solvable with a BFS shortest path in range and a valid reference`, () => {
      const params = maze.presets[preset];
      for (let seed = 0; seed < 1000; seed++) {
        const task = maze.generate(params, seed, seed % 7);
        const d = task.data;
        expect(d.grid).toHaveLength(params.rows);
        for (const line of d.grid) expect(line).toMatch(new RegExp(`^[#.SG]{${params.cols}}$`));
        expect(d.grid.join('').replace(/[^S]/g, '')).toBe('S');
        expect(d.grid.join('').replace(/[^G]/g, '')).toBe('G');
        expect(d.grid[d.start.row]![d.start.col]).toBe('S');
        expect(d.grid[d.goal.row]![d.goal.col]).toBe('G');
        const shortest = bfsFrom(d, d.start).dist(d.goal.row, d.goal.col);
        expect(shortest).toBe(d.shortest);
        expect(shortest).toBeGreaterThanOrEqual(params.minPath);
        expect(shortest).toBeLessThanOrEqual(params.maxPath);
        expect(task.solution.split(' ')).toHaveLength(shortest);
        const diag = maze.verify(task, tag(task.solution));
        expect(diag.correct).toBe(true);
        expect(diag.score).toBe(1);
        expect(diag.issues).toEqual([]);
        expect((diag.detail as MazeDetail).optimal).toBe(true);
      }
    });
  }

  it('is deterministic: the same (params, seed, index) gives a deep-equal, plain-JSON task', () => {
    for (const preset of PRESETS) {
      const a = maze.generate(maze.presets[preset], 42, 3);
      const b = maze.generate({ ...maze.presets[preset] }, 42, 3);
      expect(b).toEqual(a);
      expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    }
  });

  it('different seeds or indices give different tasks', () => {
    const p = maze.presets.easy;
    const base = maze.generate(p, 1, 0);
    const key = (t: MazeTask) => t.data.grid.join('\n');
    const others = [
      maze.generate(p, 1, 1),
      maze.generate(p, 2, 0),
      maze.generate(p, 1, 2),
      maze.generate(p, 3, 0),
    ];
    for (const o of others) {
      expect(o.itemSeed).not.toBe(base.itemSeed);
      expect(key(o)).not.toBe(key(base));
    }
    const grids = new Set(Array.from({ length: 200 }, (_, i) => key(maze.generate(p, 9, i))));
    expect(grids.size).toBeGreaterThan(190);
  });

  it('meets the extreme of its range: minPath = rows + cols - 2 always terminates, for any loopiness', () => {
    for (const loopiness of [0, 0.5, 1]) {
      const params = { rows: 5, cols: 7, minPath: 10, maxPath: 10, loopiness };
      for (let seed = 0; seed < 50; seed++) expect(maze.generate(params, seed, 0).data.shortest).toBe(10);
    }
  });

  it('supports non-square grids and two-digit labels', () => {
    const task = maze.generate({ rows: 13, cols: 21, minPath: 5, maxPath: 40, loopiness: 0.2 }, 5, 0);
    expect(task.data.grid).toHaveLength(13);
    expect(task.prompt).toContain(' 9 10 11');
    expect(maze.verify(task, tag(task.solution)).correct).toBe(true);
  });

  it('rejects nonsense params with specific RangeErrors', () => {
    const ok = maze.presets.easy;
    const cases: [Partial<MazeParams> | null, RegExp][] = [
      [{ rows: 6 }, /rows must be an odd integer/],
      [{ cols: 3 }, /cols must be an odd integer from 5/],
      [{ rows: 43 }, /rows must be an odd integer from 5 to 41/],
      [{ cols: 7.5 }, /cols must be an integer/],
      [{ minPath: 0 }, /minPath must be at least 1/],
      [{ minPath: 5, maxPath: 4 }, /maxPath \(4\) must be at least minPath \(5\)/],
      [{ minPath: 13, maxPath: 20 }, /minPath \(13\) must be at most rows \+ cols - 2 \(12\)/],
      [{ loopiness: 1.5 }, /loopiness must be a number from 0 to 1/],
      [{ loopiness: Number.NaN }, /loopiness/],
    ];
    for (const [patch, message] of cases) {
      expect(() => maze.generate({ ...ok, ...patch }, 1, 0)).toThrow(RangeError);
      expect(() => maze.generate({ ...ok, ...patch }, 1, 0)).toThrow(message);
    }
    expect(() => maze.generate(null as unknown as MazeParams, 1, 0)).toThrow(/params must be an object/);
    expect(() => maze.generate(ok, 1, -1)).toThrow(RangeError);
    expect(() => maze.generate(ok, 1.5, 0)).toThrow(RangeError);
  });

  it('pins the first three easy items of seed 1 (grid, solution, prompt)', () => {
    const items = [0, 1, 2].map((i) => maze.generate(maze.presets.easy, 1, i));
    expect(
      items.map((t) => ({ grid: t.data.grid, solution: t.solution, prompt: t.prompt })),
    ).toMatchSnapshot();
  });
});

describe('maze: prompt', () => {
  it('gives a format example that is never a valid path, also when S is open on every side', () => {
    let openStarts = 0;
    for (let index = 0; index < 400; index++) {
      const task = maze.generate({ rows: 7, cols: 7, minPath: 1, maxPath: 6, loopiness: 1 }, 5, index);
      const example = /<answer>([^<]*)<\/answer>/.exec(task.prompt)?.[1] ?? '';
      if (example.split(' ').every((m) => m === 'U') && example.length > 1) openStarts++;
      expect(maze.verify(task, tag(example)).correct).toBe(false);
    }
    expect(openStarts).toBeGreaterThan(0);
  }, 30_000);

  it('spells out symbols, labels, moves and the answer format, briefly, with an example that is not the answer', () => {
    for (let seed = 0; seed < 200; seed++) {
      const task = maze.generate(maze.presets.easy, seed, 0);
      const p = task.prompt;
      expect(p).toContain('# is a wall');
      expect(p).toContain('. is open');
      expect(p).toMatch(/S \(start\)/);
      expect(p).toMatch(/G \(goal\)/);
      expect(p).toContain('  0 1 2 3 4 5 6\n0 ');
      expect(p).toContain('U = up one row');
      expect(p).toContain('R = right one column');
      expect(p).toContain('nothing else inside');
      const example = /<answer>([^<]*)<\/answer>/.exec(p)?.[1];
      expect(example).toBeDefined();
      expect(example).not.toBe(task.solution);
      expect(maze.verify(task, tag(example!)).correct).toBe(false);
      for (const row of task.data.grid) expect(p).toContain(row.split('').join(' '));
      // ~250 tokens at a pessimistic 2.5 characters per token for the grid-heavy text.
      expect(p.length).toBeLessThan(625);
    }
  });
});

describe('maze: parsing', () => {
  const cases: [string, string][] = [
    ['<answer>R R D</answer>', 'R R D'],
    ['<answer>RRD</answer>', 'R R D'],
    ['<answer>R,R,D</answer>', 'R R D'],
    ['<answer>right, right, down</answer>', 'R R D'],
    ['<answer>Right Right Down</answer>', 'R R D'],
    ['<answer>rrd</answer>', 'R R D'],
    ['<answer>up left</answer>', 'U L'],
    ['<answer>→ → ↓ ←↑</answer>', 'R R D L U'],
    ['<answer>R -> R -> D.</answer>', 'R R D'],
    ['<answer>\nPath: R R D\n</answer>', 'R R D'],
    ['<ANSWER> `U D` </ANSWER>', 'U D'],
  ];
  for (const [text, want] of cases) {
    it(`reads ${JSON.stringify(text)}`, () => {
      const answer = parseAnswer(text);
      expect(answer.source).toBe('tag');
      expect(answer.moves?.join(' ')).toBe(want);
    });
  }

  it('lets the last answer tag win', () => {
    expect(parseAnswer('<answer>U U</answer> hmm, no: <answer>D D L</answer>').moves?.join(' ')).toBe(
      'D D L',
    );
    expect(parseAnswer('<answer>U U</answer> then <answer>nonsense</answer>').moves).toBeNull();
    expect(parseAnswer('<answer>U <answer>R L</answer>').moves?.join(' ')).toBe('R L');
  });

  it('reads a truncated last tag, but not prose that mentions the tag', () => {
    expect(parseAnswer('<answer>D R</answer> wait <answer>U L L').moves?.join(' ')).toBe('U L L');
    expect(parseAnswer('<answer>U L L').source).toBe('unclosed-tag');
    const prose = parseAnswer('<answer>D R</answer> (I used the <answer> tag.)');
    expect(prose.source).toBe('tag');
    expect(prose.moves?.join(' ')).toBe('D R');
  });

  it('falls back to the last bare line of moves, but not to English words made of move letters', () => {
    expect(parseAnswer('Let me think.\nR R D\nDone').moves?.join(' ')).toBe('R R D');
    expect(parseAnswer('The moves are:\nright, down').source).toBe('bare-line');
    expect(parseAnswer('dull\nlull').moves).toBeNull();
    expect(parseAnswer('Final answer: RRD').moves?.join(' ')).toBe('R R D');
  });
});

describe('maze: verify', () => {
  const findTask = (
    want: (t: MazeTask, a: Record<string, string | null>) => boolean,
    preset: PresetName = 'easy',
  ) => {
    for (let seed = 0; seed < 500; seed++) {
      const t = maze.generate(maze.presets[preset], seed, 0);
      const a = craftedAttempts(t);
      if (want(t, a)) return { task: t, attempts: a };
    }
    throw new Error('no suitable maze found');
  };

  it('produces every issue code from a crafted attempt', () => {
    const codes = Object.values(MAZE_ISSUE);
    for (const code of codes) {
      const { task, attempts } = findTask((t, a) => a[code] != null && t.solution.split(' ').length >= 2);
      const diag = maze.verify(task, attempts[code]!);
      expect(diag.issues.map((i) => i.code)).toContain(code);
    }
  });

  it('wall and out-of-bounds stop the walk at the last legal cell, with step and where', () => {
    for (const code of [MAZE_ISSUE.wall, MAZE_ISSUE.outOfBounds]) {
      const { task, attempts } = findTask((_, a) => a[code] != null);
      const text = attempts[code]!;
      const moves = /<answer>(.*)<\/answer>/.exec(text)![1]!.split(' ') as Dir[];
      const diag = maze.verify(task, text.replace('</answer>', ' R R L L</answer>'));
      const issue = diag.issues.find((i) => i.code === code)!;
      const from = walk(task.data, moves.slice(0, -1));
      expect(issue.step).toBe(moves.length);
      expect(issue.where).toMatchObject({ row: from.row, col: from.col, direction: moves[moves.length - 1] });
      const detail = diag.detail as MazeDetail;
      expect(detail.path).toHaveLength(moves.length);
      expect(detail.path[detail.path.length - 1]).toEqual(from);
      expect(detail.firstError).toEqual({ step: moves.length, row: from.row, col: from.col, code });
      expect(diag.correct).toBe(false);
      expect(diag.score).toBeGreaterThanOrEqual(0);
      expect(diag.score).toBeLessThanOrEqual(0.99);
    }
  });

  it('stopping short: path.short with the BFS distance left and partial credit', () => {
    const { task } = findTask((t) => t.data.shortest >= 3);
    const sol = solutionMoves(task);
    const diag = maze.verify(task, tag(sol.slice(0, -1).join(' ')));
    expect(diag.correct).toBe(false);
    const issue = diag.issues.find((i) => i.code === MAZE_ISSUE.short)!;
    expect(issue.where?.remaining).toBe(1);
    expect(diag.score).toBeCloseTo(1 - 1 / sol.length);
    expect((diag.detail as MazeDetail).firstError?.code).toBe(MAZE_ISSUE.short);
  });

  it('a revisit is a warning: the path is still correct, scored shortest/length and not optimal', () => {
    const { task, attempts } = findTask((_, a) => a[MAZE_ISSUE.revisit] != null);
    const diag = maze.verify(task, attempts[MAZE_ISSUE.revisit]!);
    expect(diag.correct).toBe(true);
    expect(diag.issues.map((i) => i.code)).toEqual([MAZE_ISSUE.revisit]);
    expect(diag.issues[0]!.step).toBe(2);
    expect(diag.issues[0]!.where).toEqual({ row: task.data.start.row, col: task.data.start.col });
    expect(diag.score).toBeCloseTo(task.data.shortest / (task.data.shortest + 2));
    expect((diag.detail as MazeDetail).optimal).toBe(false);
  });

  it('moves past G are incorrect, flagged past-goal, with partial credit below 1', () => {
    const { task, attempts } = findTask(() => true);
    const diag = maze.verify(task, attempts[MAZE_ISSUE.pastGoal]!);
    expect(diag.correct).toBe(false);
    const issue = diag.issues.find((i) => i.code === MAZE_ISSUE.pastGoal)!;
    expect(issue.where).toMatchObject({ reachedAt: task.data.shortest, extra: 1 });
    expect(diag.score).toBeCloseTo(task.data.shortest / (task.data.shortest + 1));
    const detail = diag.detail as MazeDetail;
    expect(detail.path[detail.path.length - 1]).toEqual(task.data.goal);
  });

  it('format: a bare line of moves is read but flagged; nothing readable is unparseable; an empty tag is empty', () => {
    const task = maze.generate(maze.presets.easy, 1, 0);
    const bare = maze.verify(task, `The path:\n${task.solution}`);
    expect(bare.correct).toBe(true);
    expect(bare.issues.map((i) => i.code)).toEqual([MAZE_ISSUE.missingTag]);
    const none = maze.verify(task, 'I am not sure.');
    expect(none.correct).toBe(false);
    expect(none.parsed).toBeNull();
    expect(none.issues.map((i) => i.code)).toEqual([MAZE_ISSUE.missingTag, MAZE_ISSUE.unparseable]);
    const empty = maze.verify(task, '<answer></answer>');
    expect(empty.issues.map((i) => i.code)).toEqual([MAZE_ISSUE.empty]);
    expect(empty.score).toBe(0);
    const unclosed = maze.verify(task, `<answer>${task.solution}`);
    expect(unclosed.issues[0]).toMatchObject({ code: MAZE_ISSUE.missingTag, where: { unclosed: true } });
  });

  it('reads an answer written as cells, with or without S, in several spellings', () => {
    const { task } = findTask((t) => t.solution.split(' ').length >= 3);
    const { start } = task.data;
    const cells = [{ row: start.row, col: start.col }];
    for (const m of solutionMoves(task)) {
      const last = cells[cells.length - 1]!;
      cells.push({ row: last.row + DR[m], col: last.col + DC[m] });
    }
    const pair = (c: { row: number; col: number }) => `(${c.row},${c.col})`;
    for (const text of [
      cells.map(pair).join(' → '),
      `[${cells.map(pair).join(', ')}]`,
      cells.map((c) => `r${c.row}c${c.col}`).join(' '),
      cells.map((c) => `(${c.row}, ${c.col})`).join(' -> '),
      `Path: ${cells.slice(1).map(pair).join(' → ')}`,
      cells.map((c) => `[${c.row},${c.col}]`).join(', '),
    ]) {
      const diag = maze.verify(task, tag(text));
      expect(diag.issues, text).toEqual([]);
      expect(diag.correct, text).toBe(true);
      expect(diag.parsed, text).toBe(task.solution);
    }
    const bare = maze.verify(task, `The cells:\n${cells.map(pair).join(' → ')}`);
    expect(bare.correct).toBe(true);
    expect(bare.issues.map((i) => i.code)).toEqual([MAZE_ISSUE.missingTag]);

    // Drop a middle cell: the list skips, and the issue names the step and both cells.
    const skipped = [...cells.slice(0, 2), ...cells.slice(3)];
    const diag = maze.verify(task, tag(skipped.map(pair).join(' → ')));
    expect(diag.correct).toBe(false);
    expect(diag.issues.map((i) => i.code)).toEqual([MAZE_ISSUE.jump]);
    expect(diag.issues[0]).toMatchObject({
      step: 2,
      where: { row: cells[1]!.row, col: cells[1]!.col, toRow: cells[3]!.row, toCol: cells[3]!.col },
    });
    expect((diag.detail as MazeDetail).firstError).toMatchObject({ step: 2, code: MAZE_ISSUE.jump });
    expect(maze.hint(task, diag, 2)).toContain(`Step 2 goes from row ${cells[1]!.row}, col ${cells[1]!.col}`);
    // Cells mixed with prose are not a list of cells.
    expect(parseAnswer(tag(`I go ${pair(cells[0]!)} then think`)).cells).toBeUndefined();
  });

  it('a correct detour scores shortest/length; parsed is the normalised move string', () => {
    const { task } = findTask(() => true);
    const sol = solutionMoves(task);
    const diag = maze.verify(task, tag(sol.join('').toLowerCase()));
    expect(diag.parsed).toBe(task.solution);
    expect(diag.correct).toBe(true);
    expect(diag.score).toBe(1);
  });

  it('never throws and keeps its invariants on arbitrary text', () => {
    const task = maze.generate(maze.presets.medium, 3, 0);
    const moveText = fc.array(fc.constantFrom('U', 'D', 'L', 'R', 'up', '→', 'x', ',', ' '), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          moveText.map((m) => tag(m.join(' '))),
        ),
        (text) => {
          const diag = maze.verify(task, text);
          expect(diag.score).toBeGreaterThanOrEqual(0);
          expect(diag.score).toBeLessThanOrEqual(1);
          if (!diag.correct) expect(diag.score).toBeLessThanOrEqual(0.99);
          if (diag.correct) expect(diag.parsed).not.toBeNull();
          const detail = diag.detail as MazeDetail;
          expect(detail.path[0]).toEqual(task.data.start);
          for (const cell of detail.path) expect(isOpen(task.data, cell.row, cell.col)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('maze: hints', () => {
  it('level 0 is the verdict only; higher levels name the problem, then where, then a nudge', () => {
    let task: MazeTask | undefined;
    let wall: string | null = null;
    for (let seed = 0; !wall; seed++) {
      task = maze.generate(maze.presets.easy, seed, 0);
      wall = craftedAttempts(task)[MAZE_ISSUE.wall]!;
    }
    const t = task!;
    const diag = maze.verify(t, wall);
    const issue = diag.issues.find((i) => i.code === MAZE_ISSUE.wall)!;
    const [h0, h1, h2, h3] = LEVELS.map((l) => maze.hint(t, diag, l));
    expect(h0).toBe('Not quite: your path does not reach the goal.');
    expect(h1).toContain('wall');
    expect(h2).toContain(`Move ${issue.step}`);
    expect(h2).toContain(`row ${issue.where!.row}, col ${issue.where!.col}`);
    const left = bfsFrom(t.data, t.data.goal).dist(issue.where!.row as number, issue.where!.col as number);
    expect(h3).toContain(`G is still ${left} move`);
    expect(h3).toContain('open neighbour');
    const good = maze.verify(t, tag(t.solution));
    expect(maze.hint(t, good, 0)).toBe('Correct.');
    for (const l of LEVELS) expect(maze.hint(t, good, l)).toMatch(/^Correct/);
  });

  it('format hints show an example in the answer format that is not the solution', () => {
    for (let seed = 0; seed < 100; seed++) {
      const task = maze.generate({ ...maze.presets.easy, minPath: 1, maxPath: 2 }, seed, 0);
      const diag = maze.verify(task, 'no idea');
      for (const level of [1, 2, 3] as const) {
        const hint = maze.hint(task, diag, level);
        const example = /<answer>([^<]*)<\/answer>/.exec(hint)?.[1];
        expect(example).toMatch(/^[UDLR]$/);
        expect(example).not.toBe(task.solution);
      }
    }
  });

  it('never reveals the solution, at any level, for any issue (property over seeds and attempts)', () => {
    const attempt = fc.oneof(
      fc.constantFrom(...Object.values(MAZE_ISSUE)).map((code) => ({ code, random: [] as Dir[] })),
      fc
        .array(fc.constantFrom(...DIRS), { minLength: 1, maxLength: 24 })
        .map((random) => ({ code: '', random })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...PRESETS), fc.nat(), fc.nat(50), attempt, (preset, seed, index, a) => {
        const task = maze.generate(maze.presets[preset], seed, index);
        const text = a.code ? craftedAttempts(task)[a.code] : tag(a.random.join(' '));
        if (text == null) return;
        const diag: Diagnosis = maze.verify(task, text);
        for (const level of LEVELS) expectNoLeak(task, maze.hint(task, diag, level));
      }),
      { numRuns: 400 },
    );
  });

  it('is registered as environments.maze', () => {
    expect(getEnvironment('maze')).toBe(maze);
  });

  it('the leak check itself catches a leaking hint', () => {
    const task = maze.generate(maze.presets.easy, 1, 1);
    expect(() => expectNoLeak(task, `Try ${task.solution}.`)).toThrow();
    const words = solutionMoves(task).map((m) => ({ U: 'up', D: 'down', L: 'left', R: 'right' })[m]);
    expect(() => expectNoLeak(task, `Go ${words.join(', then ')}.`)).toThrow();
    expect(() => expectNoLeak(task, `Go ${solutionMoves(task).join('')}.`)).toThrow();
  });
});
