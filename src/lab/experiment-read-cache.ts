/**
 * What a read of one experiment's results can keep for the next. While an experiment runs the page
 * reads its results about once a second, and each read needs every episode's turns, the design's
 * planned episodes (every task generated) and each stored episode's run key. None of these change
 * for a finished episode or a stored design, so only the episodes that finished since the last read
 * (or are still running) are read again, and the design is expanded once. One experiment at a time:
 * reading another starts afresh, so memory holds one experiment's at most.
 */
import { expandDesign, runKey, type ExperimentDesign, type PlannedEpisode } from '../core/experiment';
import type { EpisodeRecord, EpisodeWithStoredTurns, LabStore } from '../store';

type CompactTurn = EpisodeWithStoredTurns['turns'][number];

/** What identifies an episode's turns as final: a finished episode's record, which its turns follow. */
function finishedKey(episode: EpisodeRecord): string | null {
  if (episode.status === 'running') return null;
  return `${episode.status}:${episode.turnsDone}:${episode.endedAt ?? ''}:${episode.startedAt}`;
}

export class ExperimentReadCache {
  #experimentId: string | null = null;
  /** Episode id → its finished key and the turns read under it. */
  #turns = new Map<string, { key: string; turns: CompactTurn[] }>();
  #design: { text: string; planned: PlannedEpisode[] } | null = null;
  #runKeys = new Map<string, string>();

  /**
   * `episodes` (the experiment's records, as just listed) with their stored turns: the cached turns
   * of every episode whose finished key is unchanged, the rest read in one snapshot.
   * @throws {StoreError} when reading fails (the cache keeps what it had).
   */
  async withTurns(
    store: LabStore,
    experimentId: string,
    episodes: readonly EpisodeRecord[],
  ): Promise<EpisodeWithStoredTurns[]> {
    this.#use(experimentId);
    const missing = episodes.filter((e) => {
      const cached = this.#turns.get(e.id);
      return cached === undefined || cached.key !== finishedKey(e);
    });
    const read =
      missing.length > 0
        ? await store.storedTurnsOf(missing.map((e) => e.id))
        : new Map<string, CompactTurn[]>();
    const reread = new Set(missing.map((e) => e.id));
    // Episodes no longer listed (deleted) leave the cache with this read.
    const next = new Map<string, { key: string; turns: CompactTurn[] }>();
    const out = episodes.map((episode) => {
      const turns = reread.has(episode.id)
        ? (read.get(episode.id) ?? [])
        : (this.#turns.get(episode.id)?.turns ?? []);
      const key = finishedKey(episode);
      if (key !== null) next.set(episode.id, { key, turns });
      return { episode, turns };
    });
    this.#turns = next;
    return out;
  }

  /** The planned episodes of `design`, the stored design of experiment `experimentId`. */
  planned(experimentId: string, design: ExperimentDesign): readonly PlannedEpisode[] {
    this.#use(experimentId);
    const text = JSON.stringify(design);
    if (this.#design?.text !== text) this.#design = { text, planned: expandDesign(design) };
    return this.#design.planned;
  }

  /** The run key of a stored episode of the experiment last read (its config never changes). */
  readonly runKeyOf = (episode: { id: string; config: EpisodeRecord['config'] }): string => {
    let key = this.#runKeys.get(episode.id);
    if (key === undefined) this.#runKeys.set(episode.id, (key = runKey(episode.config)));
    return key;
  };

  /** Forget everything (after a delete or an import, whose effects a key might not show). */
  clear(): void {
    this.#experimentId = null;
    this.#turns = new Map();
    this.#design = null;
    this.#runKeys = new Map();
  }

  #use(experimentId: string): void {
    if (this.#experimentId === experimentId) return;
    this.clear();
    this.#experimentId = experimentId;
  }
}
