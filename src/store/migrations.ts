/**
 * Versioned schema upgrades. `UPGRADE_STEPS[v]` takes a database at version `v` to `v + 1` (step 0
 * creates version 1 from nothing), so schema v2 is one more entry. Steps run inside the single
 * `versionchange` transaction: if any throws, the browser rolls the whole upgrade back and the
 * database stays at its old version with its data intact.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import { EPISODE_INDEXES, STORES, TURN_INDEXES } from './constants';

/**
 * One upgrade step. It may read and rewrite existing records through `tx` (async work is fine as long
 * as it awaits only IndexedDB requests, or the transaction commits early).
 */
export type UpgradeStep = (
  db: IDBPDatabase<unknown>,
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
) => void | Promise<void>;

/** Version 0 → 1: the initial stores and indexes. */
export const createSchemaV1: UpgradeStep = (db) => {
  db.createObjectStore(STORES.experiments, { keyPath: 'id' });

  const episodes = db.createObjectStore(STORES.episodes, { keyPath: 'id' });
  // experimentId is null for stand-alone episodes; null is not a valid key, so they stay out of this index.
  episodes.createIndex(EPISODE_INDEXES.experimentId, 'experimentId');
  episodes.createIndex(EPISODE_INDEXES.envId, 'envId');
  episodes.createIndex(EPISODE_INDEXES.conditionKind, 'conditionKind');
  episodes.createIndex(EPISODE_INDEXES.studentModel, 'studentModel');
  episodes.createIndex(EPISODE_INDEXES.status, 'status');
  episodes.createIndex(EPISODE_INDEXES.startedAt, 'startedAt');
  episodes.createIndex(EPISODE_INDEXES.envCondition, ['envId', 'conditionKind', 'startedAt']);

  const turns = db.createObjectStore(STORES.turns, { keyPath: ['episodeId', 'turn'] });
  turns.createIndex(TURN_INDEXES.episodeId, 'episodeId');

  db.createObjectStore(STORES.settings, { keyPath: 'key' });
  db.createObjectStore(STORES.customModels, { keyPath: 'id' });
};

/** The app's upgrade steps; its length is the schema version (SCHEMA_VERSION). */
export const UPGRADE_STEPS: readonly UpgradeStep[] = [createSchemaV1];

/**
 * Run the steps that take a database from `oldVersion` to `newVersion`, in order.
 * @throws {RangeError} when `steps` has no step for a version in between.
 */
export async function runUpgradeSteps(
  steps: readonly UpgradeStep[],
  db: IDBPDatabase<unknown>,
  tx: IDBPTransaction<unknown, string[], 'versionchange'>,
  oldVersion: number,
  newVersion: number,
): Promise<void> {
  for (let version = oldVersion; version < newVersion; version++) {
    const step = steps[version];
    if (step === undefined) throw new RangeError(`No upgrade step from schema version ${version}.`);
    await step(db, tx);
  }
}
