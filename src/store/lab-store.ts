/**
 * The lab's episode store over an open IndexedDB connection (see `openLabStore`). Each public method is
 * one transaction, so a write either happens whole or not at all, and every error is a StoreError.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { EpisodeConfig, EpisodeOutcome, TurnRecord } from '../core/protocol/types';
import type { Task } from '../core/envs/types';
import { EPISODE_INDEXES, STORES, TURN_INDEXES } from './constants';
import {
  DuplicateEpisodeError,
  EpisodeNotFoundError,
  EpisodeNotRunningError,
  StoreClosedError,
  StoreError,
  StoreInputError,
  TurnConflictError,
  TurnOrderError,
  isQuotaError,
  toStoreError,
} from './errors';
import { newId } from './ids';
import type {
  CustomModelRecord,
  EpisodeRecord,
  EpisodeStatus,
  EpisodeWithTurns,
  ExperimentRecord,
  StoredTurn,
} from './records';
import type { LabDbSchema } from './schema';

type Names = StoreNames<LabDbSchema>;
type Tx<Mode extends IDBTransactionMode> = IDBPTransaction<LabDbSchema, Names[], Mode>;

export interface CreateEpisodeInput {
  /** A fresh random UUID when absent. */
  id?: string;
  config: EpisodeConfig;
  task: Task;
  startedAt: number;
  experimentId?: string | null;
  appVersion: string;
}

export interface FinishEpisodeInput {
  status: EpisodeOutcome;
  /** The turn that solved it; non-null exactly when status is 'solved'. */
  solvedAtTurn: number | null;
  endedAt: number;
  error?: string;
}

export interface ListEpisodesQuery {
  envId?: string;
  conditionKind?: string;
  status?: EpisodeStatus;
  experimentId?: string;
  studentModel?: string;
  /** At most this many episodes (all when absent). */
  limit?: number;
  /** By startedAt; 'newest' first by default. */
  order?: 'newest' | 'oldest';
}

export interface MarkInterruptedOptions {
  /**
   * Ids of running episodes to leave alone: those another live tab is still running (its worker holds
   * a Web Lock per running episode; query `navigator.locks` before calling).
   */
  keep?: Iterable<string>;
}

export interface LabStoreEvents {
  /** Another tab opened a newer schema version (or deleted the database); this connection is now closed. */
  onClosedByOtherTab?: (info: { newVersion: number | null }) => void;
  /** The browser closed the connection abnormally (storage cleared, disk failure). */
  onTerminated?: () => void;
}

export interface ImportEpisodesResult {
  imported: number;
  /** Episodes left out because their id was already stored. */
  skipped: number;
  skippedIds: string[];
}

type ClosedReason = 'closed' | 'other-tab' | 'terminated';

export class LabStore {
  #db: IDBPDatabase<LabDbSchema>;
  #closed: ClosedReason | null = null;

  /** Use `openLabStore`; this takes an already-open, already-upgraded connection. */
  constructor(db: IDBPDatabase<LabDbSchema>, events: LabStoreEvents = {}) {
    this.#db = db;
    // Let an upgrade in another tab proceed instead of blocking it: close and tell the UI.
    db.addEventListener('versionchange', (event) => {
      db.close();
      this.#closed ??= 'other-tab';
      events.onClosedByOtherTab?.({ newVersion: event.newVersion });
    });
    db.addEventListener('close', () => {
      this.#closed ??= 'terminated';
      events.onTerminated?.();
    });
  }

  /** The database name. */
  get name(): string {
    return this.#db.name;
  }

  /** The schema version of the open database. */
  get version(): number {
    return this.#db.version;
  }

  /** False once closed by `close()`, another tab or the browser; every call then throws StoreClosedError. */
  get isOpen(): boolean {
    return this.#closed === null;
  }

  /**
   * Store a new running episode with no turns.
   * @throws {StoreInputError} when the task belongs to another environment than the config.
   * @throws {DuplicateEpisodeError} when the id is taken.
   * @throws {StorageFullError} when the quota is used up.
   */
  async createEpisode(input: CreateEpisodeInput): Promise<EpisodeRecord> {
    const { config, task } = input;
    if (task.envId !== config.envId) {
      throw new StoreInputError(
        `The task is from environment '${task.envId}' but the episode config names '${config.envId}'.`,
      );
    }
    const record: EpisodeRecord = {
      id: input.id ?? newId(),
      experimentId: input.experimentId ?? null,
      config,
      task,
      status: 'running',
      solvedAtTurn: null,
      turnsDone: 0,
      startedAt: input.startedAt,
      endedAt: null,
      appVersion: input.appVersion,
      schemaVersion: this.#db.version,
      envId: config.envId,
      conditionKind: config.condition.kind,
      studentModel: config.student.kind === 'human' ? 'human' : config.student.modelId,
    };
    return this.#run([STORES.episodes], 'readwrite', 'save the new episode', async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      if ((await episodes.getKey(record.id)) !== undefined) throw new DuplicateEpisodeError(record.id);
      await episodes.add(record);
      return record;
    });
  }

  /**
   * Store one finished turn and count it, atomically. Writing a turn that is already stored, with the
   * same content, changes nothing (so a retried write is harmless).
   * @throws {TurnOrderError} when the turn number skips ahead (or is not a whole number ≥ 1).
   * @throws {TurnConflictError} when it rewrites a stored turn with different content.
   * @throws {EpisodeNotFoundError} / {EpisodeNotRunningError} when the episode is missing or has ended.
   * @throws {StorageFullError} when the quota is used up; earlier turns stay stored.
   */
  async appendTurn(episodeId: string, turn: TurnRecord): Promise<EpisodeRecord> {
    const action = `save turn ${turn.turn} of episode ${episodeId}`;
    return this.#run(
      [STORES.episodes, STORES.turns],
      'readwrite',
      action,
      async (tx) => {
        const episodes = tx.objectStore(STORES.episodes);
        const turns = tx.objectStore(STORES.turns);
        const episode = await episodes.get(episodeId);
        if (episode === undefined) throw new EpisodeNotFoundError(episodeId);
        if (episode.status !== 'running') {
          throw new EpisodeNotRunningError(episodeId, episode.status, `store turn ${turn.turn}`);
        }
        const n = turn.turn;
        if (!Number.isInteger(n) || n < 1 || n > episode.turnsDone + 1) {
          throw new TurnOrderError(episodeId, n, episode.turnsDone);
        }
        const stored: StoredTurn = { ...turn, episodeId };
        if (n <= episode.turnsDone) {
          const existing = await turns.get([episodeId, n]);
          if (existing !== undefined && JSON.stringify(existing) === JSON.stringify(stored)) return episode;
          throw new TurnConflictError(episodeId, n);
        }
        const updated: EpisodeRecord = { ...episode, turnsDone: n };
        // Both writes are issued at once; if one fails the other's rejection (an abort) is expected.
        const putTurn = turns.put(stored);
        putTurn.catch(() => undefined);
        const putEpisode = episodes.put(updated);
        putEpisode.catch(() => undefined);
        await Promise.all([putTurn, putEpisode]);
        return updated;
        // Relaxed durability: committed once the browser has the data (it survives a closed tab or a
        // reload), without waiting for the disk to flush; only an OS crash could lose the last turn.
      },
      'relaxed',
    );
  }

  /**
   * Mark a running episode as ended. Finishing it again with the same outcome changes nothing.
   * @throws {StoreInputError} when solvedAtTurn does not match the status or the stored turns.
   * @throws {EpisodeNotFoundError} / {EpisodeNotRunningError} when missing or already ended differently.
   */
  async finishEpisode(id: string, input: FinishEpisodeInput): Promise<EpisodeRecord> {
    const { status, solvedAtTurn, endedAt, error } = input;
    if ((status === 'solved') !== (solvedAtTurn !== null)) {
      throw new StoreInputError(
        `Episode ${id}: solvedAtTurn must be set exactly when the status is 'solved' ` +
          `(got status '${status}' with solvedAtTurn ${solvedAtTurn}).`,
      );
    }
    return this.#run([STORES.episodes], 'readwrite', `save the end of episode ${id}`, async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      const episode = await episodes.get(id);
      if (episode === undefined) throw new EpisodeNotFoundError(id);
      if (episode.status !== 'running') {
        if (episode.status === status && episode.solvedAtTurn === solvedAtTurn) return episode;
        throw new EpisodeNotRunningError(id, episode.status, `mark it '${status}'`);
      }
      if (
        solvedAtTurn !== null &&
        !(Number.isInteger(solvedAtTurn) && solvedAtTurn >= 1 && solvedAtTurn <= episode.turnsDone)
      ) {
        throw new StoreInputError(
          `Episode ${id} cannot be solved at turn ${solvedAtTurn}: it has ${episode.turnsDone} stored turns. ` +
            'Store the solving turn before finishing the episode.',
        );
      }
      const updated: EpisodeRecord = { ...episode, status, solvedAtTurn, endedAt };
      if (error !== undefined) updated.error = error;
      await episodes.put(updated);
      return updated;
    });
  }

  /**
   * Mark every episode still 'running' as 'interrupted' (its tab closed or reloaded mid-episode); call it
   * when the worker starts. Their turns stay; endedAt becomes the end of the last stored turn (the last
   * moment the episode is known to have been alive), or startedAt when it has none.
   * @returns how many episodes were marked.
   */
  async markRunningAsInterrupted(options: MarkInterruptedOptions = {}): Promise<number> {
    const keep = new Set(options.keep ?? []);
    return this.#run([STORES.episodes, STORES.turns], 'readwrite', 'mark unfinished episodes', async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      const turns = tx.objectStore(STORES.turns);
      const running = await episodes.index(EPISODE_INDEXES.status).getAll('running');
      let marked = 0;
      for (const episode of running) {
        if (keep.has(episode.id)) continue;
        const last = episode.turnsDone > 0 ? await turns.get([episode.id, episode.turnsDone]) : undefined;
        await episodes.put({
          ...episode,
          status: 'interrupted',
          endedAt: last?.endedAt ?? episode.startedAt,
        });
        marked++;
      }
      return marked;
    });
  }

  /** One episode with its turns in order, or undefined when it is not stored. */
  async getEpisode(id: string): Promise<EpisodeWithTurns | undefined> {
    return this.#run([STORES.episodes, STORES.turns], 'readonly', `read episode ${id}`, async (tx) => {
      return readEpisode(tx, id);
    });
  }

  /** Several episodes with their turns, read in one consistent snapshot; missing ids are left out. */
  async getEpisodes(ids: readonly string[]): Promise<EpisodeWithTurns[]> {
    return this.#run([STORES.episodes, STORES.turns], 'readonly', 'read episodes', async (tx) => {
      // Every request is issued at once: IndexedDB pipelines them, where awaiting each in turn would
      // cost a round trip per request (seconds for thousands of episodes).
      const episodes = tx.objectStore(STORES.episodes);
      const byEpisode = tx.objectStore(STORES.turns).index(TURN_INDEXES.episodeId);
      const [records, turnLists] = await Promise.all([
        Promise.all(ids.map((id) => episodes.get(id))),
        Promise.all(ids.map((id) => byEpisode.getAll(id))),
      ]);
      const found: EpisodeWithTurns[] = [];
      records.forEach((episode, i) => {
        if (episode !== undefined) found.push({ episode, turns: (turnLists[i] ?? []).map(stripEpisodeId) });
      });
      return found;
    });
  }

  /**
   * Episodes (without turns) matching every given filter, ordered by startedAt (newest first by
   * default; ties by id).
   * @throws {StoreInputError} when limit is not a positive whole number.
   */
  async listEpisodes(query: ListEpisodesQuery = {}): Promise<EpisodeRecord[]> {
    const { envId, conditionKind, status, experimentId, studentModel, limit } = query;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
      throw new StoreInputError(`listEpisodes: limit must be a positive whole number (got ${limit}).`);
    }
    const newest = (query.order ?? 'newest') === 'newest';
    const max = limit ?? Infinity;
    const matches = (e: EpisodeRecord): boolean =>
      (envId === undefined || e.envId === envId) &&
      (conditionKind === undefined || e.conditionKind === conditionKind) &&
      (status === undefined || e.status === status) &&
      (experimentId === undefined || e.experimentId === experimentId) &&
      (studentModel === undefined || e.studentModel === studentModel);

    return this.#run([STORES.episodes], 'readonly', 'list episodes', async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      const direction = newest ? 'prev' : 'next';
      // Index paths already ordered by startedAt: walk a cursor and stop at the limit.
      if (
        (envId !== undefined && conditionKind !== undefined) ||
        (envId ?? conditionKind ?? status ?? experimentId ?? studentModel) === undefined
      ) {
        const [index, range] =
          envId !== undefined && conditionKind !== undefined
            ? [
                episodes.index(EPISODE_INDEXES.envCondition),
                IDBKeyRange.bound([envId, conditionKind, -Infinity], [envId, conditionKind, Infinity]),
              ]
            : [episodes.index(EPISODE_INDEXES.startedAt), null];
        if (max === Infinity) {
          // Everything: one getAll (in index order) is far faster than a cursor step per record.
          const all = (await index.getAll(range)).filter(matches);
          return newest ? all.reverse() : all;
        }
        const found: EpisodeRecord[] = [];
        let cursor = await index.openCursor(range, direction);
        while (cursor !== null && found.length < max) {
          if (matches(cursor.value)) found.push(cursor.value);
          cursor = await cursor.continue();
        }
        return found;
      }
      // One exact-match index narrows the candidates; the other filters and the order apply in memory.
      const candidates =
        experimentId !== undefined
          ? await episodes.index(EPISODE_INDEXES.experimentId).getAll(experimentId)
          : envId !== undefined
            ? await episodes.index(EPISODE_INDEXES.envId).getAll(envId)
            : conditionKind !== undefined
              ? await episodes.index(EPISODE_INDEXES.conditionKind).getAll(conditionKind)
              : studentModel !== undefined
                ? await episodes.index(EPISODE_INDEXES.studentModel).getAll(studentModel)
                : await episodes.index(EPISODE_INDEXES.status).getAll(status);
      const sign = newest ? -1 : 1;
      return candidates
        .filter(matches)
        .sort((a, b) => sign * (a.startedAt - b.startedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
        .slice(0, max);
    });
  }

  /**
   * Delete an episode and its turns together.
   * @returns false when it was not stored.
   */
  async deleteEpisode(id: string): Promise<boolean> {
    return this.#run([STORES.episodes, STORES.turns], 'readwrite', `delete episode ${id}`, async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      if ((await episodes.getKey(id)) === undefined) return false;
      await tx.objectStore(STORES.turns).delete(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
      await episodes.delete(id);
      return true;
    });
  }

  /**
   * Write validated episodes (from `parseEpisodesJsonl`) all or nothing, in one transaction. Episodes
   * whose id is already stored are skipped and counted; any failure writes none. An episode exported
   * while still running is stored as 'interrupted', since nothing can continue it.
   * @throws {StorageFullError} when the quota is used up (nothing of the import is kept).
   */
  async importEpisodes(items: readonly EpisodeWithTurns[]): Promise<ImportEpisodesResult> {
    return this.#run(
      [STORES.episodes, STORES.turns],
      'readwrite',
      'import episodes',
      async (tx) => {
        const episodes = tx.objectStore(STORES.episodes);
        const turns = tx.objectStore(STORES.turns);
        const result: ImportEpisodesResult = { imported: 0, skipped: 0, skippedIds: [] };
        const present = new Set<string>(await episodes.getAllKeys());
        // Writes are issued without awaiting each one (IndexedDB runs them in order within the
        // transaction); any failure rejects below and aborts the whole transaction.
        const writes: Promise<unknown>[] = [];
        // Once one write fails, the transaction aborts and every other pending write rejects too:
        // those rejections are expected, and must not surface as unhandled.
        const track = (request: Promise<unknown>) => {
          request.catch(() => undefined);
          writes.push(request);
        };
        for (const { episode, turns: episodeTurns } of items) {
          if (present.has(episode.id)) {
            result.skipped++;
            result.skippedIds.push(episode.id);
            continue;
          }
          const last = episodeTurns.at(-1);
          const record: EpisodeRecord =
            episode.status === 'running'
              ? { ...episode, status: 'interrupted', endedAt: last?.endedAt ?? episode.startedAt }
              : episode;
          track(episodes.add(record));
          for (const turn of episodeTurns) track(turns.put({ ...turn, episodeId: episode.id }));
          present.add(episode.id);
          result.imported++;
        }
        await Promise.all(writes);
        return result;
      },
      'relaxed',
    );
  }

  /** Delete every experiment, episode and turn. Settings and custom models stay. */
  async deleteAll(): Promise<void> {
    const stores = [STORES.experiments, STORES.episodes, STORES.turns] as const;
    await this.#run([...stores], 'readwrite', 'delete the history', async (tx) => {
      for (const name of stores) await tx.objectStore(name).clear();
    });
  }

  /** A setting's value, or undefined when unset. The caller vouches for the type. */
  async getSetting<T = unknown>(key: string): Promise<T | undefined> {
    return this.#run([STORES.settings], 'readonly', `read setting '${key}'`, async (tx) => {
      const record = await tx.objectStore(STORES.settings).get(key);
      return record?.value as T | undefined;
    });
  }

  /** Store a setting (any structured-cloneable value). */
  async putSetting(key: string, value: unknown): Promise<void> {
    await this.#run([STORES.settings], 'readwrite', `save setting '${key}'`, async (tx) => {
      await tx.objectStore(STORES.settings).put({ key, value });
    });
  }

  async deleteSetting(key: string): Promise<void> {
    await this.#run([STORES.settings], 'readwrite', `delete setting '${key}'`, async (tx) => {
      await tx.objectStore(STORES.settings).delete(key);
    });
  }

  async putExperiment(record: ExperimentRecord): Promise<void> {
    await this.#run([STORES.experiments], 'readwrite', `save experiment ${record.id}`, async (tx) => {
      await tx.objectStore(STORES.experiments).put(record);
    });
  }

  async getExperiment(id: string): Promise<ExperimentRecord | undefined> {
    return this.#run([STORES.experiments], 'readonly', `read experiment ${id}`, async (tx) =>
      tx.objectStore(STORES.experiments).get(id),
    );
  }

  /** All experiments, newest first. */
  async listExperiments(): Promise<ExperimentRecord[]> {
    return this.#run([STORES.experiments], 'readonly', 'list experiments', async (tx) => {
      const all = await tx.objectStore(STORES.experiments).getAll();
      return all.sort((a, b) => b.createdAt - a.createdAt);
    });
  }

  async putCustomModel(record: CustomModelRecord): Promise<void> {
    await this.#run([STORES.customModels], 'readwrite', `save custom model ${record.id}`, async (tx) => {
      await tx.objectStore(STORES.customModels).put(record);
    });
  }

  async listCustomModels(): Promise<CustomModelRecord[]> {
    return this.#run([STORES.customModels], 'readonly', 'list custom models', async (tx) =>
      tx.objectStore(STORES.customModels).getAll(),
    );
  }

  async deleteCustomModel(id: string): Promise<void> {
    await this.#run([STORES.customModels], 'readwrite', `delete custom model ${id}`, async (tx) => {
      await tx.objectStore(STORES.customModels).delete(id);
    });
  }

  /** Close the connection; later calls throw StoreClosedError. Safe to call twice. */
  close(): void {
    if (this.#closed === null) this.#closed = 'closed';
    this.#db.close();
  }

  /**
   * Run `fn` in one transaction. Any throw aborts the transaction (so nothing of it is written, even
   * when our own validation threw after a put), and the error comes out as a StoreError. A quota
   * failure often shows up on the request as a plain AbortError while the transaction carries the
   * QuotaExceededError, so the transaction's error wins when it is the quota.
   */
  async #run<T, Mode extends IDBTransactionMode>(
    stores: Names[],
    mode: Mode,
    action: string,
    fn: (tx: Tx<Mode>) => Promise<T>,
    durability: IDBTransactionDurability = 'default',
  ): Promise<T> {
    if (this.#closed !== null) throw new StoreClosedError(this.#closed);
    let tx: Tx<Mode>;
    try {
      tx = this.#db.transaction(stores, mode, { durability });
    } catch (error) {
      throw this.#wrap(error, action);
    }
    const done = tx.done.then(
      () => null,
      (error: unknown) => error ?? new DOMException('Transaction aborted', 'AbortError'),
    );
    try {
      const result = await fn(tx);
      const failure = await done;
      if (failure !== null) throw failure;
      return result;
    } catch (error) {
      try {
        tx.abort();
      } catch {
        // Already committed or aborted.
      }
      const txError = await done;
      throw this.#wrap(isQuotaError(txError) ? txError : error, action);
    }
  }

  #wrap(error: unknown, action: string): StoreError {
    if (this.#closed !== null && !(error instanceof StoreError) && !isQuotaError(error)) {
      return new StoreClosedError(this.#closed, { cause: error });
    }
    return toStoreError(error, action);
  }
}

async function readEpisode(tx: Tx<IDBTransactionMode>, id: string): Promise<EpisodeWithTurns | undefined> {
  const episode = await tx.objectStore(STORES.episodes).get(id);
  if (episode === undefined) return undefined;
  // Index order is (episodeId, primary key [episodeId, turn]), i.e. turn order.
  const stored = await tx.objectStore(STORES.turns).index(TURN_INDEXES.episodeId).getAll(id);
  return { episode, turns: stored.map(stripEpisodeId) };
}

function stripEpisodeId(stored: StoredTurn): TurnRecord {
  const { episodeId: _episodeId, ...turn } = stored;
  return turn;
}
