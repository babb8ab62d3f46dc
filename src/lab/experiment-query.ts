/**
 * The experiment pages' read models over the store: a stored experiment's design and what is left of
 * it, the list's overviews (state and done / total), the results (`summarise` over its episodes), and
 * a student model's measured speed. Nothing here writes.
 */
import {
  expandDesign,
  parseDesign,
  planRun,
  type ExperimentDesign,
  type PlannedEpisode,
  type RunPlan,
  type StoredEpisodeBrief,
} from '../core/experiment';
import type { ExperimentRunState } from '../core/experiment';
import { summarise, type ExperimentSummary } from '../core/metrics';
import type { EpisodeRecord, ExperimentRecord, LabStore } from '../store';
import { errorText } from '../core/error-text';
import { ExperimentNotFoundError } from './errors';
import type { ExperimentOverview, ExperimentResults } from './lab-api';
import { runningExperimentIds } from './locks';
import { ExperimentReadCache } from './experiment-read-cache';

/**
 * The stored design of an experiment.
 * @throws {ExperimentNotFoundError} when not stored. @throws {DesignLinkError} when invalid.
 */
export async function readExperiment(
  store: LabStore,
  experimentId: string,
): Promise<{ record: ExperimentRecord; design: ExperimentDesign }> {
  const record = await store.getExperiment(experimentId);
  if (!record) throw new ExperimentNotFoundError(experimentId);
  return { record, design: parseDesign(record.design) };
}

/** Plan what is left of an experiment from its stored episodes. */
export async function planExperiment(
  store: LabStore,
  design: ExperimentDesign,
  experimentId: string,
  live: ReadonlySet<string>,
): Promise<RunPlan> {
  const stored = await store.listEpisodes({ experimentId, sort: 'oldest' });
  return planRun(expandDesign(design), stored, live);
}

/** The list entry of one stored experiment. `running` holds the ids of experiments some tab runs now. */
export async function experimentOverview(
  store: LabStore,
  record: ExperimentRecord,
  running: ReadonlySet<string>,
): Promise<ExperimentOverview> {
  return overviewOf(record, running, () => store.listEpisodes({ experimentId: record.id, sort: 'oldest' }));
}

/** How an overview plans: from nothing, or through a read cache. */
interface Planner {
  planned(experimentId: string, design: ExperimentDesign): readonly PlannedEpisode[];
  runKeyOf?: (episode: StoredEpisodeBrief) => string;
}

const FROM_NOTHING: Planner = { planned: (_, design) => expandDesign(design) };

/** {@link experimentOverview}, its episodes read by `listed` (oldest first) once the design parses. */
async function overviewOf(
  record: ExperimentRecord,
  running: ReadonlySet<string>,
  listed: () => Promise<readonly EpisodeRecord[]>,
  planner: Planner = FROM_NOTHING,
): Promise<ExperimentOverview> {
  const base = {
    id: record.id,
    name: record.name,
    createdAt: record.createdAt,
    appVersion: record.appVersion,
  };
  const isRunning = running.has(record.id);
  const stored = record.state ?? 'idle';
  const state: ExperimentRunState = isRunning ? 'running' : stored === 'running' ? 'paused' : stored;
  try {
    const design = parseDesign(record.design);
    const planned = planner.planned(record.id, design);
    const plan = planRun(planned, await listed(), new Set(), planner.runKeyOf);
    const done = plan.done.length;
    return {
      ...base,
      design,
      state,
      done,
      total: done + plan.pending.length,
      ...(record.error && state === 'error' ? { error: record.error } : {}),
    };
  } catch (error) {
    return { ...base, design: null, designError: errorText(error), state, done: 0, total: 0 };
  }
}

/**
 * The metrics of an experiment, computed by `summarise` (default options) over every stored episode
 * of it with its turns.
 */
export async function experimentSummary(store: LabStore, experimentId: string): Promise<ExperimentSummary> {
  // The metrics read no prompt: the turns as stored, in one snapshot.
  const episodes = await store.listEpisodesWithStoredTurns({ experimentId, sort: 'oldest' });
  return summarise(episodes.map(({ episode, turns }) => ({ ...episode, turns })));
}

/** Every stored experiment, newest first, with its state and done / total. */
export async function listExperimentOverviews(store: LabStore): Promise<ExperimentOverview[]> {
  const running = new Set(await runningExperimentIds());
  const records = await store.listExperiments();
  records.sort((a, b) => b.createdAt - a.createdAt);
  return Promise.all(records.map((r) => experimentOverview(store, r, running)));
}

/**
 * An experiment's overview and its metrics, from one read of its episodes' records; their turns come
 * through `cache` when given (only the episodes finished since its last read are read again).
 * @throws {ExperimentNotFoundError} when not stored, saying why a link from elsewhere finds nothing.
 */
export async function experimentResults(
  store: LabStore,
  id: string,
  cache: ExperimentReadCache = new ExperimentReadCache(),
): Promise<ExperimentResults> {
  const record = await store.getExperiment(id);
  if (!record) {
    const shown = id.length > 60 ? `${id.slice(0, 60)}…` : id;
    throw new ExperimentNotFoundError(
      id,
      `There is no experiment “${shown}” in this browser: it was deleted, or the link comes from ` +
        "another browser (experiments are stored where they ran; import the episodes' export to see them here).",
    );
  }
  const running = new Set(await runningExperimentIds());
  const episodes = await store.listEpisodes({ experimentId: id, sort: 'oldest' });
  const [overview, withTurns] = await Promise.all([
    overviewOf(record, running, async () => episodes, cache),
    cache.withTurns(store, id, episodes),
  ]);
  // The metrics read no prompt: the turns as stored.
  return { overview, summary: summarise(withTurns.map(({ episode, turns }) => ({ ...episode, turns }))) };
}

/** Median decode speed (tokens/s) of a student model in its last 20 stored episodes; null when none. */
export async function measuredSpeed(store: LabStore, modelId: string): Promise<number | null> {
  const recent = await store.listEpisodes({ studentModel: modelId, limit: 20 });
  const speeds = (await store.getEpisodes(recent.map((e) => e.id)))
    .flatMap((e) => e.turns.map((t) => t.studentUsage?.decodeTokensPerSec))
    .filter((x): x is number => typeof x === 'number' && x > 0)
    .sort((a, b) => a - b);
  return speeds.length === 0 ? null : (speeds[Math.floor(speeds.length / 2)] ?? null);
}
