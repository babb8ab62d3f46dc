/**
 * The lab worker: models, the episode protocol and the store live here, off the main thread.
 * The page reaches it only through the comlink-exposed `LabApi`.
 */
import * as Comlink from 'comlink';
import { LabService } from '../src/lab/lab-service';
import { loadWebLlmEngine, prebuiltRecords } from '../src/engines/webllm-loader';
import { loadWllamaEngine } from '../src/engines/wllama-loader';
import { deleteWebLlmModel, isWebLlmModelCached } from '../src/engines/webllm-cache';
import { openLabStore } from '../src/store';

const service = new LabService({
  openStore: () => openLabStore(),
  records: prebuiltRecords,
  loadEngine: loadWebLlmEngine,
  loadGguf: loadWllamaEngine,
  webllmCache: { has: isWebLlmModelCached, delete: deleteWebLlmModel },
  appVersion: __APP_VERSION__,
});

Comlink.expose(service);
