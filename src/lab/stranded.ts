/**
 * Episodes stored as 'running' that nothing runs any more. Their tab closed, or the disk filled up so
 * neither their end nor, at the next start, the sweep's 'interrupted' could be written. Whether an
 * episode is live is a fact about its Web Lock (locks.ts), not about its record, so such an
 * episode is shown settled when it is read (as the sweep would have settled it, `settleCutShort`),
 * and it can be deleted: reading and deleting need no free space.
 */
import { settleCutShort, type LastTurn } from '../store/cut-short';
import type { EpisodeRecord, EpisodeWithTurns, LabStore } from '../store';

/** Whether `episode` is stored as running while no live context runs it. */
export function isStranded(episode: EpisodeRecord, live: ReadonlySet<string>): boolean {
  return episode.status === 'running' && !live.has(episode.id);
}

/** The episode as it reads: settled from its stored turns when stranded, else as stored. */
export function settledRecord(
  episode: EpisodeRecord,
  turns: readonly LastTurn[],
  live: ReadonlySet<string>,
): EpisodeRecord {
  return isStranded(episode, live) ? settleCutShort(episode, turns) : episode;
}

/** An episode with its turns as it reads (see `settledRecord`). */
export function settledItem(item: EpisodeWithTurns, live: ReadonlySet<string>): EpisodeWithTurns {
  const episode = settledRecord(item.episode, item.turns, live);
  return episode === item.episode ? item : { ...item, episode };
}

/**
 * `rows` as they read, in the same order: stranded ones settled, reading the turns of those alone
 * (rare: the rest cost nothing).
 * @throws {StoreError} when reading fails.
 */
export async function settledRows(
  store: LabStore,
  rows: readonly EpisodeRecord[],
  live: ReadonlySet<string>,
): Promise<EpisodeRecord[]> {
  const stranded = rows.filter((row) => isStranded(row, live));
  if (stranded.length === 0) return [...rows];
  const items = await store.getEpisodes(stranded.map((row) => row.id));
  const turns = new Map(items.map((item) => [item.episode.id, item.turns]));
  return rows.map((row) => settledRecord(row, turns.get(row.id) ?? [], live));
}
