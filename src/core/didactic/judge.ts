/**
 * The judge of issue 17: an ordinary experiment design that runs the twin models trained on one
 * recipe (didactic, answers-only, maybe retry) as students on the recipe's held-out items, under
 * retry and the rule teacher, so the lab's own runner, store and charts carry it; and the report read
 * from that experiment's summary: each model's feedback-specific gain (rule teacher − retry, paired
 * by item) and the headline, the didactic model's gain minus its answers-only twin's, paired by item.
 */
import {
  DESIGN_LIMITS,
  DESIGN_VERSION,
  GREEDY_TEMPERATURE,
  type ExperimentDesign,
} from '../experiment/design';
import type { HintLevel } from '../envs/types';
import { contrast, type Contrast, type ItemOutcome } from '../metrics/contrast';
import { gainDifference, type GainDifference } from '../metrics/gain-difference';
import type { ConditionSummary, ExperimentSummary } from '../metrics/summary';
import { BASELINE_CONDITION_KEY } from '../metrics/summary';
import { fullRecipe, type DidacticRecipe } from './recipe';

/** The loaded model ids of the twins, by the kind of data each was trained on. */
export interface JudgeModels {
  didactic: string;
  answersOnly: string;
  /** The retry twin, when one was trained: judged alongside, not in the headline. */
  retry?: string;
}

/** What the judge's design may change; everything else follows from the recipe. */
export interface JudgeOptions {
  /** Held-out items per environment (default: the recipe's `heldOut`, at most the design limit). */
  tasks?: number;
  /** The rule teacher's hint level (default: the highest level the recipe trained on). */
  level?: HintLevel;
  /** Attempts per episode (default: the most wrong attempts of a training transcript, plus one). */
  turnBudget?: number;
  /** Bytes per reply (default 160: a worked arithmetic answer or a maze path fits). */
  maxTokens?: number;
}

const DEFAULT_MAX_TOKENS = 160;

/** The roles of a judge's students, in the order the design lists them. */
export function judgeStudents(models: JudgeModels): string[] {
  return [models.didactic, models.answersOnly, ...(models.retry ? [models.retry] : [])];
}

/**
 * The judge's experiment: the recipe's environments at its preset, items 0..tasks-1 of `taskSeed =
 * recipe.seed` (exactly `heldOutItems`, which training never sees), retry and the rule teacher, each
 * model a student. Greedy decoding and no demonstration: the training transcripts have none, and
 * greedy replies make one episode per item and condition a fair, repeatable draw.
 * @throws {RangeError} on an invalid recipe, two roles naming the same model, or an option out of range.
 */
export function judgeDesign(
  recipe: DidacticRecipe,
  models: JudgeModels,
  options: JudgeOptions = {},
): ExperimentDesign {
  const full = fullRecipe(recipe);
  const students = judgeStudents(models);
  if (new Set(students).size !== students.length)
    throw new RangeError('judge: each twin must be a different loaded model');
  const tasks = options.tasks ?? Math.min(full.heldOut, DESIGN_LIMITS.tasks);
  if (!Number.isInteger(tasks) || tasks < 1 || tasks > Math.min(full.heldOut, DESIGN_LIMITS.tasks))
    throw new RangeError(
      `judge: tasks must be a whole number from 1 to the recipe's ${full.heldOut} held-out items`,
    );
  const level = options.level ?? (Math.max(...full.levels) as HintLevel);
  const turnBudget = options.turnBudget ?? Math.max(...full.wrongAttempts) + 1;
  if (!Number.isInteger(turnBudget) || turnBudget < 2 || turnBudget > DESIGN_LIMITS.turnBudget)
    throw new RangeError(`judge: turnBudget must be a whole number from 2 to ${DESIGN_LIMITS.turnBudget}`);
  return {
    version: DESIGN_VERSION,
    name: `Judge: ${full.kind === 'didactic' ? '' : `${full.kind} recipe, `}${full.envs.join(' + ')} ${full.preset}, seed ${full.seed}`,
    envIds: [...full.envs],
    presets: [full.preset],
    conditions: [{ kind: 'retry' }, { kind: 'rule-teacher', level }],
    studentModels: students,
    teacherModels: [],
    tasks,
    taskSeed: full.seed,
    turnBudget,
    temperature: GREEDY_TEMPERATURE,
    seed: full.seed,
    maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
    teacherMaxTokens: 160,
    history: 'full',
    leakPolicy: 'regenerate',
    maxLeakRetries: 2,
    demonstration: false,
    replicates: 1,
    samplingSeeds: 'per-episode',
  };
}

/** One model's part of the judge's report. */
export interface JudgeModelReport {
  role: keyof JudgeModels;
  modelId: string;
  /** Rule teacher − retry at the last turn, paired by item, pooled over the environments; null: no pairs. */
  gain: Contrast | null;
  /** The summary rows it is read from (one per environment and condition), for links to them. */
  rowKeys: string[];
}

/** The judge's report over its experiment's summary. */
export interface JudgeReport {
  models: JudgeModelReport[];
  /** Didactic's feedback-specific gain − answers-only's, paired by item; null until items pair up. */
  headline: GainDifference | null;
  /** The rule-teacher condition key the gains were read at (e.g. 'rule-teacher:3'). */
  teacherKey: string;
}

/** Every row of `studentModel` at `conditionKey`, with its item outcomes pooled (item keys hold the environment). */
function pooled(rows: readonly ConditionSummary[], studentModel: string, conditionKey: string) {
  const mine = rows.filter((r) => r.studentModel === studentModel && r.conditionKey === conditionKey);
  const outcomes: ItemOutcome[] = mine.flatMap((r) => r.itemOutcomes);
  return { keys: mine.map((r) => r.key), outcomes };
}

/**
 * The judge's report from the summary of its experiment (`summarise` over the stored episodes, as
 * `LabApi.experimentResults` returns it): each model's gain as `contrast` (Newcombe's paired
 * interval and McNemar's test with one episode per item) and the headline as `gainDifference` (item
 * bootstrap, sign test), both with the summary's z, seed and resamples.
 */
export function judgeReport(
  summary: ExperimentSummary,
  design: Pick<ExperimentDesign, 'conditions'>,
  models: JudgeModels,
): JudgeReport {
  const teacher = design.conditions.find((c) => c.kind === 'rule-teacher');
  const teacherKey = teacher && teacher.kind === 'rule-teacher' ? `rule-teacher:${teacher.level}` : '';
  const options = { z: summary.z, seed: summary.seed, resamples: summary.resamples };
  const sides = (id: string) => ({
    teacher: pooled(summary.rows, id, teacherKey),
    retry: pooled(summary.rows, id, BASELINE_CONDITION_KEY),
  });
  const roles = (['didactic', 'answersOnly', 'retry'] as const).filter((r) => models[r] !== undefined);
  const reports = roles.map((role): JudgeModelReport => {
    const modelId = models[role]!;
    const { teacher: t, retry: r } = sides(modelId);
    return {
      role,
      modelId,
      gain: contrast(t.outcomes, r.outcomes, options),
      rowKeys: [...t.keys, ...r.keys],
    };
  });
  const [d, a] = [sides(models.didactic), sides(models.answersOnly)];
  const headline = gainDifference(
    { teacher: d.teacher.outcomes, retry: d.retry.outcomes },
    { teacher: a.teacher.outcomes, retry: a.retry.outcomes },
    options,
  );
  return { models: reports, headline, teacherKey };
}
