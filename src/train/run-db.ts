/**
 * The training runs' own IndexedDB database (`plasticity-lab-train`), apart from the lab's store so
 * neither schema depends on the other: a run's record (recipe, model, loss history) and its latest
 * checkpoint, written together in one transaction, so what a reload finds is always one consistent
 * save. A full disk aborts that transaction: the error says so and the save before it is intact.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { isQuotaError } from '../core/quota-error';
import { TrainStorageFullError } from './errors';
import type { RunRecord } from './train-api';

/** The database's name. */
export const TRAIN_DB_NAME = 'plasticity-lab-train';
const TRAIN_DB_VERSION = 1;

/** A run's latest checkpoint (`saveCheckpoint` bytes, optimizer included). */
interface StoredCheckpoint {
  runId: string;
  step: number;
  bytes: Uint8Array<ArrayBuffer>;
}

interface TrainDbSchema extends DBSchema {
  runs: { key: string; value: RunRecord };
  checkpoints: { key: string; value: StoredCheckpoint };
}

/** The runs and their checkpoints. */
export class RunDb {
  private constructor(private readonly db: IDBPDatabase<TrainDbSchema>) {}

  /** Opens (creating on first use) the database; `name` for tests. */
  static async open(name = TRAIN_DB_NAME): Promise<RunDb> {
    const db = await openDB<TrainDbSchema>(name, TRAIN_DB_VERSION, {
      upgrade(database) {
        database.createObjectStore('runs', { keyPath: 'id' });
        database.createObjectStore('checkpoints', { keyPath: 'runId' });
      },
    });
    return new RunDb(db);
  }

  /** Every run, newest first. */
  async runs(): Promise<RunRecord[]> {
    const all = await this.db.getAll('runs');
    return all.sort((a, b) => b.createdAt - a.createdAt);
  }

  run(id: string): Promise<RunRecord | undefined> {
    return this.db.get('runs', id);
  }

  /** The bytes of a run's latest checkpoint, or null when it has none. */
  async checkpoint(id: string): Promise<Uint8Array<ArrayBuffer> | null> {
    return (await this.db.get('checkpoints', id))?.bytes ?? null;
  }

  /**
   * Writes `record` and, with it, its checkpoint `bytes` (absent: the record alone), all or nothing.
   * @throws {TrainStorageFullError} on a full disk; what was saved before is unchanged.
   */
  async save(record: RunRecord, bytes?: Uint8Array<ArrayBuffer>): Promise<void> {
    const before = await this.db.get('runs', record.id);
    const tx = this.db.transaction(['runs', 'checkpoints'], 'readwrite');
    const requests: Promise<unknown>[] = [];
    try {
      requests.push(tx.objectStore('runs').put(record));
      if (bytes)
        requests.push(tx.objectStore('checkpoints').put({ runId: record.id, step: record.step, bytes }));
      await Promise.all([...requests, tx.done]);
    } catch (error) {
      // The other requests fail with the abort: that is this error, not another one to report.
      for (const request of requests) request.catch(() => undefined);
      // A request that failed leaves the transaction to abort; its error is the quota one.
      try {
        tx.abort();
      } catch {
        // Already aborted.
      }
      await tx.done.catch(() => undefined);
      if (isQuotaError(error) || isQuotaError(tx.error))
        throw new TrainStorageFullError(record.step, before ? before.step : null, { cause: error });
      throw error;
    }
  }

  /** Deletes a run and its checkpoint. */
  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['runs', 'checkpoints'], 'readwrite');
    await Promise.all([tx.objectStore('runs').delete(id), tx.objectStore('checkpoints').delete(id), tx.done]);
  }

  close(): void {
    this.db.close();
  }
}
