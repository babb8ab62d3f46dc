/**
 * Custom web-llm model records in the lab worker's service on real IndexedDB: kept in the store's
 * `customModels` object store, so a reload (a new service over the same database) lists and loads
 * them; a stored record this build cannot use is left out and left stored; a record the store cannot
 * keep still works for the session and says it will be gone after a reload.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelRecordLike } from '../../src/engines/webllm/model-catalog';
import { LabService } from '../../src/lab/lab-service';
import { StoreError, openLabStore, type LabStore } from '../../src/store';
import { ScriptedEngine } from '../helpers/scripted-engine';
import { softwarePreflight } from '../helpers/lab-services';

const prebuilt: ModelRecordLike[] = [
  { model_id: 'double-q4f32_1-MLC', model: 'http://localhost/double/', model_lib: 'double.wasm' },
];
const custom: ModelRecordLike = {
  model_id: 'School-SmolLM2-q4f32_1-MLC',
  model: 'http://school.local/models/SmolLM2/resolve/main/',
  model_lib: 'http://school.local/libs/SmolLM2-webgpu.wasm',
};

const stores: LabStore[] = [];
const names: string[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) store.close();
  for (const name of names.splice(0)) indexedDB.deleteDatabase(name);
});

/** A service over database `name` (a reload is a new service over the same name); `loads` hears loads. */
function service(
  name: string,
  loads: ModelRecordLike[] = [],
  openStore?: () => Promise<LabStore>,
): LabService {
  return new LabService({
    openStore:
      openStore ??
      (async () => {
        const store = await openLabStore({ name });
        stores.push(store);
        return store;
      }),
    records: async () => prebuilt,
    loadEngine: async (record) => {
      loads.push(record);
      return { engine: new ScriptedEngine([]), unload: async () => undefined };
    },
    preflight: async () => softwarePreflight('test'),
    appVersion: 'test',
  });
}

function freshName(): string {
  const name = `custom-models-test-${crypto.randomUUID()}`;
  names.push(name);
  return name;
}

describe('custom models', () => {
  it('a custom record added before a reload is listed and loads after it', async () => {
    const name = freshName();
    const before = service(name);
    expect((await before.addCustomModel(custom)).id).toBe(custom.model_id);

    const loads: ModelRecordLike[] = [];
    const after = service(name, loads);
    const ids = (await after.models()).map((m) => m.id);
    expect(ids).toContain(custom.model_id);
    expect(ids).toContain('double-q4f32_1-MLC');
    await after.loadModel(custom.model_id);
    expect(loads.map((r) => [r.model_id, r.model, r.model_lib])).toEqual([
      [custom.model_id, custom.model, custom.model_lib],
    ]);
    expect(await after.loadedModels()).toEqual([custom.model_id]);
  });

  it('adding a record again under the same id replaces the stored one', async () => {
    const name = freshName();
    const lab = service(name);
    await lab.addCustomModel(custom);
    const moved = { ...custom, model: 'http://mirror.local/models/SmolLM2/resolve/main/' };
    await lab.addCustomModel(moved);
    expect((await lab.models()).filter((m) => m.id === custom.model_id)).toHaveLength(1);

    const loads: ModelRecordLike[] = [];
    const after = service(name, loads);
    expect((await after.models()).filter((m) => m.id === custom.model_id)).toHaveLength(1);
    await after.loadModel(custom.model_id);
    expect(loads.map((r) => r.model)).toEqual([moved.model]);
  });

  it('a stored record this build cannot load is left out of the list and kept in the store', async () => {
    const name = freshName();
    const store = await openLabStore({ name });
    stores.push(store);
    const relative = {
      id: 'Relative',
      kind: 'webllm',
      record: { model_id: 'Relative', model: 'models/x/', model_lib: 'x.wasm' },
    };
    const otherKind = { id: 'later.gguf', kind: 'gguf', url: 'http://school.local/later.gguf' };
    const noRecord = { id: 'Bare' };
    for (const record of [relative, otherKind, noRecord]) await store.putCustomModel(record);

    const lab = service(name);
    const ids = (await lab.models()).map((m) => m.id);
    expect(ids).toEqual(['double-q4f32_1-MLC']);
    await expect(lab.loadModel('Relative')).rejects.toMatchObject({ name: 'UnknownModelError' });
    // Adding another leaves them as they are.
    await lab.addCustomModel(custom);
    const kept = await store.listCustomModels();
    expect(kept.map((r) => r.id).sort()).toEqual(['Bare', 'Relative', custom.model_id, 'later.gguf'].sort());
    expect(kept.find((r) => r.id === 'Relative')).toEqual(relative);
    expect(kept.find((r) => r.id === 'later.gguf')).toEqual(otherKind);
  });

  it('a record the store cannot keep works until a reload, and the error says so', async () => {
    const closed = async (): Promise<LabStore> => {
      throw new StoreError('This browser offers no IndexedDB.');
    };
    const loads: ModelRecordLike[] = [];
    const lab = service(freshName(), loads, closed);
    const error = await lab.addCustomModel(custom).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'CustomModelNotSavedError' });
    expect((error as Error).message).toContain(`${custom.model_id} is in the model list for now`);
    expect((error as Error).message).toContain('This browser offers no IndexedDB.');
    expect((error as Error).message).toContain('gone after a reload');
    expect((await lab.models()).map((m) => m.id)).toContain(custom.model_id);
    await lab.loadModel(custom.model_id);
    expect(loads.map((r) => r.model_id)).toEqual([custom.model_id]);
  });
});
