/**
 * Resuming an episode from its finished turns (`deps.resume`): the turns are replayed as events with
 * their records unchanged, and the episode continues as the uninterrupted run would have.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  configProblem,
  deriveSeed,
  runEpisode,
  type Condition,
  type EpisodeEvent,
  type HumanInput,
  type TurnRecord,
} from '../../src/core/protocol';
import { ScriptedEngine } from '../helpers/scripted-engine';
import { toySum } from '../helpers/toy-env';
import {
  TOY_PARAMS,
  collectEvents as collect,
  toyConfig as config,
  toyDeps as deps,
} from '../helpers/toy-episode';

const PARAMS = TOY_PARAMS;
const SOLUTION = toySum.generate(PARAMS, 1, 0).solution;
const answer = (text: string) => `I think it is <answer>${text}</answer>`;
const wrong = (k: number) => answer(String(Number(SOLUTION) + 1 + k));

const records = (events: EpisodeEvent[]): TurnRecord[] =>
  events.flatMap((e) => (e.type === 'turn-end' ? [e.record] : []));
const ending = (events: EpisodeEvent[]) => events.at(-1);
/** A record without its timings (which depend on the clock, not on the episode). */
const untimed = ({ startedAt: _s, endedAt: _e, studentMs: _m, ...rest }: TurnRecord) => rest;

describe('runEpisode with deps.resume', () => {
  it('continues from turn n + 1 exactly as the uninterrupted run would (any cut point, any solving turn)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<Condition>({ kind: 'retry' }, { kind: 'binary' }, { kind: 'rule-teacher', level: 2 }),
        async (solveAt, cutAt, condition) => {
          fc.pre(cutAt < solveAt);
          const script = (i: number) => (i + 1 === solveAt ? answer(SOLUTION) : wrong(i));
          const cfg = config(condition, { turnBudget: 5 });

          const full = new ScriptedEngine(({ index }) => script(index));
          const fullEvents = await collect(runEpisode(cfg, deps({ studentEngine: full })));
          const fullTurns = records(fullEvents);

          const resumed = new ScriptedEngine(({ index }) => script(index + cutAt));
          const kept = fullTurns.slice(0, cutAt);
          const events = await collect(
            runEpisode(cfg, deps({ studentEngine: resumed, resume: { turns: kept } })),
          );
          const turns = records(events);

          // The replayed records come back unchanged (same objects' content, timings included).
          expect(turns.slice(0, cutAt)).toEqual(kept);
          // The continuation matches the full run, prompts (history) and seeds included.
          expect(turns.map(untimed)).toEqual(fullTurns.map(untimed));
          expect(resumed.calls.map((c) => c.seed)).toEqual(full.calls.slice(cutAt).map((c) => c.seed));
          expect(resumed.calls[0]?.seed).toBe(deriveSeed(cfg.studentSampling.seed, cutAt + 1));
          expect(ending(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: solveAt });
        },
      ),
      { numRuns: 25 },
    );
  });

  it('replays each finished turn as turn-start, attempt, feedback and turn-end events, then goes on', async () => {
    const cfg = config({ kind: 'binary' });
    const first = await collect(
      runEpisode(cfg, deps({ studentEngine: new ScriptedEngine([wrong(0), answer(SOLUTION)]) })),
    );
    const kept = records(first).slice(0, 1);
    const events = await collect(
      runEpisode(
        cfg,
        deps({ studentEngine: new ScriptedEngine([answer(SOLUTION)]), resume: { turns: kept } }),
      ),
    );
    const types = events.filter((e) => !e.type.endsWith('-token')).map((e) => e.type);
    expect(types).toEqual([
      'episode-start',
      ...['turn-start', 'attempt', 'feedback', 'turn-end'],
      ...['turn-start', 'attempt', 'turn-end'],
      'episode-end',
    ]);
    expect(events[1]).toEqual({ type: 'turn-start', turn: 1, at: kept[0]!.startedAt });
  });

  it('hands a human student the last stored feedback when the episode resumes', async () => {
    const cfg = config({ kind: 'rule-teacher', level: 1 }, { student: { kind: 'human' } });
    const attempts: Parameters<HumanInput['attempt']>[0][] = [];
    const human = (answers: string[]): HumanInput => ({
      attempt: (request) => {
        attempts.push(request);
        return Promise.resolve(answers[attempts.length - 1] ?? answer(SOLUTION));
      },
      feedback: () => Promise.reject(new Error('not asked')),
    });
    const first = await collect(runEpisode(cfg, deps({ human: human([wrong(0), answer(SOLUTION)]) })));
    const kept = records(first).slice(0, 1);
    attempts.length = 0;
    const events = await collect(runEpisode(cfg, deps({ human: human([]), resume: { turns: kept } })));
    expect(attempts).toHaveLength(1);
    expect(attempts[0]?.turn).toBe(2);
    expect(attempts[0]?.feedback).toBe(kept[0]?.feedback?.text);
    expect(ending(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 2 });
  });

  it('refuses turns that cannot be continued: misnumbered, already solved, or the budget spent', async () => {
    const cfg = config({ kind: 'binary' }, { turnBudget: 2 });
    const run = await collect(
      runEpisode(cfg, deps({ studentEngine: new ScriptedEngine([wrong(0), wrong(1)]) })),
    );
    const [t1, t2] = records(run);
    const solved = await collect(
      runEpisode(cfg, deps({ studentEngine: new ScriptedEngine([answer(SOLUTION)]) })),
    );
    const cases: [readonly TurnRecord[], RegExp][] = [
      [[t2!], /numbered/],
      [records(solved), /already solved at turn 1/],
      [[t1!, t2!], /budget/],
    ];
    for (const [turns, reason] of cases) {
      const engine = new ScriptedEngine([answer(SOLUTION)]);
      const d = deps({ studentEngine: engine, resume: { turns } });
      expect(configProblem(cfg, d)).toMatch(reason);
      const events = await collect(runEpisode(cfg, d));
      expect(records(events)).toEqual([]);
      expect(ending(events)).toMatchObject({ outcome: 'error' });
      expect(engine.calls).toHaveLength(0);
    }
  });

  it('an empty resume is an ordinary run', async () => {
    const cfg = config({ kind: 'retry' });
    const events = await collect(
      runEpisode(cfg, deps({ studentEngine: new ScriptedEngine([answer(SOLUTION)]), resume: { turns: [] } })),
    );
    expect(ending(events)).toMatchObject({ outcome: 'solved', solvedAtTurn: 1 });
  });
});
