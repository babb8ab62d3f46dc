/**
 * The valibot schema of an `ExperimentDesign`: what a link or a stored plan must hold to be run.
 * Structural checks only; cross-field problems (unknown environments, a missing teacher) are in
 * `designProblems`.
 */
import * as v from 'valibot';
import { EPISODE_LIMITS } from '../protocol/limits';
import {
  ExperimentConditionSchema,
  HistoryModeSchema,
  LeakPolicySchema,
  PresetNameSchema,
  TeacherOptionsSchema,
} from '../protocol/vocabulary';
import { DESIGN_LIMITS, DESIGN_VERSION } from './design';

const count = (max: number) => v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max));
const seed = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(0xffffffff));
/** A list of 1 to `max` items (every list in a design is bounded: links are untrusted). */
const list = <T extends v.GenericSchema>(item: T, max: number, min = 1) =>
  v.pipe(v.array(item), v.minLength(min), v.maxLength(max));
const modelId = v.pipe(v.string(), v.minLength(1), v.maxLength(DESIGN_LIMITS.modelIdChars));

/** A condition a design can hold (the vocabulary's: every kind but a human teacher). */
export const conditionSchema = ExperimentConditionSchema;

export const designSchema = v.object({
  version: v.literal(DESIGN_VERSION),
  name: v.pipe(v.string(), v.maxLength(DESIGN_LIMITS.nameChars)),
  envIds: list(
    v.pipe(v.string(), v.minLength(1), v.maxLength(DESIGN_LIMITS.envIdChars)),
    DESIGN_LIMITS.envIds,
  ),
  presets: list(PresetNameSchema, DESIGN_LIMITS.presets),
  conditions: list(conditionSchema, DESIGN_LIMITS.conditions),
  studentModels: list(modelId, DESIGN_LIMITS.models, 0),
  teacherModels: list(modelId, DESIGN_LIMITS.models, 0),
  tasks: count(DESIGN_LIMITS.tasks),
  taskSeed: seed,
  turnBudget: count(DESIGN_LIMITS.turnBudget),
  temperature: v.pipe(v.number(), v.minValue(0), v.maxValue(EPISODE_LIMITS.maxTemperature)),
  seed,
  maxTokens: count(DESIGN_LIMITS.maxTokens),
  teacherMaxTokens: count(DESIGN_LIMITS.maxTokens),
  history: HistoryModeSchema,
  leakPolicy: LeakPolicySchema,
  maxLeakRetries: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(DESIGN_LIMITS.maxLeakRetries)),
  demonstration: v.optional(v.boolean()),
  replicates: v.optional(count(DESIGN_LIMITS.replicates)),
  samplingSeeds: v.optional(v.picklist(['shared', 'per-episode'])),
  keepGoing: v.optional(v.boolean()),
  teacherOptions: v.optional(TeacherOptionsSchema),
});

/** Turn valibot issues into one line per problem, naming the field ("turnBudget: Invalid value…"). */
export function issueLines(issues: readonly v.BaseIssue<unknown>[]): string[] {
  return issues.map((issue) => {
    const path = v.getDotPath(issue);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
