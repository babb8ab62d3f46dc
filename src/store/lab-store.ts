/**
 * The lab's episode store over an open IndexedDB connection (see `openLabStore`). Each public method is
 * one transaction, so a write either happens whole or not at all, and every error is a StoreError.
 */
import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { EpisodeConfig, EpisodeOutcome, TurnRecord } from '../core/protocol/types';
import type { EndReason } from '../core/protocol/vocabulary';
import type { Task } from '../core/envs/types';
import { EPISODE_INDEXES, STORES } from './constants';
import { settleCutShort } from './cut-short';
import {
  DuplicateEpisodeError,
  EpisodeNotFoundError,
  EpisodeNotRunningError,
  StorageFullError,
  StoreClosedError,
  StoreError,
  StoreInputError,
  TurnConflictError,
  TurnOrderError,
  isQuotaError,
  toStoreError,
} from './errors';
import { readExperiment, storedExperiment } from './experiment-codec';
import { newId } from './ids';
import type {
  CustomModelRecord,
  EpisodeRecord,
  EpisodeFacets,
  EpisodeWithStoredTurns,
  EpisodeWithTurns,
  ExperimentRecord,
  TranscriptRecord,
} from './records';
import type { LabDbSchema } from './schema';
import type { DateSort, IndexedQuery } from '../core/episode-query';
import { countIn, idsIn, listIn } from './query-planner';
import {
  PROMPT_BUILDERS_VERSION,
  compactTurn,
  compactTurns,
  expandTurns,
  type CompactTurn,
} from './transcript-codec';
import { RequestPipeline } from './tx-wait';
import { searchText, turnSearchText } from './search-text';
import { countEpisode, facetsOf, moveStatus, SUMMARY_KEY } from './summary';
import { readSummary } from './summary-tx';
import { pageBySolvingTurn, type SolvedSort } from './solved-order';

type Names = StoreNames<LabDbSchema>;

/** Episodes read per request when every one is read (an export of the whole history). */
const EXPORT_BATCH = 1_000;
/** An import's writes in flight at most (records are a few KB to a few hundred KB each). */
const MAX_IMPORT_WRITES_IN_FLIGHT = 256;
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
  endReason?: EndReason;
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
    const stores = [STORES.episodes, STORES.summary];
    return this.#run(stores, 'readwrite', 'save the new episode', async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      const summaries = tx.objectStore(STORES.summary);
      const [taken, summary] = await Promise.all([
        episodes.getKey(record.id),
        readSummary(summaries, episodes),
      ]);
      if (taken !== undefined) throw new DuplicateEpisodeError(record.id);
      countEpisode(summary, record, 1);
      await issueAll([() => episodes.add(record), () => summaries.put(summary)]);
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
      [STORES.episodes, STORES.transcripts, STORES.search],
      'readwrite',
      action,
      async (tx) => {
        const episodes = tx.objectStore(STORES.episodes);
        const transcripts = tx.objectStore(STORES.transcripts);
        const search = tx.objectStore(STORES.search);
        const [episode, transcript, searched] = await Promise.all([
          episodes.get(episodeId),
          transcripts.get(episodeId),
          search.get(episodeId),
        ]);
        if (episode === undefined) throw new EpisodeNotFoundError(episodeId);
        if (episode.status !== 'running') {
          throw new EpisodeNotRunningError(episodeId, episode.status, `store turn ${turn.turn}`);
        }
        const n = turn.turn;
        if (!Number.isInteger(n) || n < 1 || n > episode.turnsDone + 1) {
          throw new TurnOrderError(episodeId, n, episode.turnsDone);
        }
        const stored = transcript?.turns ?? [];
        if (n <= episode.turnsDone) {
          const existing = expandTurns(episode, stored.slice(0, n), transcript?.prompts)[n - 1];
          if (existing !== undefined && JSON.stringify(existing) === JSON.stringify(turn)) return episode;
          throw new TurnConflictError(episodeId, n);
        }
        // A record keeps the builders' version it was started under (a resumed older episode too).
        const prompts = transcript?.prompts ?? PROMPT_BUILDERS_VERSION;
        const record: TranscriptRecord = {
          episodeId,
          prompts,
          turns: [...stored.slice(0, n - 1), compactTurn(episode, stored.slice(0, n - 1), turn, prompts)],
        };
        const updated: EpisodeRecord = { ...episode, turnsDone: n };
        // Both writes are issued at once; if one fails the other's rejection (an abort) is expected.
        const putTurns = transcripts.put(record);
        putTurns.catch(() => undefined);
        const putEpisode = episodes.put(updated);
        putEpisode.catch(() => undefined);
        const text = turnSearchText(turn);
        const putSearch = search.put({
          episodeId,
          text: searched?.text ? `${searched.text}\n${text}` : text,
          startedAt: episode.startedAt,
        });
        putSearch.catch(() => undefined);
        await Promise.all([putTurns, putEpisode, putSearch]);
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
    const { status, solvedAtTurn, endedAt, error, endReason } = input;
    if ((status === 'solved') !== (solvedAtTurn !== null)) {
      throw new StoreInputError(
        `Episode ${id}: solvedAtTurn must be set exactly when the status is 'solved' ` +
          `(got status '${status}' with solvedAtTurn ${solvedAtTurn}).`,
      );
    }
    const stores = [STORES.episodes, STORES.search, STORES.summary];
    return this.#run(stores, 'readwrite', `save the end of episode ${id}`, async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      const summaries = tx.objectStore(STORES.summary);
      const [episode, summary] = await Promise.all([episodes.get(id), readSummary(summaries, episodes)]);
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
      if (endReason !== undefined) updated.endReason = endReason;
      moveStatus(summary, episode.status, status);
      await issueAll([() => episodes.put(updated), () => summaries.put(summary)]);
      if (error) {
        // The error is searched too, after the turns.
        const search = tx.objectStore(STORES.search);
        const prior = (await search.get(id))?.text;
        const text = error.toLowerCase();
        const startedAt = episode.startedAt;
        await search.put({ episodeId: id, text: prior ? `${prior}\n${text}` : text, startedAt });
      }
      return updated;
    });
  }

  /**
   * Settle every episode still 'running' (its tab closed or reloaded mid-episode); call it when the
   * worker starts. Each becomes 'interrupted', to be resumed or discarded, unless its stored turns
   * already decide it (`settleCutShort`: one solved it or they used the budget). Turns stay.
   * @returns how many episodes were marked interrupted.
   */
  async markRunningAsInterrupted(options: MarkInterruptedOptions = {}): Promise<number> {
    const keep = new Set(options.keep ?? []);
    const stores = [STORES.episodes, STORES.transcripts, STORES.summary];
    return this.#run(stores, 'readwrite', 'mark unfinished episodes', async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      const transcripts = tx.objectStore(STORES.transcripts);
      const summaries = tx.objectStore(STORES.summary);
      const running = (await episodes.index(EPISODE_INDEXES.status).getAll('running')).filter(
        (episode) => !keep.has(episode.id),
      );
      if (running.length === 0) return 0;
      const summary = await readSummary(summaries, episodes);
      let marked = 0;
      for (const episode of running) {
        const turns = episode.turnsDone > 0 ? ((await transcripts.get(episode.id))?.turns ?? []) : [];
        const settled = settleCutShort(episode, turns);
        await episodes.put(settled);
        moveStatus(summary, episode.status, settled.status);
        if (settled.status === 'interrupted') marked++;
      }
      await summaries.put(summary);
      return marked;
    });
  }

  /** One episode with its turns in order, or undefined when it is not stored. */
  async getEpisode(id: string): Promise<EpisodeWithTurns | undefined> {
    return (await this.getEpisodes([id]))[0];
  }

  /** Several episodes with their turns, read in one consistent snapshot; missing ids are left out. */
  async getEpisodes(ids: readonly string[]): Promise<EpisodeWithTurns[]> {
    const found: EpisodeWithTurns[] = [];
    await this.forEachEpisode({ ids }, (item) => found.push(item));
    return found;
  }

  /**
   * Episodes (without turns) matching every given filter, ordered by startedAt (newest first by
   * default; ties by id), `offset` skipped and at most `limit` after them.
   * @throws {StoreInputError} when limit is not a positive whole number, or offset not a whole number ≥ 0.
   */
  async listEpisodes(query: IndexedQuery = {}): Promise<EpisodeRecord[]> {
    checkPaging(query);
    return this.#run([STORES.episodes], 'readonly', 'list episodes', (tx) => listIn(tx, query));
  }

  /**
   * The ids of `listEpisodes(query)`, in its order. When an ordered index serves the filters (none,
   * a date range, environment + condition) only index keys are read, not a record.
   * @throws {StoreInputError} as `listEpisodes`.
   */
  async listEpisodeIds(query: IndexedQuery = {}): Promise<string[]> {
    checkPaging(query);
    return this.#run([STORES.episodes], 'readonly', 'list episodes', (tx) => idsIn(tx, query));
  }

  /** The episode records (without turns) of these ids, in the order given; ids not stored are left out. */
  async getEpisodeRecords(ids: readonly string[]): Promise<EpisodeRecord[]> {
    return this.#run([STORES.episodes], 'readonly', 'read episodes', async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      const found = await Promise.all(ids.map((id) => episodes.get(id)));
      return found.filter((e): e is EpisodeRecord => e !== undefined);
    });
  }

  /**
   * One page of `listEpisodes(query)` and how many episodes match in all (paging ignored), in one
   * snapshot. The count comes from an index where one serves the filters, so a page of a large
   * history reads only the records up to the page's end.
   * @throws {StoreInputError} as `listEpisodes`.
   */
  async pageEpisodes(
    query: IndexedQuery & { limit: number },
  ): Promise<{ total: number; rows: EpisodeRecord[] }> {
    checkPaging(query);
    return this.#run([STORES.episodes, STORES.summary], 'readonly', 'list episodes', async (tx) => {
      const summary = () => readSummary(tx.objectStore(STORES.summary), tx.objectStore(STORES.episodes));
      const [total, rows] = await Promise.all([countIn(tx, query, summary), listIn(tx, query)]);
      return { total, rows };
    });
  }

  /**
   * One page of every stored episode ordered by its solving turn (solved first, soonest or latest;
   * newest first within a turn; the unsolved last, newest first), with the episode count, read in
   * that order from the indexes and stopped at the page's end (solved-order.ts).
   * @throws {StoreInputError} as `listEpisodes`, for the paging.
   */
  async pageBySolvingTurn(
    sort: SolvedSort,
    paging: { offset?: number; limit: number },
  ): Promise<{ total: number; rows: EpisodeRecord[] }> {
    checkPaging(paging);
    return this.#run([STORES.episodes, STORES.summary], 'readonly', 'list episodes', async (tx) => {
      const [summary, rows] = await Promise.all([
        readSummary(tx.objectStore(STORES.summary), tx.objectStore(STORES.episodes)),
        pageBySolvingTurn(tx, sort, paging.offset ?? 0, paging.limit),
      ]);
      return { total: summary.total, rows };
    });
  }

  /** How many episodes are stored: the summary's total, one read (an index count walks every key). */
  async episodeCount(): Promise<number> {
    const stores = [STORES.episodes, STORES.summary];
    return this.#run(stores, 'readonly', 'count the stored episodes', async (tx) => {
      const summary = await readSummary(tx.objectStore(STORES.summary), tx.objectStore(STORES.episodes));
      return summary.total;
    });
  }

  /**
   * The environments, conditions and student models present (each sorted) and the episode count, from
   * the summary record (summary.ts): one read, however many episodes are stored.
   */
  async facets(): Promise<EpisodeFacets> {
    const stores = [STORES.episodes, STORES.summary];
    return this.#run(stores, 'readonly', 'list the history filters', async (tx) =>
      facetsOf(await readSummary(tx.objectStore(STORES.summary), tx.objectStore(STORES.episodes))),
    );
  }

  /**
   * The episodes `which` names (the listed ids, missing ones left out, in that order; or every match
   * of a query, ordered as `listEpisodes` orders them) with their turns, read in one snapshot and
   * handed to `onEach` in order as each one arrives, so the caller's work on one episode overlaps the
   * reading of the next (an export turns thousands into text meanwhile).
   * @returns how many episodes were read.
   * @throws {StoreInputError} as `listEpisodes`; whatever `onEach` throws
   *   comes out as a StoreError with it as the cause.
   */
  async forEachEpisode(
    which: IndexedQuery | { ids: readonly string[] },
    onEach: (item: EpisodeWithTurns) => void,
  ): Promise<number> {
    if (!('ids' in which)) checkPaging(which);
    const stores = [STORES.episodes, STORES.transcripts];
    return this.#run(stores, 'readonly', 'read episodes', async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      const transcripts = tx.objectStore(STORES.transcripts);
      let count = 0;
      const visit = (episode: EpisodeRecord | undefined, transcript: TranscriptRecord | undefined) => {
        if (episode === undefined) return;
        onEach(withTurns(episode, transcript));
        count++;
      };
      // Every request is issued at once (IndexedDB pipelines them, where awaiting each in turn would
      // cost a round trip apiece), and requests complete in the order they were made, so the calls
      // come in order.
      if ('ids' in which) {
        await Promise.all(
          which.ids.map((id) =>
            Promise.all([episodes.get(id), transcripts.get(id)]).then(([e, t]) => visit(e, t)),
          ),
        );
      } else {
        const list = await listIn(tx, which);
        await Promise.all(list.map((e) => transcripts.get(e.id).then((t) => visit(e, t))));
      }
      return count;
    });
  }

  /**
   * Every stored episode with its turns, handed to `onEach` in id order (not date order), read in
   * one snapshot a key range at a time: a batch of episodes and the transcripts of the same ids (both
   * stores are keyed by the episode id), one request each, instead of a request per transcript
   * (~0.2 ms apiece on disk, most of an export's time at 10,000 episodes), a batch ahead.
   * @returns how many episodes were read.
   * @throws {StoreError} as `forEachEpisode`.
   */
  async forEveryEpisode(onEach: (item: EpisodeWithTurns) => void): Promise<number> {
    const stores = [STORES.episodes, STORES.transcripts];
    return this.#run(stores, 'readonly', 'read episodes', async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      const transcripts = tx.objectStore(STORES.transcripts);
      const after = (key: string | null) =>
        episodes.getAll(key === null ? null : IDBKeyRange.lowerBound(key, true), EXPORT_BATCH);
      const through = (key: string | null, last: string) =>
        transcripts.getAll(key === null ? IDBKeyRange.upperBound(last) : IDBKeyRange.bound(key, last, true));
      let count = 0;
      let batch = await after(null);
      let last = batch.at(-1)?.id;
      if (last === undefined) return count;
      let turnsRead = handled(through(null, last));
      let nextRead = handled(after(last));
      for (;;) {
        const [turnList, next] = await Promise.all([turnsRead, nextRead]);
        // The next batch's reads are issued before `onEach` works through this one: the database
        // reads off this thread meanwhile, so an export costs about its reads, not reads + work.
        // Memory holds three batches at most (this one, the next, the one after in flight). Each
        // read is marked handled: should `onEach` throw, the transaction aborts and they reject unread.
        const nextLast = next.at(-1)?.id;
        if (nextLast !== undefined) {
          turnsRead = handled(through(last, nextLast));
          nextRead = handled(after(nextLast));
        }
        const turns = new Map(turnList.map((t) => [t.episodeId, t]));
        for (const episode of batch) onEach(withTurns(episode, turns.get(episode.id)));
        count += batch.length;
        if (nextLast === undefined) return count;
        [batch, last] = [next, nextLast];
      }
    });
  }

  /**
   * The episodes a query matches with their turns as stored: the prompts the builders rebuild are left
   * null, not rebuilt (rebuilding is most of what reading an episode costs). For what reads no prompt:
   * the metrics of an experiment.
   * @throws {StoreInputError} as `listEpisodes`.
   */
  async listEpisodesWithStoredTurns(query: IndexedQuery): Promise<EpisodeWithStoredTurns[]> {
    checkPaging(query);
    const stores = [STORES.episodes, STORES.transcripts];
    return this.#run(stores, 'readonly', 'read episodes', async (tx) => {
      const transcripts = tx.objectStore(STORES.transcripts);
      const list = await listIn(tx, query);
      return Promise.all(
        list.map(async (episode) => ({ episode, turns: (await transcripts.get(episode.id))?.turns ?? [] })),
      );
    });
  }

  /**
   * The turns as stored (prompts left null, as `listEpisodesWithStoredTurns` gives them) of each
   * listed episode that has any, in one snapshot. For a reader that already holds the episodes'
   * records and the turns of most of them (the experiment results' cache).
   * @throws {StoreError} when reading fails.
   */
  async storedTurnsOf(ids: readonly string[]): Promise<Map<string, CompactTurn[]>> {
    return this.#run([STORES.transcripts], 'readonly', 'read turns', async (tx) => {
      const transcripts = tx.objectStore(STORES.transcripts);
      const found = await Promise.all(ids.map((id) => transcripts.get(id)));
      return new Map(found.flatMap((t) => (t ? [[t.episodeId, t.turns] as const] : [])));
    });
  }

  /**
   * The search text (search-text.ts) of each listed episode that has one (or of every episode), read
   * in one snapshot: about a kilobyte per episode, where its transcript is many.
   */
  async searchTexts(ids: readonly string[] | 'all'): Promise<Map<string, string>> {
    return this.#run([STORES.search], 'readonly', 'read the search text', async (tx) => {
      const search = tx.objectStore(STORES.search);
      // Every record at once is one request, far cheaper than one per id when most are wanted.
      const found =
        ids === 'all' ? await search.getAll() : await Promise.all(ids.map((id) => search.get(id)));
      return new Map(found.filter((r) => r !== undefined).map((r) => [r.episodeId, r.text]));
    });
  }

  /**
   * Every stored episode whose search text contains `needle` (lower-case), in `order` by start (ties
   * by id): one read of the search store, which keeps each episode's start, so no index is walked.
   */
  async searchAll(needle: string, order: DateSort): Promise<string[]> {
    return this.#run([STORES.search], 'readonly', 'search the history', async (tx) => {
      const found = (await tx.objectStore(STORES.search).getAll()).filter((r) => r.text.includes(needle));
      const sign = order === 'newest' ? -1 : 1;
      found.sort((a, b) => sign * (a.startedAt - b.startedAt || (a.episodeId < b.episodeId ? -1 : 1)));
      return found.map((r) => r.episodeId);
    });
  }

  /**
   * Delete an episode and its turns together (whatever its status).
   * @returns false when it was not stored.
   */
  async deleteEpisode(id: string): Promise<boolean> {
    return (await this.deleteEpisodes([id])).length === 1;
  }

  /**
   * Delete episodes and their turns, all in one transaction (a selection of thousands costs one
   * commit, not one apiece). Ids not stored are passed over, and with `keepRunning` so are episodes
   * still running (here or in another tab) and those in `keep`.
   * @returns the ids deleted, in the order given.
   */
  async deleteEpisodes(
    ids: Iterable<string>,
    options: { keepRunning?: boolean; keep?: { has(id: string): boolean } } = {},
  ): Promise<string[]> {
    return this.#freeingSpace((summaryWrite) => this.#deleteEpisodes(ids, options, summaryWrite));
  }

  /**
   * Run a delete with the summary rewritten (`'update'`); on a full disk, where even that small
   * write is refused, run it again with the summary record deleted instead (`'drop'`: the next
   * read counts it afresh from the indexes), since deleting must never need free space.
   */
  async #freeingSpace<T>(run: (summaryWrite: 'update' | 'drop') => Promise<T>): Promise<T> {
    try {
      return await run('update');
    } catch (error) {
      if (!(error instanceof StorageFullError)) throw error;
      return run('drop');
    }
  }

  async #deleteEpisodes(
    ids: Iterable<string>,
    options: { keepRunning?: boolean; keep?: { has(id: string): boolean } },
    summaryWrite: 'update' | 'drop',
  ): Promise<string[]> {
    const wanted = [...new Set(ids)].filter((id) => !options.keep?.has(id));
    const stores = [STORES.episodes, STORES.transcripts, STORES.search, STORES.summary];
    return this.#run(stores, 'readwrite', `delete ${wanted.length} episode(s)`, async (tx) => {
      const episodes = tx.objectStore(STORES.episodes);
      const transcripts = tx.objectStore(STORES.transcripts);
      const summaries = tx.objectStore(STORES.summary);
      // The records (not only keys): the summary counts each one out by its fields.
      const [present, running, summary] = await Promise.all([
        Promise.all(wanted.map((id) => episodes.get(id))),
        options.keepRunning
          ? episodes.index(EPISODE_INDEXES.status).getAllKeys('running')
          : Promise.resolve([]),
        readSummary(summaries, episodes),
      ]);
      const skip = new Set<IDBValidKey>(running);
      const gone = present.filter((e): e is EpisodeRecord => e !== undefined && !skip.has(e.id));
      for (const episode of gone) countEpisode(summary, episode, -1);
      const search = tx.objectStore(STORES.search);
      await issueAll([
        () => (summaryWrite === 'update' ? summaries.put(summary) : summaries.delete(SUMMARY_KEY)),
        ...gone.flatMap(({ id }) => [
          () => transcripts.delete(id),
          () => search.delete(id),
          () => episodes.delete(id),
        ]),
      ]);
      return gone.map((e) => e.id);
    });
  }

  /**
   * Write validated episodes (from `parseEpisodesJsonl`, or `openJsonl`'s batches) all or nothing, in
   * one transaction. Episodes whose id is already stored are skipped and counted; any failure writes
   * none. An episode exported while still running is settled as a closed tab's is (`settleCutShort`).
   * Batches are read as they come, inside the transaction (kept open meanwhile, see `tx-wait.ts`), so
   * a file of any size streams through while the last batch is written; `options.check` runs after
   * each batch and after the last, and by throwing refuses the whole import (nothing is kept).
   * @throws {StorageFullError} when the quota is used up (nothing of the import is kept).
   */
  async importEpisodes(
    items: Iterable<EpisodeWithTurns> | AsyncIterable<readonly EpisodeWithTurns[]>,
    options: { check?: () => void } = {},
  ): Promise<ImportEpisodesResult> {
    // Not a for-await: leaving that loop would close the caller's iterator, which may read on.
    const batches = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : oneBatch([...items]);
    return this.#run(
      [STORES.episodes, STORES.transcripts, STORES.search, STORES.summary],
      'readwrite',
      'import episodes',
      async (tx) => {
        const episodes = tx.objectStore(STORES.episodes);
        const transcripts = tx.objectStore(STORES.transcripts);
        const search = tx.objectStore(STORES.search);
        const summaries = tx.objectStore(STORES.summary);
        const result: ImportEpisodesResult = { imported: 0, skipped: 0, skippedIds: [] };
        const [keys, summary] = await Promise.all([episodes.getAllKeys(), readSummary(summaries, episodes)]);
        const present = new Set<string>(keys);
        // No episode has the empty id (the schema refuses it): a request that finds nothing, cheaply.
        const writes = new RequestPipeline(() => episodes.getKey(''), MAX_IMPORT_WRITES_IN_FLIGHT);
        for (;;) {
          const next = await writes.wait(Promise.resolve(batches.next()));
          if (next.done) break;
          for (const { episode, turns: episodeTurns } of next.value) {
            if (present.has(episode.id)) {
              result.skipped++;
              result.skippedIds.push(episode.id);
              continue;
            }
            const record = episode.status === 'running' ? settleCutShort(episode, episodeTurns) : episode;
            writes.add(episodes.add(record));
            countEpisode(summary, record, 1);
            if (episodeTurns.length > 0) {
              const turns = compactTurns(episode, episodeTurns);
              writes.add(transcripts.put({ episodeId: episode.id, prompts: PROMPT_BUILDERS_VERSION, turns }));
            }
            const text = searchText(episodeTurns, record.error);
            writes.add(search.put({ episodeId: episode.id, text, startedAt: record.startedAt }));
            present.add(episode.id);
            result.imported++;
          }
          options.check?.();
        }
        options.check?.();
        await summaries.put(summary);
        // Every write has been issued; #run waits for the transaction to commit.
        return result;
      },
      'relaxed',
    );
  }

  /** Delete every experiment, episode and turn. Settings and custom models stay. */
  async deleteAll(): Promise<void> {
    const stores = [STORES.experiments, STORES.episodes, STORES.transcripts, STORES.search] as const;
    await this.#run([...stores, STORES.summary], 'readwrite', 'delete the history', async (tx) => {
      // Cleared, not written: deleting needs no free space, and an empty history counts at once.
      for (const name of [...stores, STORES.summary]) await tx.objectStore(name).clear();
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
      await tx.objectStore(STORES.experiments).put(storedExperiment(record));
    });
  }

  /**
   * Delete an experiment with all its episodes and their turns, in one transaction.
   * @returns how many episodes went with it, or null when the experiment was not stored.
   */
  async deleteExperiment(id: string): Promise<number | null> {
    return this.#freeingSpace((summaryWrite) => this.#deleteExperiment(id, summaryWrite));
  }

  async #deleteExperiment(id: string, summaryWrite: 'update' | 'drop'): Promise<number | null> {
    const stores = [STORES.experiments, STORES.episodes, STORES.transcripts, STORES.search, STORES.summary];
    return this.#run(stores, 'readwrite', `delete experiment ${id}`, async (tx) => {
      const experiments = tx.objectStore(STORES.experiments);
      if ((await experiments.getKey(id)) === undefined) return null;
      const episodes = tx.objectStore(STORES.episodes);
      const transcripts = tx.objectStore(STORES.transcripts);
      const summaries = tx.objectStore(STORES.summary);
      const [gone, summary] = await Promise.all([
        episodes.index(EPISODE_INDEXES.experimentId).getAll(id),
        readSummary(summaries, episodes),
      ]);
      for (const episode of gone) countEpisode(summary, episode, -1);
      await issueAll([
        () => (summaryWrite === 'update' ? summaries.put(summary) : summaries.delete(SUMMARY_KEY)),
        () => experiments.delete(id),
        ...gone.flatMap(({ id: key }) => [
          () => transcripts.delete(key),
          () => tx.objectStore(STORES.search).delete(key),
          () => episodes.delete(key),
        ]),
      ]);
      return gone.length;
    });
  }

  async getExperiment(id: string): Promise<ExperimentRecord | undefined> {
    return this.#run([STORES.experiments], 'readonly', `read experiment ${id}`, async (tx) => {
      const stored = await tx.objectStore(STORES.experiments).get(id);
      return stored && readExperiment(stored);
    });
  }

  /** All experiments, newest first. */
  async listExperiments(): Promise<ExperimentRecord[]> {
    return this.#run([STORES.experiments], 'readonly', 'list experiments', async (tx) => {
      const all = (await tx.objectStore(STORES.experiments).getAll()).map(readExperiment);
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

/**
 * Issue requests in order and wait for them all. A request that throws as it is issued (a value that
 * cannot be stored, a full disk) stops the rest, and the ones already issued, which reject once the
 * transaction aborts, are marked handled: their rejection is expected, the throw is what is reported.
 */
async function issueAll(requests: readonly (() => Promise<unknown>)[]): Promise<void> {
  const issued: Promise<unknown>[] = [];
  try {
    for (const request of requests) issued.push(request());
  } catch (error) {
    issued.forEach(handled);
    throw error;
  }
  await Promise.all(issued);
}

/** `request`, with its rejection marked handled (whoever awaits it still sees it). */
function handled<T>(request: Promise<T>): Promise<T> {
  request.catch(() => undefined);
  return request;
}

async function* oneBatch<T>(batch: readonly T[]): AsyncGenerator<readonly T[]> {
  yield batch;
}

/** An episode with its turns, rebuilt from its transcript (none when it has no turns yet). */
function withTurns(episode: EpisodeRecord, transcript: TranscriptRecord | undefined): EpisodeWithTurns {
  if (transcript === undefined) return { episode, turns: [] };
  try {
    return { episode, turns: expandTurns(episode, transcript.turns, transcript.prompts) };
  } catch (error) {
    throw new StoreError(`The turns of episode ${episode.id} cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** @throws {StoreInputError} when limit is given and not a positive whole number, or offset not a whole number ≥ 0. */
function checkPaging({ limit, offset }: IndexedQuery): void {
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new StoreInputError(`listEpisodes: limit must be a positive whole number (got ${limit}).`);
  }
  if (offset !== undefined && !(Number.isInteger(offset) && offset >= 0)) {
    throw new StoreInputError(`listEpisodes: offset must be a whole number, 0 or more (got ${offset}).`);
  }
}
