/**
 * The experiment summary: one row per (environment + params, student, condition, teacher model) with
 * every metric of the lab (docs/ARCHITECTURE.md), each carrying the ids of the episodes behind it.
 */
import type { Condition, ConditionKind, PrivilegedInfo, TeacherOptions } from '../protocol/types';
import { effectiveTurnBudget } from '../protocol/resume';
import { BASELINE_KIND, isControlKind } from '../protocol/vocabulary';
import { canonicalJson } from '../rng';
import { cumulativeAccuracy, type AccuracyPoint } from './accuracy';
import { costs, type CostSummary } from './costs';
import { areaUnderCurve, gain, normalisedGain, type DerivedMetric } from './gains';
import {
  conditionKey,
  EXCLUDED_STATUSES,
  isCompleted,
  studentLabel,
  teacherLabel,
  type EpisodeOutcomeInput,
  type ExcludedStatus,
} from './input';
import { itemOutcomes, type ItemOutcome } from './contrast';
import { feedbackGain, type FeedbackGain } from './paired';
import {
  fixRate,
  leakDeliveredRate,
  leakRate,
  regressionRate,
  repeatRate,
  withheldRate,
  type Rate,
} from './rates';
import { transitions, type TransitionCounts } from './transitions';

/** The condition every feedback-specific gain is measured against: plain resampling (its key is its kind). */
export const BASELINE_CONDITION_KEY = BASELINE_KIND;
/** The control for a critique's content: the bare verdict that every teacher's prompt also implies. */
export const CONTENT_CONTROL_KEY = 'binary' satisfies ConditionKind;

export interface SummaryOptions {
  /**
   * Issue codes that are warnings (do not make an attempt wrong), for the fix rate: one set for all
   * environments (codes are namespaced, so a union works), or a function of the environment id.
   */
  warningCodes?: Iterable<string> | ((envId: string) => Iterable<string>);
  /** Normal quantile of every interval; 1.96 (95%) by default. */
  z?: number;
  /** Seed and size of the bootstrap used for feedback gains when items have repeated episodes. */
  seed?: number;
  resamples?: number;
}

/** All metrics for one condition in one slice (environment + params, student). */
export interface ConditionSummary {
  /** Unique per row. */
  key: string;
  /** Identifies (envId, params, student): rows with equal sliceKey are comparable and paired. */
  sliceKey: string;
  envId: string;
  /** The preset label of the slice's first episode ('custom' when absent). */
  preset: string;
  params: unknown;
  /** Model id or 'human'. */
  studentModel: string;
  /** The llm-teacher's model id; null for every other condition. */
  teacherModel: string | null;
  condition: Condition;
  conditionKey: string;
  /** K: the turn budget of the row's episodes (`single` counts as 1); rows split by budget. */
  turnBudget: number;
  /** Every distinct budget in the row, ascending (one, since rows split by budget; kept for old readers). */
  turnBudgets: number[];
  /** The student's settings shared by the row's episodes: rows split by them (null: not stored). */
  settings: RowSettings;
  /** Every episode of the row, any status. */
  episodeIds: string[];
  /** 'solved' and 'failed' episodes: the ones every metric below is computed over. */
  completedIds: string[];
  /** Episodes left out of every metric, by status. */
  excluded: Record<ExcludedStatus, string[]>;
  /** acc(t) for t = 1..turnBudget. */
  cumulative: AccuracyPoint[];
  acc1: AccuracyPoint;
  accK: AccuracyPoint;
  gain: DerivedMetric;
  normalisedGain: DerivedMetric;
  auc: DerivedMetric;
  /** Against the retry row of the same slice; null for retry itself or when the slice has no retry row. */
  feedbackGain: FeedbackGain | null;
  /**
   * A teacher row against the `binary` row of the same slice and budget: what the critique's content
   * adds over the bare verdict (teachers' prompts tell the student the answer is wrong, so their gain
   * over retry includes it). Null for the controls and when the slice has no binary row.
   */
  contentGain: FeedbackGain | null;
  repeat: Rate;
  fix: Rate;
  regression: Rate;
  leak: Rate;
  leakDelivered: Rate;
  /** Teacher messages replaced by the rule hint because every draft leaked. */
  withheld: Rate;
  /** Failed episodes whose student ran out of context (counted as failed; listed so it shows). */
  contextOverflowIds: string[];
  /** Per turn t → t + 1: fixed, stayed wrong, broke, stayed right. */
  transitions: TransitionCounts[];
  /** Per task item: solved and completed episodes, for contrasts between any two rows (`contrast`). */
  itemOutcomes: ItemOutcome[];
  costs: CostSummary;
}

/**
 * What besides the condition splits rows: the student's history mode and sampling, whether episodes
 * went on after a correct attempt, and the teacher options.
 */
export interface RowSettings {
  history: string | null;
  temperature: number | null;
  maxTokens: number | null;
  keepGoing: boolean;
  teacherOptions: TeacherOptions | null;
}

export interface ExperimentSummary {
  rows: ConditionSummary[];
  /** Episodes given, any status. */
  episodeCount: number;
  baselineConditionKey: typeof BASELINE_CONDITION_KEY;
  z: number;
  seed: number;
  resamples: number;
}

const KIND_ORDER: Record<ConditionKind, number> = {
  single: 0,
  retry: 1,
  binary: 2,
  'rule-teacher': 3,
  'llm-teacher': 4,
  'self-teacher': 5,
  'human-teacher': 6,
};
// The guide sits beside 'none': both are generic to the attempt, one without the answer, one with it.
const PRIVILEGED_ORDER: Record<PrivilegedInfo, number> = {
  none: 0,
  guide: 1,
  answer: 2,
  solution: 3,
  diagnosis: 4,
};

/** Where a condition is listed: controls first, then rule levels, LLM teachers, self, human. */
export function conditionRank(c: Condition): number {
  const sub =
    c.kind === 'rule-teacher' ? c.level : c.kind === 'llm-teacher' ? PRIVILEGED_ORDER[c.privileged] : 0;
  return KIND_ORDER[c.kind] * 10 + sub;
}

function compareRows(a: ConditionSummary, b: ConditionSummary): number {
  const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return (
    text(a.envId, b.envId) ||
    text(a.sliceKey, b.sliceKey) ||
    conditionRank(a.condition) - conditionRank(b.condition) ||
    text(a.teacherModel ?? '', b.teacherModel ?? '') ||
    a.turnBudget - b.turnBudget
  );
}

function warningSet(option: SummaryOptions['warningCodes'], envId: string): ReadonlySet<string> {
  if (option === undefined) return new Set();
  return new Set(typeof option === 'function' ? option(envId) : option);
}

function settingsOf(e: EpisodeOutcomeInput): RowSettings {
  return {
    history: e.config.history ?? null,
    temperature: e.config.studentSampling?.temperature ?? null,
    maxTokens: e.config.studentSampling?.maxTokens ?? null,
    keepGoing: e.config.keepGoing ?? false,
    teacherOptions: e.config.teacherOptions ?? null,
  };
}

/** The slice: environment + params, student, and the student's settings (rows of one slice compare). */
function sliceKeyOf(e: EpisodeOutcomeInput): string {
  return canonicalJson([e.config.envId, e.config.params ?? null, studentLabel(e.config), settingsOf(e)]);
}

/** The metrics of one row, before the feedback gain (which needs the slice's baseline row). */
function summariseGroup(
  key: string,
  episodes: readonly EpisodeOutcomeInput[],
  options: SummaryOptions,
  z: number,
): Omit<ConditionSummary, 'feedbackGain' | 'contentGain'> {
  const first = episodes[0];
  if (!first) throw new RangeError('summariseGroup: empty group');
  const budgets = [...new Set(episodes.map((e) => effectiveTurnBudget(e.config)))].sort((a, b) => a - b);
  const K = budgets.at(-1) ?? 1;
  const cumulative = cumulativeAccuracy(episodes, K, z);
  const excluded = Object.fromEntries(
    EXCLUDED_STATUSES.map((s) => [s, episodes.filter((e) => e.status === s).map((e) => e.id)]),
  ) as Record<ExcludedStatus, string[]>;
  return {
    key,
    sliceKey: sliceKeyOf(first),
    envId: first.config.envId,
    preset: first.config.preset ?? 'custom',
    params: first.config.params,
    studentModel: studentLabel(first.config),
    teacherModel: teacherLabel(first.config),
    condition: first.config.condition,
    conditionKey: conditionKey(first.config.condition),
    turnBudget: K,
    turnBudgets: budgets,
    settings: settingsOf(first),
    episodeIds: episodes.map((e) => e.id),
    completedIds: episodes.filter(isCompleted).map((e) => e.id),
    excluded,
    cumulative,
    acc1: cumulative[0]!,
    accK: cumulative[K - 1]!,
    gain: gain(cumulative),
    normalisedGain: normalisedGain(cumulative),
    auc: areaUnderCurve(cumulative),
    repeat: repeatRate(episodes),
    fix: fixRate(episodes, warningSet(options.warningCodes, first.config.envId)),
    regression: regressionRate(episodes),
    leak: leakRate(episodes),
    leakDelivered: leakDeliveredRate(episodes),
    withheld: withheldRate(episodes),
    contextOverflowIds: episodes
      .filter((e) => e.status === 'failed' && e.endReason === 'context-overflow')
      .map((e) => e.id),
    transitions: transitions(episodes, K),
    itemOutcomes: itemOutcomes(episodes),
    costs: costs(episodes),
  };
}

/**
 * Summarise episodes into one row per (envId + params, student, history and sampling, condition,
 * llm-teacher model, turn budget). Rows do not split by leak policy: pass one experiment's episodes,
 * or filter first. Only 'solved' and 'failed' episodes enter any metric (a student that ran out of
 * context failed); the rest are listed under `excluded`. A row's feedback gain pairs it with the
 * `retry` row of the same slice and budget by task item (`single` with the slice's retry row of the
 * largest budget), see `feedbackGain`. Rows are ordered by environment, slice, then condition as the UI
 * lists them. Deterministic: the same episodes and options give the same summary.
 * @throws {RangeError} on invalid options (z ≤ 0, resamples < 1) or a turn budget below 1.
 */
export function summarise(
  episodes: readonly EpisodeOutcomeInput[],
  options: SummaryOptions = {},
): ExperimentSummary {
  const z = options.z ?? 1.96;
  const seed = options.seed ?? 1;
  const resamples = options.resamples ?? 2000;
  if (!Number.isFinite(z) || z <= 0)
    throw new RangeError(`summarise: z must be finite and positive, got ${z}`);
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`summarise: resamples must be an integer >= 1, got ${resamples}`);
  }
  const groups = new Map<string, EpisodeOutcomeInput[]>();
  for (const e of episodes) {
    const key = canonicalJson([
      sliceKeyOf(e),
      conditionKey(e.config.condition),
      teacherLabel(e.config),
      effectiveTurnBudget(e.config),
    ]);
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  const partial = [...groups.entries()].map(([key, list]) => ({
    list,
    row: summariseGroup(key, list, options, z),
  }));
  // Retry rows by slice and budget, and the largest-budget one per slice (for `single`, budget 1).
  const baselines = new Map<string, EpisodeOutcomeInput[]>();
  const binaries = new Map<string, EpisodeOutcomeInput[]>();
  const widest = new Map<string, { K: number; list: EpisodeOutcomeInput[] }>();
  for (const g of partial.filter((p) => p.row.conditionKey === CONTENT_CONTROL_KEY)) {
    binaries.set(canonicalJson([g.row.sliceKey, g.row.turnBudget]), g.list);
  }
  for (const g of partial.filter((p) => p.row.conditionKey === BASELINE_CONDITION_KEY)) {
    baselines.set(canonicalJson([g.row.sliceKey, g.row.turnBudget]), g.list);
    const best = widest.get(g.row.sliceKey);
    if (!best || g.row.turnBudget > best.K) widest.set(g.row.sliceKey, { K: g.row.turnBudget, list: g.list });
  }
  const rows: ConditionSummary[] = partial.map(({ list, row }) => {
    const baseline =
      row.condition.kind === 'single'
        ? widest.get(row.sliceKey)?.list
        : baselines.get(canonicalJson([row.sliceKey, row.turnBudget]));
    const paired =
      baseline && row.conditionKey !== BASELINE_CONDITION_KEY
        ? feedbackGain(list, baseline, { z, seed, resamples })
        : null;
    const binary = isControlKind(row.condition.kind)
      ? undefined
      : binaries.get(canonicalJson([row.sliceKey, row.turnBudget]));
    const content = binary ? feedbackGain(list, binary, { z, seed, resamples }) : null;
    return { ...row, feedbackGain: paired, contentGain: content };
  });
  rows.sort(compareRows);
  return {
    rows,
    episodeCount: episodes.length,
    baselineConditionKey: BASELINE_CONDITION_KEY,
    z,
    seed,
    resamples,
  };
}
