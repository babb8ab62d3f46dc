/**
 * A LabService whose one model is `engine` under `modelId` (loaded), over the store `openStore`
 * opens: the lab's whole path with nothing of a real model in it. Shared by the benchmarks that time
 * the lab's own cost (lab-overhead, experiment-page).
 */
import type { Engine } from '../../src/core/engine';
import type { ModelRecordLike } from '../../src/engines/webllm/model-catalog';
import { LabService } from '../../src/lab/lab-service';
import type { LabStore } from '../../src/store';
import { softwarePreflight } from '../../test/helpers/lab-services';

/** The lab, with `engine` loaded as `modelId`. */
export async function instantLab(
  modelId: string,
  engine: Engine,
  openStore: () => Promise<LabStore>,
): Promise<LabService> {
  const record: ModelRecordLike = {
    model_id: modelId,
    model: 'http://localhost/instant/',
    model_lib: 'x.wasm',
  };
  const lab = new LabService({
    openStore,
    records: async () => [record],
    loadEngine: async () => ({ engine, unload: async () => undefined }),
    loadGguf: async () => {
      throw new Error('no GGUF models in this benchmark');
    },
    preflight: async () => softwarePreflight('bench'),
    appVersion: 'bench',
  });
  await lab.loadModel(modelId);
  return lab;
}
