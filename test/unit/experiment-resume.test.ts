import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultDesign, expandDesign, planRun, type StoredEpisodeBrief } from '../../src/core/experiment';
import type { EpisodeOutcome } from '../../src/core/protocol/types';

const design = defaultDesign({ studentModels: ['m'], tasks: 3, turnBudget: 2 });
const planned = expandDesign(design);

function stored(
  order: number,
  status: EpisodeOutcome | 'running',
  turnsDone: number,
  id = `e${order}-${status}-${turnsDone}`,
  startedAt = order,
): StoredEpisodeBrief {
  return { id, config: planned[order]!.config, status, turnsDone, startedAt };
}

describe('planRun', () => {
  it('runs everything when nothing is stored', () => {
    const plan = planRun(planned, []);
    expect(plan.done).toEqual([]);
    expect(plan.pending.map((p) => p.planned.order)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(plan.pending.every((p) => p.continueFrom === null)).toBe(true);
    expect(plan.discard).toEqual([]);
  });

  it('skips completed run keys, continues cut-short ones with turns, replaces empty ones', () => {
    const plan = planRun(planned, [
      stored(0, 'solved', 1),
      stored(1, 'failed', 2),
      stored(2, 'interrupted', 1),
      stored(3, 'running', 0),
      stored(4, 'aborted', 1),
    ]);
    expect(plan.done.map((p) => p.order)).toEqual([0, 1]);
    expect(plan.pending.map((p) => [p.planned.order, p.continueFrom?.id ?? null])).toEqual([
      [2, 'e2-interrupted-1'],
      [3, null],
      [4, 'e4-aborted-1'],
      [5, null],
    ]);
    expect(plan.discard.map((e) => e.id)).toEqual(['e3-running-0']);
  });

  it('keeps one copy per run key: a completed one over any partial, else the one with most turns', () => {
    const plan = planRun(planned, [
      stored(0, 'interrupted', 1, 'partial'),
      stored(0, 'failed', 2, 'complete'),
      stored(1, 'interrupted', 1, 'older', 5),
      stored(1, 'running', 1, 'newer', 6),
      stored(2, 'interrupted', 1, 'short'),
      stored(2, 'interrupted', 2, 'long'),
    ]);
    expect(plan.done.map((p) => p.order)).toEqual([0]);
    expect(plan.pending.slice(0, 2).map((p) => p.continueFrom?.id)).toEqual(['newer', 'long']);
    expect(plan.discard.map((e) => e.id).sort()).toEqual(['older', 'partial', 'short']);
  });

  it('leaves live episodes alone and discards episodes of run keys the design does not have', () => {
    const other = expandDesign({ ...design, studentModels: ['x'] })[0]!.config;
    const stray: StoredEpisodeBrief = {
      id: 'stray',
      config: other,
      status: 'failed',
      turnsDone: 2,
      startedAt: 0,
    };
    const plan = planRun(planned, [stored(0, 'running', 1, 'live'), stray], new Set(['live']));
    expect(plan.busy.map((e) => e.id)).toEqual(['live']);
    expect(plan.pending.map((p) => p.planned.order)).toEqual([1, 2, 3, 4, 5]);
    expect(plan.discard.map((e) => e.id)).toEqual(['stray']);
  });

  it('accounts for every run key exactly once and never re-runs a completed one (any stored state)', () => {
    const statuses = ['solved', 'failed', 'aborted', 'interrupted', 'error', 'running'] as const;
    const briefArb = fc.record({
      order: fc.integer({ min: 0, max: planned.length - 1 }),
      status: fc.constantFrom(...statuses),
      turnsDone: fc.integer({ min: 0, max: 2 }),
      startedAt: fc.integer({ min: 0, max: 100 }),
    });
    fc.assert(
      fc.property(fc.array(briefArb, { maxLength: 15 }), (briefs) => {
        const list = briefs.map((b, i) => stored(b.order, b.status, b.turnsDone, `id${i}`, b.startedAt));
        const plan = planRun(planned, list);
        const keys = [...plan.done.map((p) => p.runKey), ...plan.pending.map((p) => p.planned.runKey)];
        expect(keys.sort()).toEqual(planned.map((p) => p.runKey).sort());
        const completedKeys = new Set(
          list
            .filter((e) => e.status === 'solved' || e.status === 'failed')
            .map((e) => planned[briefs[list.indexOf(e)]!.order]!.runKey),
        );
        for (const p of plan.pending) expect(completedKeys.has(p.planned.runKey)).toBe(false);
        // After discarding, at most one stored episode per run key is left.
        const kept = list.filter((e) => !plan.discard.includes(e));
        const keptKeys = kept.map((e) => planned.find((p) => p.config === e.config)!.runKey);
        expect(new Set(keptKeys).size).toBe(keptKeys.length);
        // A continued episode is never discarded.
        for (const p of plan.pending) if (p.continueFrom) expect(plan.discard).not.toContain(p.continueFrom);
      }),
    );
  });
});
