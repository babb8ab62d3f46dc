/**
 * Usage from untrusted engines: normalised at the boundary, summed over drafts, read by the metrics as
 * unknown (never 0), and accepted by the import however an older version stored it.
 */
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { addUsage, normaliseUsage } from '../../src/core/usage';
import { costs } from '../../src/core/metrics';
import { EpisodeLineSchema } from '../../src/store/jsonl-schema';
import type { ChatUsage } from '../../src/core/engine';
import { episodeInput, makeConfig, makeTurn, openTestStore } from '../helpers/store-fixtures';
import { episode } from './metrics-fixtures';

describe('normaliseUsage', () => {
  it('keeps whole non-negative counts and finite positive speeds', () => {
    expect(
      normaliseUsage({
        promptTokens: 12,
        completionTokens: 0,
        prefillTokensPerSec: 250.5,
        decodeTokensPerSec: 19.25,
      }),
    ).toEqual({
      promptTokens: 12,
      completionTokens: 0,
      prefillTokensPerSec: 250.5,
      decodeTokensPerSec: 19.25,
    });
  });

  it('turns every invalid value into a missing key (unknown)', () => {
    const junk = [-5, -1, 1.5, 'many', '12', null, Number.NaN, Infinity, -Infinity, 2 ** 60, {}, [], true];
    for (const bad of junk) {
      const usage = normaliseUsage({
        promptTokens: bad,
        completionTokens: bad,
        prefillTokensPerSec: typeof bad === 'number' && bad > 0 && Number.isFinite(bad) ? -1 : bad,
        decodeTokensPerSec: 0,
      });
      expect(usage).toEqual({});
      expect(Object.keys(usage)).toEqual([]);
    }
    expect(normaliseUsage({})).toEqual({});
  });

  it('sums drafts only where every draft knows its count', () => {
    const a = { promptTokens: 10, completionTokens: 4, decodeTokensPerSec: 5 };
    expect(addUsage(undefined, a)).toEqual(a);
    expect(addUsage(a, { promptTokens: 1, completionTokens: 2, decodeTokensPerSec: 9 })).toEqual({
      promptTokens: 11,
      completionTokens: 6,
      decodeTokensPerSec: 9,
    });
    expect(addUsage(a, { completionTokens: 2 })).toEqual({ completionTokens: 6 });
    expect(addUsage({ promptTokens: 3 }, { promptTokens: 1, completionTokens: 2 })).toEqual({
      promptTokens: 4,
    });
  });
});

describe('costs with unknown token counts', () => {
  it('leaves an episode with an unknown count out of the token figures and lists it', () => {
    const known = episode('known', { turns: [{ studentTokens: 10, correct: true }] });
    const unknown = episode('unknown', { turns: [{ studentTokens: 10 }, { correct: true }] });
    // The second turn's usage exists but has no count: as a hostile server leaves it once normalised.
    const turns = unknown.turns.map((t, i) => (i === 1 ? { ...t, studentUsage: {} } : t));
    const summary = costs([known, { ...unknown, turns }]);
    expect(summary.studentTokens).toMatchObject({ n: 1, mean: 10, unknownIds: ['unknown'] });
    expect(summary.totalTokens).toMatchObject({ n: 1, mean: 10, unknownIds: ['unknown'] });
    // Time does not depend on usage: both count.
    expect(summary.timeMs.n).toBe(2);
  });
});

describe('import of usage an older version stored raw', () => {
  it('accepts the line and reads each invalid count as unknown', async () => {
    // Written the way versions before the engines normalised stored a hostile server's numbers.
    const { store } = await openTestStore();
    const created = await store.createEpisode(episodeInput(makeConfig(), { id: 'old' }));
    const feedback = {
      source: 'llm-teacher' as const,
      text: 'Look again at step 2.',
      leak: { leaked: false, overlap: 0, reason: null },
      regenerations: 0,
      withheld: false,
      usage: { promptTokens: 3, completionTokens: -1 },
      ms: 5,
    };
    const raw = { promptTokens: -5, completionTokens: 'many', decodeTokensPerSec: -2 } as unknown;
    await store.appendTurn(created.id, makeTurn(1, { studentUsage: raw as ChatUsage, feedback }));
    const stored = await store.getEpisode(created.id);
    const line = JSON.parse(JSON.stringify(stored)) as unknown;

    const result = v.safeParse(EpisodeLineSchema, line);
    if (!result.success) throw new Error(result.issues.map((i) => i.message).join('; '));
    expect(result.output.turns[0]?.studentUsage).toEqual({});
    expect(result.output.turns[0]?.feedback?.usage).toEqual({ promptTokens: 3 });
  });
});
