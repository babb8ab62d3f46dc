/** Names and versions of the lab's IndexedDB database: shared by the schema, the store and the export format. */

/** The IndexedDB database name (one per origin). */
export const DB_NAME = 'plasticity-lab';

/**
 * The schema version this build writes. Bump it together with a new step in `UPGRADE_STEPS`
 * (src/store/migrations.ts); a test checks that the two agree.
 */
export const SCHEMA_VERSION = 4;

/** Object store names. */
export const STORES = {
  experiments: 'experiments',
  episodes: 'episodes',
  /** One record per episode with its turns (`{ episodeId, prompts, turns }`), from schema v2 on. */
  transcripts: 'transcripts',
  /** One record per episode with the text the History searches (`{ episodeId, text }`), from schema v3 on. */
  search: 'search',
  /**
   * One record, key 'episodes': how many episodes are stored in all and per environment, condition,
   * model and status (summary.ts), kept in the transactions that change them, from schema v4 on.
   */
  summary: 'summary',
  settings: 'settings',
  customModels: 'customModels',
} as const;

/** Index names on the `episodes` store. */
export const EPISODE_INDEXES = {
  experimentId: 'by-experimentId',
  envId: 'by-envId',
  conditionKind: 'by-conditionKind',
  studentModel: 'by-studentModel',
  status: 'by-status',
  startedAt: 'by-startedAt',
  /**
   * Key `[envId, conditionKind, startedAt]`: the filtered history query ("maze, rule-teacher, newest
   * first") reads it in order and stops at the limit instead of sorting every match.
   */
  envCondition: 'by-envId-conditionKind',
  /**
   * From schema v3, `[field, startedAt]` for each field the History filters on alone: a one-filter page
   * reads its 50 rows in order and stops, instead of reading every match and sorting them.
   */
  envStarted: 'by-envId-startedAt',
  conditionStarted: 'by-conditionKind-startedAt',
  studentModelStarted: 'by-studentModel-startedAt',
  statusStarted: 'by-status-startedAt',
  /**
   * From schema v4, `[solvedAtTurn, startedAt]`: only solved episodes have one (null is not a key),
   * so "solved soonest" walks it turn by turn, newest first within a turn, and stops at the page.
   */
  solvedStarted: 'by-solvedAtTurn-startedAt',
} as const;
