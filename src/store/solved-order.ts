/**
 * One page of the whole history ordered by the solving turn (the History's "solved soonest" and
 * "solved latest"), read from indexes in that order and stopped at the page's end, instead of reading
 * every record and sorting them: the solved episodes from the `[solvedAtTurn, startedAt]` index
 * (only solved episodes have a solving turn), turn by turn, newest first within a turn; then the
 * rest, newest first, merged from the `[status, startedAt]` index of each other status. Ties go as
 * the date order lists them (newest first, ties by id), as the in-memory sort does.
 */
import type { IDBPCursorWithValue, IDBPTransaction, StoreNames } from 'idb';
import { EPISODE_STATUSES } from '../core/protocol/vocabulary';
import { EPISODE_INDEXES, STORES } from './constants';
import type { EpisodeRecord } from './records';
import type { LabDbSchema } from './schema';

type Tx = IDBPTransaction<LabDbSchema, StoreNames<LabDbSchema>[], IDBTransactionMode>;
type Cursor = IDBPCursorWithValue<
  LabDbSchema,
  StoreNames<LabDbSchema>[],
  typeof STORES.episodes,
  typeof EPISODE_INDEXES.statusStarted,
  IDBTransactionMode
>;

export type SolvedSort = 'solved-soonest' | 'solved-latest';

/** The distinct solving turns stored, in `sort`'s order: one seek per turn. */
async function solvingTurns(tx: Tx, sort: SolvedSort): Promise<number[]> {
  const index = tx.objectStore(STORES.episodes).index(EPISODE_INDEXES.solvedStarted);
  const soonest = sort === 'solved-soonest';
  const turns: number[] = [];
  let cursor = await index.openKeyCursor(null, soonest ? 'next' : 'prev');
  while (cursor !== null) {
    const turn = cursor.key[0];
    turns.push(turn);
    // Past every key of this turn: [turn, +∞] is above all of them, [turn, −∞] below.
    cursor = await cursor.continue([turn, soonest ? Infinity : -Infinity]);
  }
  return turns;
}

/** Whether episode `a` comes before `b` in the date order, newest first (ties: the greater id first). */
const newerThan = (a: EpisodeRecord, b: EpisodeRecord) =>
  a.startedAt > b.startedAt || (a.startedAt === b.startedAt && a.id > b.id);

/**
 * Rows `offset` to `offset + limit` of every stored episode in `sort`'s order, read within `tx`.
 * Whole turns before the page are skipped by their counts; only the rows from the page's turn on are
 * read, so the first page costs about its own rows whatever the history's size.
 */
export async function pageBySolvingTurn(
  tx: Tx,
  sort: SolvedSort,
  offset: number,
  limit: number,
): Promise<EpisodeRecord[]> {
  const episodes = tx.objectStore(STORES.episodes);
  const solved = episodes.index(EPISODE_INDEXES.solvedStarted);
  const rows: EpisodeRecord[] = [];
  let skip = offset;
  for (const turn of await solvingTurns(tx, sort)) {
    if (rows.length >= limit) return rows;
    const range = IDBKeyRange.bound([turn, -Infinity], [turn, Infinity]);
    if (skip > 0) {
      const inTurn = await solved.count(range);
      if (skip >= inTurn) {
        skip -= inTurn;
        continue;
      }
    }
    let cursor = await solved.openCursor(range, 'prev');
    if (cursor !== null && skip > 0) {
      cursor = await cursor.advance(skip);
      skip = 0;
    }
    while (cursor !== null && rows.length < limit) {
      rows.push(cursor.value);
      cursor = await cursor.continue();
    }
  }
  if (rows.length >= limit) return rows;
  // The unsolved, newest first: one cursor per other status, merged.
  const status = episodes.index(EPISODE_INDEXES.statusStarted);
  const cursors = (
    await Promise.all(
      EPISODE_STATUSES.filter((s) => s !== 'solved').map((s) =>
        status.openCursor(IDBKeyRange.bound([s, -Infinity], [s, Infinity]), 'prev'),
      ),
    )
  ).filter((c): c is Cursor => c !== null);
  while (cursors.length > 0 && rows.length < limit) {
    let next = 0;
    for (let i = 1; i < cursors.length; i++) {
      if (newerThan(cursors[i]!.value, cursors[next]!.value)) next = i;
    }
    const cursor = cursors[next]!;
    if (skip > 0) skip--;
    else rows.push(cursor.value);
    const moved = await cursor.continue();
    if (moved === null) cursors.splice(next, 1);
    else cursors[next] = moved;
  }
  return rows;
}
