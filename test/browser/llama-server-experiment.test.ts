/**
 * The lab's scale-out path on the real thing: llama.cpp's llama-server (started by the browser project's
 * global setup, 4 slots, the real SmolLM2 model) behind the OpenAI engine, with "4 requests at once". An
 * experiment runs 4 episodes at once to completion, each planned episode once, with real usage stored
 * (cached prompt tokens included). A missing server or model fails with the message saying how to get it.
 */
import { describe, expect, inject, it } from 'vitest';
import { defaultDesign, runKey, type ExperimentProgress } from '../../src/core/experiment';
import { storeOnlyLab } from '../helpers/lab-services';
import type { LabStore } from '../../src/store';

describe('an experiment against a real llama-server', () => {
  it('runs 4 episodes at once to completion, each planned episode once', { timeout: 300_000 }, async () => {
    const llama = inject('llamaServer');
    if (llama.error !== undefined) throw new Error(llama.error);
    const stores: LabStore[] = [];
    const lab = storeOnlyLab(`llama-server-experiment-${Date.now()}`, {
      appVersion: 'test',
      onOpen: (s) => stores.push(s),
    });
    try {
      const modelId = await lab.connectServer({
        baseUrl: `${llama.url}/v1`,
        model: llama.model,
        concurrency: 4,
      });
      const id = await lab.createExperiment(
        defaultDesign({
          name: 'parallel on llama-server',
          envIds: ['arithmetic'],
          presets: ['starter'],
          conditions: [{ kind: 'retry' }, { kind: 'rule-teacher', level: 1 }],
          studentModels: [modelId],
          tasks: 4,
          turnBudget: 2,
          maxTokens: 48,
        }),
      );
      const seen: ExperimentProgress[] = [];
      const final = await lab.runExperiment(id, (p) => seen.push(p));
      expect(final).toMatchObject({ state: 'done', done: 8, total: 8, concurrency: 4, running: [] });
      // Four were in flight together, each past its start (its request sent).
      expect(seen.some((p) => p.running.length === 4 && p.running.every((r) => r.turn >= 1))).toBe(true);

      const episodes = (await lab.queryHistory({ experimentId: id, limit: 500 })).rows;
      expect(episodes).toHaveLength(8);
      expect(new Set(episodes.map((e) => runKey(e.config))).size).toBe(8);
      const stored = await Promise.all(episodes.map((e) => lab.getEpisode(e.id)));
      const turns = stored.flatMap((s) => s?.turns ?? []);
      expect(turns.every((t) => (t.studentUsage?.completionTokens ?? 0) > 0)).toBe(true);
      expect(turns.every((t) => t.attempt.length > 0)).toBe(true);
      // llama-server says how much of each prompt it had cached, on every turn.
      expect(turns.every((t) => typeof t.studentUsage?.cachedPromptTokens === 'number')).toBe(true);
      // A second attempt can reuse its first. Not every one does: with 4 requests in flight the server gives
      // a retry whichever slot is idle, and another episode may have taken the slot holding its first turn
      // (then only the shared system prompt is cached). So at least one, not all.
      const second = turns.filter((t) => t.turn === 2);
      expect(second.length).toBeGreaterThan(0);
      const reused = second.filter(
        (t) => t.studentUsage!.cachedPromptTokens! > t.studentUsage!.promptTokens! / 2,
      );
      expect(reused.length).toBeGreaterThan(0);
    } finally {
      for (const s of stores) s.close();
    }
  });
});
