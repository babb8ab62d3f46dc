/**
 * Versioned schema upgrades. `UPGRADE_STEPS[v]` takes a database at version `v` to `v + 1` (step 0
 * creates version 1 from nothing), so schema v2 is one more entry. Steps run inside the single
 * `versionchange` transaction: if any throws, the browser rolls the whole upgrade back and the
 * database stays at its old version with its data intact.
 */
import type { IDBPDatabase, IDBPTransaction } from 'idb';
import type { TurnRecord } from '../core/protocol/types';
import { EPISODE_INDEXES, STORES } from './constants';
import type { EpisodeRecord, SearchRecord, TranscriptRecord } from './records';
import { PROMPT_BUILDERS_VERSION, compactTurns } from './transcript-codec';
import { searchText } from './search-text';
import { countSummary } from './summary-tx';

/** Schema v1's per-turn store (key `[episodeId, turn]`), replaced by `transcripts` in v2. */
const V1_TURNS = 'turns';

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

  const turns = db.createObjectStore(V1_TURNS, { keyPath: ['episodeId', 'turn'] });
  turns.createIndex('by-episodeId', 'episodeId');

  db.createObjectStore(STORES.settings, { keyPath: 'key' });
  db.createObjectStore(STORES.customModels, { keyPath: 'id' });
};

/**
 * Version 1 → 2: each episode's turns move from one record per turn into one transcript record per
 * episode, with the prompts the builders rebuild left out (a third of the bytes; see
 * transcript-codec.ts). Reading the migrated episode gives back exactly the turns v1 stored.
 */
export const transcriptsV2: UpgradeStep = async (db, tx) => {
  const transcripts = db.createObjectStore(STORES.transcripts, { keyPath: 'episodeId' });
  const [episodes, turns] = await Promise.all([
    tx.objectStore(STORES.episodes).getAll() as Promise<EpisodeRecord[]>,
    // Key order is [episodeId, turn]: each episode's turns come together and in order.
    tx.objectStore(V1_TURNS).getAll() as Promise<(TurnRecord & { episodeId: string })[]>,
  ]);
  const byId = new Map(episodes.map((e) => [e.id, e]));
  const grouped = new Map<string, TurnRecord[]>();
  for (const { episodeId, ...turn } of turns) {
    const list = grouped.get(episodeId);
    if (list === undefined) grouped.set(episodeId, [turn]);
    else list.push(turn);
  }
  const writes: Promise<unknown>[] = [];
  for (const [episodeId, list] of grouped) {
    const episode = byId.get(episodeId);
    // Turns without their episode (none should exist) are kept as they are: nothing is dropped.
    const compact = episode === undefined ? list : compactTurns(episode, list);
    const record: TranscriptRecord = { episodeId, prompts: PROMPT_BUILDERS_VERSION, turns: compact };
    writes.push(transcripts.put(record));
  }
  await Promise.all(writes);
  db.deleteObjectStore(V1_TURNS);
};

/** The fields the History filters on alone, each with its `[field, startedAt]` index (v3). */
export const DATED_FIELD_INDEXES = [
  [EPISODE_INDEXES.envStarted, 'envId'],
  [EPISODE_INDEXES.conditionStarted, 'conditionKind'],
  [EPISODE_INDEXES.studentModelStarted, 'studentModel'],
  [EPISODE_INDEXES.statusStarted, 'status'],
] as const;

/**
 * Version 2 → 3: a `[field, startedAt]` index per field the History filters on alone, built by the
 * browser over the stored episodes inside the upgrade (records are not rewritten); and the `search`
 * store, each episode's search text written from its stored turns.
 */
export const datedIndexesV3: UpgradeStep = async (db, tx) => {
  const episodes = tx.objectStore(STORES.episodes);
  for (const [name, field] of DATED_FIELD_INDEXES) episodes.createIndex(name, [field, 'startedAt']);
  const search = db.createObjectStore(STORES.search, { keyPath: 'episodeId' });
  const [records, transcripts] = await Promise.all([
    episodes.getAll() as Promise<EpisodeRecord[]>,
    tx.objectStore(STORES.transcripts).getAll() as Promise<TranscriptRecord[]>,
  ]);
  const turnsOf = new Map(transcripts.map((t) => [t.episodeId, t.turns]));
  await Promise.all(
    records.map((e) =>
      search.put({
        episodeId: e.id,
        text: searchText(turnsOf.get(e.id) ?? [], e.error),
        startedAt: e.startedAt,
      }),
    ),
  );
};

/**
 * Version 3 → 4: the `summary` store with the history's counts, counted from the indexes inside the
 * upgrade (summary.ts), and the `[solvedAtTurn, startedAt]` index the "solved soonest" sort walks.
 */
export const summaryV4: UpgradeStep = async (db, tx) => {
  const episodes = tx.objectStore(STORES.episodes);
  episodes.createIndex(EPISODE_INDEXES.solvedStarted, ['solvedAtTurn', 'startedAt']);
  const summaries = db.createObjectStore(STORES.summary, { keyPath: 'key' });
  await summaries.put(await countSummary(episodes as never));
  await searchStartedAt(tx);
};

/** Episodes read at a time while the search records get their start (memory stays bounded). */
const BACKFILL_BATCH = 2_000;

/**
 * Each search record written by v3 gets its episode's `startedAt`: both stores are keyed by the
 * episode id, so one key range of each is read per batch, in step.
 */
async function searchStartedAt(tx: IDBPTransaction<unknown, string[], 'versionchange'>): Promise<void> {
  const episodes = tx.objectStore(STORES.episodes);
  const search = tx.objectStore(STORES.search);
  let after: string | null = null;
  for (;;) {
    const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
    const batch = (await episodes.getAll(range, BACKFILL_BATCH)) as EpisodeRecord[];
    if (batch.length === 0) return;
    const last = batch[batch.length - 1]!.id;
    const span = after === null ? IDBKeyRange.upperBound(last) : IDBKeyRange.bound(after, last, true);
    const texts = (await search.getAll(span)) as Partial<SearchRecord>[];
    const started = new Map(batch.map((e) => [e.id, e.startedAt]));
    await Promise.all(
      texts
        .filter((r) => r.startedAt === undefined && started.has(r.episodeId as string))
        .map((r) => search.put({ ...r, startedAt: started.get(r.episodeId as string) })),
    );
    after = last;
  }
}

/** The app's upgrade steps; its length is the schema version (SCHEMA_VERSION). */
export const UPGRADE_STEPS: readonly UpgradeStep[] = [
  createSchemaV1,
  transcriptsV2,
  datedIndexesV3,
  summaryV4,
];

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
