/** Opening (and upgrading) the lab's database. */
import { wrap, type IDBPDatabase, type IDBPTransaction } from 'idb';
import { DB_NAME } from './constants';
import {
  StorageFullError,
  StoreBlockedError,
  StoreError,
  StoreUpgradeError,
  StoreVersionError,
  isQuotaError,
  toStoreError,
} from './errors';
import { LabStore, type LabStoreEvents } from './lab-store';
import { UPGRADE_STEPS, runUpgradeSteps, type UpgradeStep } from './migrations';
import type { LabDbSchema } from './schema';

export interface OpenLabStoreOptions extends LabStoreEvents {
  /** Database name; DB_NAME by default (tests pass their own). */
  name?: string;
  /** The IndexedDB factory; `globalThis.indexedDB` by default (tests pass fake-indexeddb's). */
  factory?: IDBFactory;
  /**
   * Called when the upgrade waits for other tabs to close their connections; the open then resumes by
   * itself once they do. Without it, a blocked open rejects with StoreBlockedError at once.
   */
  onBlocked?: (error: StoreBlockedError) => void;
  /**
   * Upgrade steps; UPGRADE_STEPS by default. The schema version opened is `steps.length`. Tests pass
   * a prefix (to write data as an older version did) or an extra step (to test the next migration).
   */
  steps?: readonly UpgradeStep[];
}

/**
 * Open the lab's database, creating or upgrading it as needed, and wrap it in a LabStore.
 * @throws {StoreBlockedError} when other tabs block the upgrade and no `onBlocked` was given.
 * @throws {StoreVersionError} when the database on disk is newer than this app.
 * @throws {StoreUpgradeError} when an upgrade step fails (the database keeps its old version and data).
 * @throws {StorageFullError} when the quota is too full to upgrade.
 * @throws {StoreError} when IndexedDB is missing or refuses to open.
 */
export async function openLabStore(options: OpenLabStoreOptions = {}): Promise<LabStore> {
  const db = await openLabDatabase(options);
  return new LabStore(db, options);
}

/**
 * The opening step of `openLabStore`, without the LabStore wrapper (for upgrade tests and tools).
 * @throws as `openLabStore`.
 */
export function openLabDatabase(options: OpenLabStoreOptions = {}): Promise<IDBPDatabase<LabDbSchema>> {
  const name = options.name ?? DB_NAME;
  const steps = options.steps ?? UPGRADE_STEPS;
  const factory = options.factory ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (factory === undefined) {
    return Promise.reject(
      new StoreError(
        'This browser offers no IndexedDB (some private-browsing modes turn it off), so episodes cannot ' +
          'be saved. Open the lab in a normal window.',
      ),
    );
  }

  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name, steps.length);
    } catch (error) {
      reject(toStoreError(error, 'open the stored history'));
      return;
    }
    let settled = false;
    let upgrade: { from: number; to: number; error?: unknown } | null = null;

    request.onupgradeneeded = (event) => {
      const from = event.oldVersion;
      const to = event.newVersion ?? steps.length;
      upgrade = { from, to };
      const state = upgrade;
      const rawTx = request.transaction;
      if (rawTx === null) return;
      const db = wrap(request.result) as unknown as IDBPDatabase<unknown>;
      const tx = wrap(rawTx) as unknown as IDBPTransaction<unknown, string[], 'versionchange'>;
      // idb makes a `done` promise for every wrapped transaction; the open request reports failure.
      tx.done.catch(() => undefined);
      runUpgradeSteps(steps, db, tx, from, to).catch((error: unknown) => {
        // Aborting the versionchange transaction rolls back every step and fails the open request.
        state.error = error;
        try {
          rawTx.abort();
        } catch {
          // Already finished.
        }
      });
    };

    request.onblocked = () => {
      const error = new StoreBlockedError();
      if (options.onBlocked !== undefined) {
        options.onBlocked(error);
        return;
      }
      settled = true;
      reject(error);
    };

    request.onsuccess = () => {
      const raw = request.result;
      if (settled) {
        // We already gave up on this open (blocked without onBlocked); do not leak the connection.
        raw.close();
        return;
      }
      settled = true;
      resolve(wrap(raw) as unknown as IDBPDatabase<LabDbSchema>);
    };

    request.onerror = (event) => {
      // Handled here; keep it from reaching window.onerror as an unhandled IndexedDB error.
      event.preventDefault();
      if (settled) return;
      settled = true;
      const error = request.error;
      const failed = upgrade as { from: number; to: number; error?: unknown } | null;
      if (isQuotaError(failed?.error) || isQuotaError(error)) {
        reject(new StorageFullError({ cause: failed?.error ?? error }));
      } else if (failed?.error !== undefined) {
        reject(new StoreUpgradeError(failed.from, failed.to, { cause: failed.error }));
      } else if (error?.name === 'VersionError') {
        reject(new StoreVersionError({ cause: error }));
      } else {
        reject(toStoreError(error, 'open the stored history'));
      }
    };
  });
}
