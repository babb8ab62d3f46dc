/** The lab's episode store (IndexedDB through idb). Used by the lab worker only; the UI goes through LabApi. */
export { DB_NAME, SCHEMA_VERSION, STORES, EPISODE_INDEXES } from './constants';
export * from './errors';
export {
  checkEstimate,
  estimateStorage,
  NEARLY_FULL_SHARE,
  shareUsed,
  type BrowserEstimate,
  type StorageEstimateResult,
} from './estimate';
export {
  LabStore,
  type CreateEpisodeInput,
  type FinishEpisodeInput,
  type ImportEpisodesResult,
  type LabStoreEvents,
  type MarkInterruptedOptions,
} from './lab-store';
export {
  UPGRADE_STEPS,
  createSchemaV1,
  transcriptsV2,
  runUpgradeSteps,
  type UpgradeStep,
} from './migrations';
export { openLabDatabase, openLabStore, type OpenLabStoreOptions } from './open';
export type * from './records';
export type { LabDbSchema } from './schema';
export {
  EXPORT_KIND,
  episodeLine,
  exportEpisodesJsonl,
  headerLine,
  jsonlBlob,
  JSONL_TYPE,
  parseEpisodesJsonl,
  type ExportHeader,
  type JsonlProblem,
  type ParseEpisodesResult,
} from './jsonl';
export {
  exportHistory,
  exportTrainingData,
  importHistory,
  type ExportHistoryOptions,
  type ImportHistoryResult,
  type TrainingExport,
} from './transfer';
