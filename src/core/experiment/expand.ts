/**
 * Expanding a design into the episodes it runs. Conditions are paired: every condition runs the same
 * task items (environment, preset params, taskSeed, index), so outcomes can be compared item by item.
 */
import { getEnvironment } from '../envs/index';
import { conditionKey, itemKey, studentLabel, teacherLabel } from '../metrics/input';
import { defaultEpisodeConfig } from '../protocol/config';
import { withDemonstration } from '../protocol/demonstration';
import { effectiveTurnBudget } from '../protocol/resume';
import { BASELINE_KIND } from '../protocol/vocabulary';
import type { EpisodeConfig, TeacherOptions } from '../protocol/types';
import { canonicalJson, itemSeed } from '../rng';
import { DESIGN_LIMITS, type ExperimentCondition, type ExperimentDesign } from './design';
import { episodeSamplingSeed } from './sampling-seed';

/** One episode of a design, with the keys that identify it. */
export interface PlannedEpisode {
  /** Position in the run order (0-based). */
  order: number;
  /** Identifies the episode within its experiment: (item, condition, student, teacher). */
  runKey: string;
  itemKey: string;
  conditionKey: string;
  config: EpisodeConfig;
}

/**
 * The run key of an episode config: its task item, condition, student, llm-teacher model and
 * replicate. An experiment runs each run key exactly once; it is derived from the stored config, so it
 * needs no field of its own in the store. Replicate 0 adds nothing, so experiments begun before
 * replicates existed keep their keys.
 */
export function runKey(config: EpisodeConfig): string {
  const key: unknown[] = [
    itemKey(config),
    conditionKey(config.condition),
    studentLabel(config),
    teacherLabel(config),
  ];
  const replicate = config.replicate ?? 0;
  return canonicalJson(replicate === 0 ? key : [...key, replicate]);
}

/** Whether any teacher option is set (an empty object is the plain teacher, and is not stored). */
function hasTeacherOptions(options: ExperimentDesign['teacherOptions']): options is TeacherOptions {
  return options !== undefined && Object.values(options).some((x) => x !== undefined && x !== false);
}

/** The (condition, teacher model) pairs of a design: llm-teacher conditions are crossed with every teacher. */
type Variant = { condition: ExperimentCondition; teacher?: string };

function conditionVariants(design: ExperimentDesign): Variant[] {
  return design.conditions.flatMap((condition): Variant[] =>
    condition.kind === 'llm-teacher'
      ? design.teacherModels.map((teacher) => ({ condition, teacher }))
      : [{ condition }],
  );
}

/**
 * Everything wrong with a design that the schema cannot see, one sentence each; empty when it can run.
 */
export function designProblems(design: ExperimentDesign): string[] {
  const problems: string[] = [];
  for (const id of design.envIds) {
    try {
      getEnvironment(id);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (design.studentModels.length === 0) problems.push('Choose at least one student model.');
  for (const [list, label] of [
    [design.studentModels, 'student'],
    [design.teacherModels, 'teacher'],
  ] as const) {
    if (list.length > DESIGN_LIMITS.models) {
      problems.push(`Choose at most ${DESIGN_LIMITS.models} ${label} models (${list.length} are chosen).`);
    }
    if (new Set(list).size < list.length) problems.push(`A ${label} model is listed twice.`);
  }
  if (new Set(design.envIds).size < design.envIds.length) problems.push('An environment is listed twice.');
  if (new Set(design.presets).size < design.presets.length) problems.push('A preset is listed twice.');
  if (design.conditions.some((c) => c.kind === 'llm-teacher') && design.teacherModels.length === 0) {
    problems.push('An LLM-teacher condition needs a teacher model: choose one.');
  }
  const keys = design.conditions.map(conditionKey);
  const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (repeated.length > 0)
    problems.push(`A condition is listed twice: ${[...new Set(repeated)].join(', ')}.`);
  if (!keys.includes(BASELINE_KIND)) {
    problems.push(
      'Add the retry condition: it is the control the feedback-specific gain is measured against.',
    );
  }
  const count = episodeCount(design);
  if (count > DESIGN_LIMITS.episodes) {
    problems.push(`This design has ${count} episodes; the limit is ${DESIGN_LIMITS.episodes}.`);
  }
  return problems;
}

/** Samples per (item, condition): the design's replicates, 1 when absent. */
export const replicatesOf = (design: Pick<ExperimentDesign, 'replicates'>): number => design.replicates ?? 1;

/** How many episodes the design runs (without expanding it). */
export function episodeCount(design: ExperimentDesign): number {
  const items = design.envIds.length * design.presets.length * design.tasks;
  return items * replicatesOf(design) * conditionVariants(design).length * design.studentModels.length;
}

/**
 * The design's episodes in run order: per student, per environment and preset, per task item, per
 * replicate, every condition in turn. Running items with all their conditions together keeps a
 * half-finished experiment paired: its finished items have every condition. With per-episode seeds,
 * the sampling seeds depend on (item, replicate) and not on the condition (see `episodeSamplingSeed`).
 * @throws {Error} when the design names an unknown environment (see `designProblems`).
 */
export function expandDesign(design: ExperimentDesign): PlannedEpisode[] {
  const planned: PlannedEpisode[] = [];
  const variants = conditionVariants(design);
  const replicates = replicatesOf(design);
  const perEpisode = design.samplingSeeds === 'per-episode';
  for (const modelId of design.studentModels) {
    for (const envId of design.envIds) {
      const env = getEnvironment(envId);
      for (const preset of design.presets) {
        for (let index = 0; index < design.tasks; index++) {
          const item = itemSeed(env.id, env.generatorVersion, env.presets[preset], design.taskSeed, index);
          for (let replicate = 0; replicate < replicates; replicate++) {
            const studentSeed = perEpisode
              ? episodeSamplingSeed(design.seed, item, replicate, 'student')
              : design.seed;
            const teacherSeed = perEpisode
              ? episodeSamplingSeed(design.seed, item, replicate, 'teacher')
              : (design.seed + 1) >>> 0;
            for (const { condition, teacher } of variants) {
              const base = defaultEpisodeConfig(envId, {
                preset,
                taskSeed: design.taskSeed,
                index,
                condition,
                student: { kind: 'model', modelId },
                ...(teacher !== undefined ? { teacherModelId: teacher } : {}),
                turnBudget: effectiveTurnBudget({ condition, turnBudget: design.turnBudget }),
                history: design.history,
                studentSampling: {
                  temperature: design.temperature,
                  seed: studentSeed,
                  maxTokens: design.maxTokens,
                },
                teacherSampling: {
                  temperature: design.temperature,
                  seed: teacherSeed,
                  maxTokens: design.teacherMaxTokens,
                },
                leakPolicy: design.leakPolicy,
                maxLeakRetries: design.maxLeakRetries,
                ...(replicates > 1 ? { replicate } : {}),
                ...(design.keepGoing ? { keepGoing: true } : {}),
                ...(hasTeacherOptions(design.teacherOptions)
                  ? { teacherOptions: design.teacherOptions }
                  : {}),
              });
              const config = design.demonstration ? withDemonstration(base) : base;
              planned.push({
                order: planned.length,
                runKey: runKey(config),
                itemKey: itemKey(config),
                conditionKey: conditionKey(condition),
                config,
              });
            }
          }
        }
      }
    }
  }
  return planned;
}

/** A time estimate, from a tokens-per-second figure. */
export interface DesignEstimate {
  episodes: number;
  /** Generated tokens if every episode used every turn and every token of its budget. */
  maxTokens: number;
  /** Tokens expected when episodes use `fill` of their token budget and all their turns (an upper-ish guess). */
  expectedTokens: number;
  /** expectedTokens / tokensPerSecond; null when no speed is known. */
  seconds: number | null;
}

/**
 * Estimate the generated tokens and the time of a design at `tokensPerSecond` (decode speed).
 * Assumes every turn is used (small models rarely solve early) and a `fill` share of each token budget
 * (0.6 by default); teacher models write feedback after every attempt but the last.
 */
export function estimateDesign(
  design: ExperimentDesign,
  tokensPerSecond: number | null,
  fill = 0.6,
): DesignEstimate {
  let maxTokens = 0;
  const perItem =
    design.envIds.length *
    design.presets.length *
    design.tasks *
    replicatesOf(design) *
    design.studentModels.length;
  for (const { condition } of conditionVariants(design)) {
    const turns = effectiveTurnBudget({ condition, turnBudget: design.turnBudget });
    const writesFeedback = condition.kind === 'llm-teacher' || condition.kind === 'self-teacher';
    const teacherTurns = writesFeedback ? turns - 1 : 0;
    maxTokens += perItem * (turns * design.maxTokens + teacherTurns * design.teacherMaxTokens);
  }
  const expectedTokens = Math.round(maxTokens * fill);
  const seconds = tokensPerSecond !== null && tokensPerSecond > 0 ? expectedTokens / tokensPerSecond : null;
  return { episodes: episodeCount(design), maxTokens, expectedTokens, seconds };
}
