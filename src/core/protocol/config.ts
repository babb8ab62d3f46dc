/**
 * Defaults and labels for episode configurations (defaults that suit 0.1–3B models).
 */
import { findEnvironment, getEnvironment } from '../envs/index';
import type { Condition, EpisodeConfig, TeacherOptions } from './types';
import { CONDITION_KINDS } from './vocabulary';

/**
 * A complete config for `envId` with the lab's defaults: turn budget 5, full history, temperature 0.7,
 * 256 student / 160 teacher tokens, leak policy 'regenerate' with 2 retries, fixed seeds, the
 * environment's default preset, a rule teacher at hint level 2 and a human student (the one student
 * that needs no model; set `student` to a model to run one), stamped with the generator version of a
 * registered environment. `overrides` replace fields wholesale.
 * @throws {Error} when `envId` is not registered and `overrides.params` is not given.
 */
export function defaultEpisodeConfig(envId: string, overrides: Partial<EpisodeConfig> = {}): EpisodeConfig {
  let preset: EpisodeConfig['preset'] = overrides.preset ?? 'custom';
  let params = overrides.params;
  // Stamped so a stored episode names the task it ran even after the generator moves on.
  const generatorVersion = findEnvironment(envId)?.generatorVersion;
  if (params === undefined) {
    const env = getEnvironment(envId);
    preset = overrides.preset && overrides.preset !== 'custom' ? overrides.preset : env.defaultPreset;
    params = env.presets[preset];
  }
  return {
    envId,
    taskSeed: 1,
    index: 0,
    condition: { kind: 'rule-teacher', level: 2 },
    student: { kind: 'human' },
    turnBudget: 5,
    history: 'full',
    studentSampling: { temperature: 0.7, seed: 1, maxTokens: 256 },
    teacherSampling: { temperature: 0.7, seed: 2, maxTokens: 160 },
    leakPolicy: 'regenerate',
    maxLeakRetries: 2,
    ...(generatorVersion !== undefined ? { generatorVersion } : {}),
    ...overrides,
    preset,
    params,
  };
}

/**
 * A condition kind's name without its settings ("Rule teacher"), for lists of kinds such as filters;
 * a kind this build does not know (stored by another) is shown as it is.
 */
export function conditionKindLabel(kind: string): string {
  if (!(CONDITION_KINDS as readonly string[]).includes(kind)) return kind;
  if (kind === 'rule-teacher') return 'Rule teacher';
  if (kind === 'llm-teacher') return 'LLM teacher';
  return conditionLabel({ kind } as Condition);
}

/** A short human-readable name for a condition, e.g. "LLM teacher (sees the answer)". */
export function conditionLabel(condition: Condition): string {
  switch (condition.kind) {
    case 'single':
      return 'Single attempt';
    case 'retry':
      return 'Retry (no feedback)';
    case 'binary':
      return 'Right/wrong only';
    case 'rule-teacher':
      return `Rule teacher (hint level ${condition.level})`;
    case 'llm-teacher': {
      const sees = {
        none: 'no privileged info',
        answer: 'sees the answer',
        solution: 'sees the worked solution',
        diagnosis: "sees the checker's diagnosis",
        guide: 'sees the answer, not the attempt',
      }[condition.privileged];
      return condition.privileged === 'guide' ? `LLM guide (${sees})` : `LLM teacher (${sees})`;
    }
    case 'self-teacher':
      return 'Self-teacher (no privileged info)';
    case 'human-teacher':
      return 'Human teacher';
  }
}

/** The teacher options in words ("scratchpad, memory, ≤ 30 words"); "plain teacher" when none is set. */
export function teacherOptionsText(options: TeacherOptions): string {
  const parts = [
    options.scratchpad ? 'scratchpad' : null,
    options.memory ? 'memory' : null,
    options.wordLimit !== undefined ? `≤ ${options.wordLimit} words` : null,
  ].filter((x) => x !== null);
  return parts.length ? `teacher: ${parts.join(', ')}` : 'plain teacher';
}
