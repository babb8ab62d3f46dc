/**
 * A model trained in this browser, in real Chromium: trained a few steps here (jax-js on WebAssembly),
 * saved as a weights-only safetensors file, loaded into the lab as the "trained in this browser"
 * engine, and run through the lab's episode API as the student of a whole rule-teacher episode,
 * which is stored in IndexedDB with its turns. A file that is no checkpoint is refused by name.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildDataset, renderTraining } from '../../src/core/didactic';
import { environments } from '../../src/core/envs';
import { defaultEpisodeConfig } from '../../src/core/protocol';
import type { LabEvent } from '../../src/lab/lab-api';
import type { LabStore } from '../../src/store';
import { startBackend } from '../../src/train/backend';
import { packBatch } from '../../src/train/batch';
import { Trainer } from '../../src/train/trainer';
import { storeOnlyLab } from '../helpers/lab-services';

const stores: LabStore[] = [];
const names: string[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const n of names.splice(0)) indexedDB.deleteDatabase(n);
});

function lab() {
  const name = `trained-model-${crypto.randomUUID()}`;
  names.push(name);
  return storeOnlyLab(name, { appVersion: 'test', onOpen: (s) => stores.push(s) });
}

async function trainedFile(): Promise<Blob> {
  await startBackend('wasm');
  const model = { vocabSize: 258, context: 256, layers: 1, dModel: 32, heads: 2, mlpRatio: 2 };
  const data = buildDataset({
    kind: 'didactic',
    envs: ['arithmetic'],
    preset: 'starter',
    levels: [2],
    seed: 8,
    budget: 8_000,
    maxBytes: 256,
  } as never);
  const examples = data.examples.map((e) => renderTraining(e.messages, e.trained));
  const trainer = Trainer.create({ model, seed: 2 });
  for (let step = 0; step < 3; step++)
    await trainer.trainOn(packBatch(examples.slice(step * 4, step * 4 + 4), 256), 3e-3);
  const bytes = await trainer.save({ weightsOnly: true });
  trainer.dispose();
  return new Blob([bytes]);
}

describe('a model trained in this browser', () => {
  it('loads as an engine and plays a whole episode through the lab, stored with its turns', async () => {
    const service = lab();
    const id = await service.loadTrainedModel(await trainedFile(), 'tiny');
    expect(id).toBe('trained: tiny');
    const config = defaultEpisodeConfig('arithmetic', {
      preset: 'starter',
      params: environments.arithmetic!.presets.starter,
      condition: { kind: 'rule-teacher', level: 2 },
      student: { kind: 'model', modelId: id },
      turnBudget: 2,
      studentSampling: { temperature: 0.8, seed: 3, maxTokens: 20 },
    });
    const events: LabEvent[] = [];
    const result = await service.runEpisode(config, (e) => events.push(e));
    expect(['solved', 'failed']).toContain(result.outcome);
    expect(result.savedTurns).toBe(result.turns);
    const stored = await service.getEpisode(result.episodeId);
    expect(stored?.episode.studentModel).toBe('trained: tiny');
    expect(stored?.turns).toHaveLength(result.turns);
    expect(events.some((e) => 'type' in e && e.type === 'student-token')).toBe(true);
    await service.unloadModel(id);
  }, 120_000);

  it('refuses a file that is not a checkpoint, saying so', async () => {
    const service = lab();
    await expect(service.loadTrainedModel(new Blob(['not safetensors at all']), 'x')).rejects.toThrow(
      /safetensors|checkpoint/i,
    );
  }, 60_000);
});
