/**
 * Crafted export files (issue 18, point 7): schema-valid lines whose numbers, sizes or task data no
 * lab ever writes are refused with a reason naming the field, a mixed file writes nothing (all or
 * nothing), and every episode the lab itself runs, at the limits of its forms, still imports.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonShapeProblem, MAX_JSON_DEPTH } from '../../src/store/jsonl-guard';
import { environments, getEnvironment } from '../../src/core/envs';
import { defaultEpisodeConfig, withDemonstration } from '../../src/core/protocol';
import { EPISODE_LIMITS } from '../../src/core/protocol/limits';
import type { Condition } from '../../src/core/protocol/types';
import { runAndStore } from '../../src/lab/episode-runner';
import {
  SCHEMA_VERSION,
  exportEpisodesJsonl,
  exportHistory,
  importHistory,
  parseEpisodesJsonl,
  type EpisodeWithTurns,
} from '../../src/store';
import { episodeInput, makeConfig, makeTurn, openTestStore } from '../helpers/store-fixtures';
import { ScriptedEngine } from '../helpers/scripted-engine';

const header = { schemaVersion: SCHEMA_VERSION, appVersion: '0.1.0-test', exportedAt: 1_700_000_000_000 };

/** A good stored episode (a maze, two failed turns), as a plain JSON value to edit. */
async function goodItem(id = 'good'): Promise<EpisodeWithTurns> {
  const { store } = await openTestStore();
  const { id: stored } = await store.createEpisode(episodeInput(makeConfig(), { startedAt: 10, id }));
  await store.appendTurn(stored, makeTurn(1));
  await store.appendTurn(stored, makeTurn(2));
  await store.finishEpisode(stored, { status: 'failed', solvedAtTurn: null, endedAt: 3000 });
  return JSON.parse(JSON.stringify((await store.getEpisode(stored))!)) as EpisodeWithTurns;
}

/** The reasons a file of these items is refused with (fails the test when it is accepted). */
function refusals(items: EpisodeWithTurns[]): string[] {
  const result = parseEpisodesJsonl(exportEpisodesJsonl(header, items));
  if (result.ok) throw new Error('expected the file to be refused');
  return result.errors.map((e) => `${e.line}: ${e.reason}`);
}

type Edit = (item: EpisodeWithTurns) => void;

const CRAFTED: [string, Edit, RegExp][] = [
  [
    'turnBudget 10,000,000',
    (i) => (i.episode.config.turnBudget = 10_000_000),
    /config\.turnBudget: must be a whole number from 1 to 20/,
  ],
  ['turnBudget 1e15', (i) => (i.episode.config.turnBudget = 1e15), /config\.turnBudget: must be/],
  [
    'maxTokens 1e9',
    (i) => (i.episode.config.studentSampling.maxTokens = 1e9),
    /studentSampling\.maxTokens.*4096/,
  ],
  ['maxLeakRetries 1e9', (i) => (i.episode.config.maxLeakRetries = 1e9), /config\.maxLeakRetries/],
  [
    'more turns than the budget',
    (i) => (i.episode.config.turnBudget = 1),
    /2 turns are listed but the turn budget is 1/,
  ],
  [
    'an endless prompt',
    (i) => (i.turns[0]!.studentPrompt = Array(500).fill({ role: 'user', content: 'x' })),
    /turns\.0\.studentPrompt/,
  ],
  ['an id of 10,000 characters', (i) => (i.episode.id = 'x'.repeat(10_000)), /episode\.id/],
  ['a date no Date can hold', (i) => (i.episode.startedAt = 1e300), /episode\.startedAt/],
  [
    'a maze with data {}',
    (i) => (i.episode.task.data = {}),
    /task\.data\.grid must be 7 strings of 7 characters/,
  ],
  [
    'a maze of 1e7 × 1e7',
    (i) => (i.episode.config.params = { ...(i.episode.config.params as object), rows: 1e7 }),
    /config\.params: maze: rows must be an odd integer from 5 to 41/,
  ],
  ['a task of another item', (i) => (i.episode.task.index = 5), /task\.seed and task\.index/],
  ...['__proto__', 'constructor', 'toString', 'hasOwnProperty'].map((id): [string, Edit, RegExp] => [
    `envId ${id}`,
    (i) => {
      i.episode.envId = id;
      i.episode.config.envId = id;
      i.episode.task.envId = id;
    },
    new RegExp(`Unknown environment "${id}"\\. Known environments: maze`),
  ]),
];

describe('a crafted line is refused, naming the field', () => {
  it.each(CRAFTED)('%s', async (_name, edit, reason) => {
    const item = await goodItem();
    edit(item);
    expect(refusals([item]).join('\n')).toMatch(reason);
  });

  it('a mixed file (good episodes around a crafted one) names the crafted line and writes nothing', async () => {
    const [before, crafted, after] = await Promise.all([goodItem('a'), goodItem('b'), goodItem('c')]);
    crafted.episode.task.data = {};
    const reasons = refusals([before, crafted, after]);
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason).toMatch(/^3: Episode b: task\.data\./);
    const { store } = await openTestStore();
    const result = await importHistory(store, exportEpisodesJsonl(header, [before, crafted, after]));
    expect(result.ok).toBe(false);
    expect(await store.listEpisodes()).toEqual([]);
  });

  it('a key named like a built-in member of every object is refused with its line and path, at any depth', async () => {
    const item = await goodItem();
    const good = JSON.stringify(item);
    const crafted = [
      good.replace('"params":{', '"params":{"__proto__":{"x":1},'),
      good.replace('"params":{', '"params":{"constructor":2,'),
      good.replace('"attempt":', '"toString":"x","attempt":'),
    ];
    for (const line of crafted) {
      const text = `${JSON.stringify({ kind: 'plasticity-lab-export', ...header, count: 1 })}\n${line}\n`;
      const result = parseEpisodesJsonl(text);
      expect(result.ok, line.slice(0, 80)).toBe(false);
      if (result.ok) continue;
      expect(result.errors).toHaveLength(1);
      expect(result.errors[0]!.line).toBe(2);
      expect(result.errors[0]!.reason).toMatch(
        /: the key "(__proto__|constructor|toString)" is named like a built-in member/,
      );
    }
  });

  it('unknown keys and a turn that names another episode are refused, never dropped', async () => {
    const item = await goodItem();
    const good = JSON.stringify(item);
    for (const [line, path] of [
      [good.replace('"config":{', '"config":{"extra":1,'), 'episode.config.extra'],
      [good.replace('"attempt":', '"episodeId":"another-episode","attempt":'), 'turns.0.episodeId'],
      [good.replace('{"episode":', '{"note":"hi","episode":'), 'note'],
    ] as const) {
      const text = `${JSON.stringify({ kind: 'plasticity-lab-export', ...header, count: 1 })}\n${line}\n`;
      const result = parseEpisodesJsonl(text);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.errors.map((e) => e.line)).toEqual([2]);
      expect(result.errors[0]!.reason).toMatch(/is a key the lab does not write/);
      if (path) expect(result.errors[0]!.reason.startsWith(`${path}:`), result.errors[0]!.reason).toBe(true);
    }
  });

  it('a line nested past the stated depth is refused with its line, and no depth overflows the stack', async () => {
    const item = await goodItem();
    const good = JSON.stringify(item);
    for (const depth of [MAX_JSON_DEPTH, 1_000, 100_000]) {
      const nested = '['.repeat(depth) + ']'.repeat(depth);
      const line = good.replace('"task":{', `"task":{"deep":${nested},`);
      const text = `${JSON.stringify({ kind: 'plasticity-lab-export', ...header, count: 1 })}\n${line}\n`;
      const result = parseEpisodesJsonl(text);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.errors[0]!.line).toBe(2);
      expect(result.errors[0]!.reason).toMatch(new RegExp(`nests deeper than ${MAX_JSON_DEPTH} levels`));
    }
  });

  it('parseEpisodesJsonl never throws, whatever the lines hold', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.jsonValue(), fc.string()), { maxLength: 5 }), (values) => {
        const lines = [
          JSON.stringify({ kind: 'plasticity-lab-export', ...header, count: values.length }),
          ...values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))),
        ];
        const result = parseEpisodesJsonl(lines.join('\n'));
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('the shape guard never throws on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ depthSize: 'large' }), (value) => {
        const problem = jsonShapeProblem(value);
        expect(problem === null || typeof problem === 'string').toBe(true);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('what the lab itself runs still imports', () => {
  const conditions: Condition[] = [{ kind: 'self-teacher' }, { kind: 'llm-teacher', privileged: 'solution' }];
  for (const env of Object.values(environments)) {
    it(`${env.id}: a model episode at every limit of the form, exported, imports into an empty store`, async () => {
      const { store } = await openTestStore();
      for (const condition of conditions) {
        const config = withDemonstration(
          defaultEpisodeConfig(env.id, {
            preset: 'hard',
            condition,
            student: { kind: 'model', modelId: 'scripted-model' },
            teacherModelId: condition.kind === 'llm-teacher' ? 'scripted-model' : undefined,
            turnBudget: EPISODE_LIMITS.turnBudget,
            maxLeakRetries: EPISODE_LIMITS.maxLeakRetries,
            studentSampling: {
              temperature: EPISODE_LIMITS.maxTemperature,
              seed: 4,
              maxTokens: EPISODE_LIMITS.maxTokens,
            },
            teacherSampling: { temperature: 0, seed: 5, maxTokens: EPISODE_LIMITS.maxTokens },
          }),
        );
        const engine = new ScriptedEngine(() => 'Not sure. <answer>no</answer>');
        let now = Date.UTC(2025, 0, 1);
        const summary = await runAndStore(
          config,
          {
            env: getEnvironment(env.id),
            studentEngine: engine,
            teacherEngine: engine,
            clock: () => (now += 7),
          },
          { store, appVersion: '0.1.0-test', onEvent: () => {} },
        );
        expect(summary, summary.error).toMatchObject({
          outcome: 'failed',
          savedTurns: EPISODE_LIMITS.turnBudget,
        });
      }
      const file = await exportHistory(store, { appVersion: '0.1.0-test', exportedAt: 1 });
      const { store: fresh } = await openTestStore();
      expect(await importHistory(fresh, file)).toMatchObject({ ok: true, imported: 2 });
      const turns = (await fresh.getEpisodes((await fresh.listEpisodes()).map((e) => e.id))).map(
        (e) => e.turns.length,
      );
      expect(turns).toEqual([EPISODE_LIMITS.turnBudget, EPISODE_LIMITS.turnBudget]);
    }, 60_000);
  }
});
