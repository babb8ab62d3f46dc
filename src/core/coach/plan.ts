/**
 * "Be the teacher": a person coaches a model student through a few tasks, and the lab scores them by
 * how many more tasks the student solves with their feedback than with plain retry on the same tasks.
 * This file turns the game's choices into the two episodes of each task: the person teaching
 * (`human-teacher`) and its control (`retry`), identical in everything else (task, student, sampling
 * seed, budget, demonstration), so the first attempts match and only the feedback differs.
 */
import { findEnvironment } from '../envs';
import { defaultEpisodeConfig, withDemonstration } from '../protocol';
import { EPISODE_LIMITS } from '../protocol/limits';
import type { EpisodeConfig } from '../protocol/types';
import type { PresetName } from '../protocol/vocabulary';

/** How many tasks a game has and how many attempts each gets (a class game stays short). */
export const COACH_LIMITS = {
  tasks: { min: 1, max: 10 },
  turns: { min: 2, max: 5 },
} as const;

/** What a game is played on. */
export interface CoachPlan {
  envId: string;
  preset: PresetName;
  studentModel: string;
  /** Tasks 0..tasks−1 of the stream seeded by `taskSeed`. */
  tasks: number;
  taskSeed: number;
  turnBudget: number;
  temperature: number;
  maxTokens: number;
}

/** The two episodes of one task: the person teaching, and plain retry on the same task. */
export interface CoachPair {
  coached: EpisodeConfig;
  retry: EpisodeConfig;
}

const whole = (x: number, min: number, max: number) => Number.isInteger(x) && x >= min && x <= max;

/** Why the plan cannot be played, in words; null when it can. */
export function coachPlanProblem(plan: CoachPlan, loadedModels: readonly string[]): string | null {
  if (!findEnvironment(plan.envId)) return `Unknown environment ${plan.envId}.`;
  if (!plan.studentModel) return 'Choose and load a model to be your student.';
  if (!loadedModels.includes(plan.studentModel)) return `Load ${plan.studentModel} first.`;
  const { tasks, turns } = COACH_LIMITS;
  if (!whole(plan.tasks, tasks.min, tasks.max))
    return `Tasks must be a whole number from ${tasks.min} to ${tasks.max}.`;
  if (!whole(plan.turnBudget, turns.min, turns.max))
    return `Attempts must be a whole number from ${turns.min} to ${turns.max}.`;
  if (!whole(plan.taskSeed, 0, 2 ** 31 - 1)) return 'The task seed must be a whole number from 0.';
  if (!whole(plan.maxTokens, 1, EPISODE_LIMITS.maxTokens))
    return `Max tokens must be a whole number from 1 to ${EPISODE_LIMITS.maxTokens}.`;
  if (!(plan.temperature >= 0 && plan.temperature <= EPISODE_LIMITS.maxTemperature))
    return `The temperature must be from 0 to ${EPISODE_LIMITS.maxTemperature}.`;
  return null;
}

/**
 * The episodes of task `task` (0-based) of the plan. The sampling seed is the task's number, the same
 * on both sides: with a seeded engine both first attempts are the same reply.
 * @throws {Error} for an unknown environment.
 */
export function coachPair(plan: CoachPlan, task: number): CoachPair {
  const env = findEnvironment(plan.envId);
  if (!env) throw new Error(`Unknown environment ${plan.envId}.`);
  const base = defaultEpisodeConfig(plan.envId, {
    preset: plan.preset,
    params: env.presets[plan.preset],
    taskSeed: plan.taskSeed,
    index: task,
    student: { kind: 'model', modelId: plan.studentModel },
    turnBudget: plan.turnBudget,
    studentSampling: { temperature: plan.temperature, seed: task, maxTokens: plan.maxTokens },
  });
  const coached = withDemonstration({ ...base, condition: { kind: 'human-teacher' } });
  const retry = withDemonstration({ ...base, condition: { kind: 'retry' } });
  return { coached, retry };
}
