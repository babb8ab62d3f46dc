/**
 * LabService set-ups for browser tests and benchmarks: a private real IndexedDB per service, engines
 * replaced by test doubles (or absent), and a fixed preflight report.
 */
import type { PreflightReport } from '../../src/engines/preflight';
import { LabService, type LabServiceDeps } from '../../src/lab/lab-service';
import { openLabStore, type LabStore } from '../../src/store';

/** The preflight of a software WebGPU adapter without shader-f16 (what headless Chromium has here). */
export function softwarePreflight(verdict: string): PreflightReport {
  return {
    webgpu: true,
    problem: null,
    adapter: null,
    shaderF16: false,
    maxBufferSize: 2 ** 30,
    maxStorageBufferBindingSize: 2 ** 30,
    software: true,
    verdict,
  };
}

/**
 * A LabService over its own database `name` that can load no model: for the history, the store and
 * their benchmarks. Every store it opens is handed to `onOpen` (to close it afterwards).
 */
export function storeOnlyLab(
  name: string,
  options: { appVersion: string; clock?: () => number; onOpen?: (store: LabStore) => void },
): LabService {
  const deps: LabServiceDeps = {
    openStore: async () => {
      const store = await openLabStore({ name });
      options.onOpen?.(store);
      return store;
    },
    records: async () => [],
    loadEngine: async () => {
      throw new Error('This lab has no engines: it is for the store and the history.');
    },
    appVersion: options.appVersion,
  };
  if (options.clock) deps.clock = options.clock;
  return new LabService(deps);
}
