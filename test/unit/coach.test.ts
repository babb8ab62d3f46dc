import { describe, expect, it } from 'vitest';
import { coachPair, coachPlanProblem, type CoachPlan } from '../../src/core/coach/plan';
import { coachScore } from '../../src/core/coach/score';
import {
  LEADERBOARD_SIZE,
  addToLeaderboard,
  leaderboardEntry,
  playerName,
  rankLeaderboard,
  readLeaderboard,
  type LeaderboardEntry,
} from '../../src/core/coach/leaderboard';
import { environments } from '../../src/core/envs';
import { runEpisode, type TurnRecord } from '../../src/core/protocol';
import type { EpisodeOutcomeInput } from '../../src/core/metrics';
import { Leaderboard, LEADERBOARD_KEY, type LeaderboardStorage } from '../../src/state/leaderboard.svelte';
import { ScriptedEngine } from '../helpers/scripted-engine';
import { collectEvents } from '../helpers/toy-episode';
import { episode } from './metrics-fixtures';

const PLAN: CoachPlan = {
  envId: 'arithmetic',
  preset: 'easy',
  studentModel: 'a-model',
  tasks: 3,
  taskSeed: 5,
  turnBudget: 3,
  temperature: 0.7,
  maxTokens: 128,
};

const HUMAN = { kind: 'human-teacher' } as const;
const RETRY = { kind: 'retry' } as const;
const solvedAt = (turn: number) => Array.from({ length: turn }, (_, i) => ({ correct: i === turn - 1 }));
const failed = (turns: number) => Array.from({ length: turns }, () => ({ correct: false }));

describe('coach plan', () => {
  it('pairs each task with a retry episode that differs only in the condition', () => {
    for (let task = 0; task < PLAN.tasks; task++) {
      const { coached, retry } = coachPair(PLAN, task);
      expect(coached.condition).toEqual(HUMAN);
      expect(retry.condition).toEqual(RETRY);
      expect({ ...coached, condition: null }).toEqual({ ...retry, condition: null });
      expect(coached).toMatchObject({
        envId: 'arithmetic',
        preset: 'easy',
        params: environments.arithmetic!.presets.easy,
        taskSeed: 5,
        index: task,
        turnBudget: 3,
        student: { kind: 'model', modelId: 'a-model' },
        studentSampling: { temperature: 0.7, seed: task, maxTokens: 128 },
        leakPolicy: 'regenerate',
      });
      // The model student is shown a solved example, as on the Episode page.
      expect(coached.demonstration).toBeDefined();
    }
    // Tasks are distinct items.
    expect(coachPair(PLAN, 0).coached.index).not.toBe(coachPair(PLAN, 1).coached.index);
  });

  it('says what is missing before a game can start', () => {
    expect(coachPlanProblem(PLAN, ['a-model'])).toBeNull();
    expect(coachPlanProblem({ ...PLAN, studentModel: '' }, [])).toMatch(/Choose and load a model/);
    expect(coachPlanProblem(PLAN, [])).toBe('Load a-model first.');
    expect(coachPlanProblem({ ...PLAN, tasks: 0 }, ['a-model'])).toMatch(/Tasks must be .* 1 to 10/);
    expect(coachPlanProblem({ ...PLAN, tasks: 2.5 }, ['a-model'])).toMatch(/Tasks must be/);
    expect(coachPlanProblem({ ...PLAN, turnBudget: 1 }, ['a-model'])).toMatch(/Attempts must be .* 2 to 5/);
    expect(coachPlanProblem({ ...PLAN, envId: 'nope' }, ['a-model'])).toMatch(/Unknown environment/);
    expect(coachPlanProblem({ ...PLAN, temperature: 9 }, ['a-model'])).toMatch(/temperature/);
  });
});

describe('coach score', () => {
  it('is the paired gain over retry, worked by hand', () => {
    // Four tasks: with you solved 1, 2, 4 (task 3 not); with retry only task 2. Messages: one after
    // each wrong attempt, 1 + 0 + 2 + 2.
    const coached = [
      episode('c0', { condition: HUMAN, index: 0, turns: solvedAt(2) }),
      episode('c1', { condition: HUMAN, index: 1, turns: solvedAt(1) }),
      episode('c2', { condition: HUMAN, index: 2, turns: failed(3) }),
      episode('c3', { condition: HUMAN, index: 3, turns: solvedAt(3) }),
    ];
    const retry = [
      episode('r0', { condition: RETRY, index: 0, turns: failed(3) }),
      episode('r1', { condition: RETRY, index: 1, turns: solvedAt(1) }),
      episode('r2', { condition: RETRY, index: 2, turns: failed(3) }),
      episode('r3', { condition: RETRY, index: 3, turns: failed(3) }),
    ];
    const score = coachScore(coached, retry);
    expect(score).toMatchObject({
      tasks: 4,
      solvedWithYou: 3,
      solvedWithRetry: 1,
      messages: 5,
      leaksCaught: 0,
    });
    expect(score.gain?.estimate).toBeCloseTo(0.5, 12);
    expect(score.gain?.table).toEqual({ both: 1, conditionOnly: 2, baselineOnly: 0, neither: 1 });
    expect(score.gain!.low).toBeLessThan(0.5);
    expect(score.gain!.high).toBeGreaterThan(0.5);
  });

  it('scores only tasks finished on both sides, and counts the leaks the guard caught', () => {
    const leak = { leak: { leaked: true }, withheld: true };
    const coached = [
      episode('c0', {
        condition: HUMAN,
        index: 0,
        turns: [{ feedback: leak }, { feedback: {} }, { correct: true }],
      }),
      // Stopped: not scored, though its message counts as one written.
      episode('c1', { condition: HUMAN, index: 1, status: 'aborted', turns: [{ feedback: leak }] }),
    ];
    const retry = [episode('r0', { condition: RETRY, index: 0, turns: failed(3) })];
    const score = coachScore(coached, retry);
    expect(score).toMatchObject({
      tasks: 1,
      solvedWithYou: 1,
      solvedWithRetry: 0,
      messages: 3,
      leaksCaught: 2,
    });
    expect(score.gain?.estimate).toBe(1);
    expect(coachScore(coached.slice(1), retry).gain).toBeNull();
  });

  it('a message that gives the answer away is caught in a real episode, and counted', async () => {
    const { coached } = coachPair(PLAN, 0);
    const task = environments.arithmetic!.generate(coached.params, coached.taskSeed, coached.index);
    const wrong = `<answer>${Number(task.solution) + 1}</answer>`;
    let now = 0;
    const events = await collectEvents(
      runEpisode(
        { ...coached, turnBudget: 2 },
        {
          env: environments.arithmetic!,
          clock: () => (now += 1),
          studentEngine: new ScriptedEngine(() => wrong),
          human: {
            attempt: () => Promise.reject(new Error('no')),
            feedback: async () => `It is ${task.solution}.`,
          },
        },
      ),
    );
    const turns = events.flatMap((e) => (e.type === 'turn-end' ? [e.record as TurnRecord] : []));
    const end = events.at(-1);
    if (end?.type !== 'episode-end') throw new Error('no end');
    const stored: EpisodeOutcomeInput = {
      id: 'e',
      config: coached,
      status: end.outcome,
      solvedAtTurn: null,
      turns,
    };
    expect(turns[0]?.feedback?.withheld).toBe(true);
    expect(turns[0]?.feedback?.text).not.toContain(task.solution);
    expect(coachScore([stored], []).leaksCaught).toBe(1);
  });
});

const entry = (over: Partial<LeaderboardEntry>): LeaderboardEntry => ({
  player: 'Ada',
  envId: 'maze',
  preset: 'easy',
  studentModel: 'm',
  tasks: 3,
  solvedWithYou: 2,
  solvedWithRetry: 1,
  gain: 1 / 3,
  low: -0.2,
  high: 0.7,
  messages: 4,
  leaksCaught: 0,
  at: 1000,
  episodeIds: ['a', 'b'],
  ...over,
});

describe('leaderboard', () => {
  it('ranks by gain, then fewer leaks, then more tasks, then the earlier game', () => {
    const ranked = rankLeaderboard([
      entry({ player: 'low', gain: 0 }),
      entry({ player: 'leaky', leaksCaught: 2 }),
      entry({ player: 'later', at: 2000 }),
      entry({ player: 'first' }),
      entry({ player: 'more tasks', tasks: 6 }),
      entry({ player: 'best', gain: 2 / 3 }),
    ]);
    expect(ranked.map((e) => e.player)).toEqual(['best', 'more tasks', 'first', 'later', 'leaky', 'low']);
  });

  it('reads stored entries as untrusted: malformed ones are dropped and counted', () => {
    const good = entry({});
    const { entries, dropped } = readLeaderboard([
      good,
      { ...good, player: 'x'.repeat(41) },
      { ...good, gain: 7 },
      { ...good, preset: 'impossible' },
      'not an entry',
      null,
      { ...good, episodeIds: Array.from({ length: 100 }, () => 'id') },
    ]);
    expect(entries).toEqual([good]);
    expect(dropped).toBe(6);
    expect(readLeaderboard({ not: 'a list' })).toEqual({ entries: [], dropped: 1 });
    expect(readLeaderboard(null)).toEqual({ entries: [], dropped: 0 });
  });

  it('keeps the best entries only', () => {
    let board: LeaderboardEntry[] = [];
    for (let i = 0; i < LEADERBOARD_SIZE + 5; i++)
      board = addToLeaderboard(board, entry({ at: i, gain: i / 100 }));
    expect(board).toHaveLength(LEADERBOARD_SIZE);
    expect(board[0]?.gain).toBe((LEADERBOARD_SIZE + 4) / 100);
  });

  it('makes an entry from a score, with a tidy name, or none when nothing was scored', () => {
    const game = {
      player: '  Grace   Hopper ',
      envId: 'maze',
      preset: 'easy' as const,
      studentModel: 'm',
      at: 5,
      episodeIds: ['a'],
    };
    const scored = coachScore(
      [episode('c', { condition: HUMAN, turns: solvedAt(1) })],
      [episode('r', { condition: RETRY, turns: failed(3) })],
    );
    expect(leaderboardEntry(game, scored)).toMatchObject({ player: 'Grace Hopper', gain: 1, tasks: 1 });
    expect(leaderboardEntry(game, coachScore([], []))).toBeNull();
    expect(playerName(' '.repeat(5))).toBe('');
    expect(leaderboardEntry({ ...game, player: '   ' }, scored)?.player).toBe('Anonymous');
  });

  it('is kept in storage, and survives storage that is corrupt or refuses', () => {
    const map = new Map<string, string>();
    const storage: LeaderboardStorage = {
      getItem: (k) => map.get(k) ?? null,
      setItem: (k, v) => void map.set(k, v),
      removeItem: (k) => void map.delete(k),
    };
    const board = new Leaderboard(storage);
    expect(board.add(entry({ player: 'one', gain: 0.1 }))).toBe(1);
    expect(board.add(entry({ player: 'two', gain: 0.5 }))).toBe(1);
    expect(new Leaderboard(storage).entries.map((e) => e.player)).toEqual(['two', 'one']);
    board.clear();
    expect(map.has(LEADERBOARD_KEY)).toBe(false);

    map.set(LEADERBOARD_KEY, '{not json');
    const corrupt = new Leaderboard(storage);
    expect(corrupt.entries).toEqual([]);
    expect(corrupt.dropped).toBe(1);

    const refusing: LeaderboardStorage = {
      getItem: () => null,
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    const full = new Leaderboard(refusing);
    expect(full.add(entry({}))).toBe(1);
    expect(full.persisted).toBe(false);
    expect(full.entries).toHaveLength(1);
  });
});
