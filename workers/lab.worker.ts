/**
 * The lab worker: models, the episode protocol and the store live here, off the main thread.
 * The page reaches it only through the comlink-exposed `LabApi`.
 */
import * as Comlink from 'comlink';
import { LabService } from '../src/lab/lab-service';
import { holdForLife } from '../src/lab/worker-life';
import { lifeLockName } from '../src/core/worker-names';
import { loadWebLlmEngine, prebuiltRecords } from '../src/engines/webllm/loader';
import { loadWllamaEngine } from '../src/engines/wllama/loader';
import { deleteWebLlmModel, isWebLlmModelCached } from '../src/engines/webllm/cache';
import { openLabStore } from '../src/store';
import { useCodeSandboxHost } from '../src/core/envs/code';
import { WorkerSandboxHost } from '../src/sandbox/worker-host';

// First, before anything can fail: the page learns of this worker's end when this lock comes free.
const lifeLock = lifeLockName(self.name);
if (lifeLock !== null) holdForLife(lifeLock);

// Student code runs in a worker of its own with a deadline, never in this one.
useCodeSandboxHost(
  new WorkerSandboxHost({
    // Vite bundles the worker only when it sees exactly `new Worker(new URL(..., import.meta.url))`.
    spawn: () =>
      new Worker(new URL('./sandbox.worker.ts', import.meta.url), { type: 'module', name: 'code-sandbox' }),
  }),
);

const service = new LabService({
  openStore: (events) => openLabStore(events),
  records: prebuiltRecords,
  loadEngine: loadWebLlmEngine,
  loadGguf: loadWllamaEngine,
  webllmCache: { has: isWebLlmModelCached, delete: deleteWebLlmModel },
  appVersion: __APP_VERSION__,
});

Comlink.expose(service);
