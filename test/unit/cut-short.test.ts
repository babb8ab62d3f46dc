/**
 * Settling an episode cut short (`store/cut-short.ts`): its stored turns decide it by the protocol's
 * own rule (`turnsVerdict`), a `single` episode's budget included, whatever its turnBudget says.
 */
import { describe, expect, it } from 'vitest';
import type { EpisodeConfig } from '../../src/core/protocol/types';
import type { EpisodeRecord } from '../../src/store';
import { settleCutShort } from '../../src/store/cut-short';
import { makeConfig, makeTask, makeTurn } from '../helpers/store-fixtures';

function running(config: EpisodeConfig, turnsDone: number): EpisodeRecord {
  return {
    id: 'e1',
    experimentId: null,
    config,
    task: makeTask(config.envId, config.index),
    status: 'running',
    solvedAtTurn: null,
    turnsDone,
    startedAt: 1,
    endedAt: null,
    appVersion: '0.1.0-test',
    schemaVersion: 2,
    envId: config.envId,
    conditionKind: config.condition.kind,
    studentModel: 'm',
  };
}
const solvedTurn = (n: number) =>
  makeTurn(n, { diagnosis: { correct: true, score: 1, issues: [], parsed: 'x' } });

describe('settleCutShort', () => {
  it('settles a single episode with one failed turn as failed even when its turnBudget says 5', () => {
    // Through the API or an imported file a `single` config can carry turnBudget 5; it still allows one attempt.
    const config = makeConfig({ condition: { kind: 'single' }, turnBudget: 5 });
    const settled = settleCutShort(running(config, 1), [makeTurn(1)]);
    expect(settled).toMatchObject({ status: 'failed', solvedAtTurn: null, endedAt: makeTurn(1).endedAt });
  });

  it('settles a solved episode as solved at its solving turn', () => {
    const config = makeConfig({ turnBudget: 5 });
    const settled = settleCutShort(running(config, 2), [makeTurn(1), solvedTurn(2)]);
    expect(settled).toMatchObject({ status: 'solved', solvedAtTurn: 2, endedAt: makeTurn(2).endedAt });
  });

  it('settles an episode that used its budget as failed, and one with turns left as interrupted', () => {
    const config = makeConfig({ turnBudget: 2 });
    expect(settleCutShort(running(config, 2), [makeTurn(1), makeTurn(2)]).status).toBe('failed');
    expect(settleCutShort(running(config, 1), [makeTurn(1)])).toMatchObject({
      status: 'interrupted',
      solvedAtTurn: null,
      endedAt: makeTurn(1).endedAt,
    });
  });

  it('settles an episode with no turn as interrupted at its start, keeping the key order', () => {
    const episode = running(makeConfig(), 0);
    const settled = settleCutShort(episode, []);
    expect(settled).toMatchObject({ status: 'interrupted', endedAt: 1 });
    expect(Object.keys(settled)).toEqual(Object.keys(episode));
  });
});
