/**
 * The episode form's state: what the person picked, turned into an `EpisodeConfig` on start.
 */
import { findEnvironment } from '../core/envs';
import { defaultEpisodeConfig, effectiveTurnBudget, withDemonstration } from '../core/protocol';
import { EPISODE_LIMITS } from '../core/protocol/limits';
import { SETUP_LINK_VERSION, type EpisodeSetupLink } from '../core/links/episode-setup-link';
import type { Condition, EpisodeConfig, StudentSpec } from '../core/protocol/types';
import {
  CONTROL_KINDS,
  TEACHER_KINDS,
  TEACHER_WORD_LIMIT,
  type TeacherOptions,
  type ConditionKind,
  type HintLevel,
  type HistoryMode,
  type PresetName,
  type PrivilegedInfo,
} from '../core/protocol/vocabulary';

/**
 * Condition kinds in the order the form lists them: the teachers first (what the lab is for), then
 * the controls from the most help to the least.
 */
export const CONDITION_KINDS: readonly ConditionKind[] = [...TEACHER_KINDS, ...[...CONTROL_KINDS].reverse()];

/** Conditions that need a model besides (or as) the student. */
export function needsTeacherModel(kind: ConditionKind): boolean {
  return kind === 'llm-teacher';
}

export class EpisodeSetup {
  envId = $state('maze');
  preset = $state<PresetName>('easy');
  taskSeed = $state(1);
  index = $state(0);
  conditionKind = $state<ConditionKind>('rule-teacher');
  hintLevel = $state<HintLevel>(2);
  privileged = $state<PrivilegedInfo>('diagnosis');
  studentKind = $state<StudentSpec['kind']>('human');
  studentModel = $state('');
  teacherModel = $state('');
  turnBudget = $state(5);
  history = $state<HistoryMode>('full');
  temperature = $state(0.7);
  samplingSeed = $state(0);
  /** The most tokens a model student writes per attempt. */
  maxTokens = $state(256);
  /** Show a model student one solved example of another item first. */
  demonstration = $state(true);
  /** Go on after a correct attempt until the budget is spent. */
  keepGoing = $state(false);
  /** A model teacher thinks in a scratchpad first; only its feedback is sent. */
  scratchpad = $state(false);
  /** A model teacher sees the feedback it gave earlier in the episode. */
  memory = $state(false);
  /** At most this many words of a model teacher's feedback; null: no limit. */
  wordLimit = $state<number | null>(null);

  /** Whether a model writes the feedback (the teacher options apply to it). */
  get modelTeacher(): boolean {
    return this.conditionKind === 'llm-teacher' || this.conditionKind === 'self-teacher';
  }

  /** The teacher options of this setup; undefined for the plain teacher or when no model teaches. */
  private teacherOptions(): TeacherOptions | undefined {
    if (!this.modelTeacher) return undefined;
    const options: TeacherOptions = {
      ...(this.scratchpad ? { scratchpad: true } : {}),
      ...(this.memory ? { memory: true } : {}),
      ...(this.wordLimit !== null && Number.isFinite(this.wordLimit)
        ? {
            wordLimit: Math.min(
              TEACHER_WORD_LIMIT.max,
              Math.max(TEACHER_WORD_LIMIT.min, Math.round(this.wordLimit)),
            ),
          }
        : {}),
    };
    return Object.keys(options).length > 0 ? options : undefined;
  }

  /** The setup as a link holds it (everything the form shows; nothing is loaded or started by it). */
  toLink(): EpisodeSetupLink {
    const options = this.teacherOptions();
    return {
      version: SETUP_LINK_VERSION,
      envId: this.envId,
      preset: this.preset,
      taskSeed: this.taskSeed,
      index: this.index,
      condition: this.condition(),
      studentModel: this.studentKind === 'model' && this.studentModel ? this.studentModel : null,
      ...(needsTeacherModel(this.conditionKind) && this.teacherModel
        ? { teacherModel: this.teacherModel }
        : {}),
      turnBudget: this.turnBudget,
      history: this.history,
      temperature: this.temperature,
      samplingSeed: this.samplingSeed,
      maxTokens: this.maxTokens,
      demonstration: this.demonstration,
      ...(this.keepGoing ? { keepGoing: true } : {}),
      ...(options ? { teacherOptions: options } : {}),
    };
  }

  /** Fill the form from a link: the same task, condition and settings; a named model still needs loading. */
  load(link: EpisodeSetupLink): void {
    this.envId = link.envId;
    this.preset = link.preset;
    this.taskSeed = link.taskSeed;
    this.index = link.index;
    this.conditionKind = link.condition.kind;
    if (link.condition.kind === 'rule-teacher') this.hintLevel = link.condition.level;
    if (link.condition.kind === 'llm-teacher') this.privileged = link.condition.privileged;
    this.studentKind = link.studentModel === null ? 'human' : 'model';
    this.studentModel = link.studentModel ?? '';
    this.teacherModel = link.teacherModel ?? '';
    this.turnBudget = link.turnBudget;
    this.history = link.history;
    this.temperature = link.temperature;
    this.samplingSeed = link.samplingSeed;
    this.maxTokens = link.maxTokens;
    this.demonstration = link.demonstration;
    this.keepGoing = link.keepGoing ?? false;
    this.scratchpad = link.teacherOptions?.scratchpad ?? false;
    this.memory = link.teacherOptions?.memory ?? false;
    this.wordLimit = link.teacherOptions?.wordLimit ?? null;
  }

  /** Why the setup cannot start, in words; null when it can. */
  problem(loadedModels: readonly string[]): string | null {
    if (!findEnvironment(this.envId)) return `Unknown environment ${this.envId}.`;
    const modelStudent = this.studentKind === 'model';
    if (modelStudent && !this.studentModel)
      return 'Choose and load a student model, or play as the human student.';
    if (modelStudent && !loadedModels.includes(this.studentModel)) return `Load ${this.studentModel} first.`;
    if (this.conditionKind === 'self-teacher' && !modelStudent) {
      return 'The self-teacher is the student model critiquing itself: choose a model student.';
    }
    if (needsTeacherModel(this.conditionKind)) {
      if (!this.teacherModel) return 'Choose a teacher model.';
      if (!loadedModels.includes(this.teacherModel)) return `Load ${this.teacherModel} first.`;
    }
    const { turnBudget, maxTokens, maxTemperature } = EPISODE_LIMITS;
    if (!Number.isInteger(this.turnBudget) || this.turnBudget < 1 || this.turnBudget > turnBudget) {
      return `The turn budget must be a whole number from 1 to ${turnBudget}.`;
    }
    if (
      modelStudent &&
      (!Number.isInteger(this.maxTokens) || this.maxTokens < 1 || this.maxTokens > maxTokens)
    ) {
      return `Max tokens must be a whole number from 1 to ${maxTokens}.`;
    }
    if (modelStudent && !(this.temperature >= 0 && this.temperature <= maxTemperature)) {
      return `The temperature must be from 0 to ${maxTemperature}.`;
    }
    return null;
  }

  private condition(): Condition {
    switch (this.conditionKind) {
      case 'rule-teacher':
        return { kind: 'rule-teacher', level: this.hintLevel };
      case 'llm-teacher':
        return { kind: 'llm-teacher', privileged: this.privileged };
      default:
        return { kind: this.conditionKind } as Condition;
    }
  }

  /** The episode configuration this setup describes. */
  toConfig(): EpisodeConfig {
    const env = findEnvironment(this.envId);
    if (!env) throw new Error(`Unknown environment ${this.envId}.`);
    const base = defaultEpisodeConfig(this.envId);
    const condition = this.condition();
    const config: EpisodeConfig = {
      ...base,
      preset: this.preset,
      params: env.presets[this.preset],
      taskSeed: this.taskSeed,
      index: this.index,
      condition,
      student:
        this.studentKind === 'model' ? { kind: 'model', modelId: this.studentModel } : { kind: 'human' },
      teacherModelId: needsTeacherModel(this.conditionKind) ? this.teacherModel : undefined,
      turnBudget: effectiveTurnBudget({ condition, turnBudget: this.turnBudget }),
      history: this.history,
      // A human student's sampling is unused, and its inputs are hidden: keep the defaults, so a value
      // typed while a model was chosen is not stored (the import bounds what is stored).
      studentSampling:
        this.studentKind === 'model'
          ? { temperature: this.temperature, seed: this.samplingSeed, maxTokens: this.maxTokens }
          : { ...base.studentSampling, seed: this.samplingSeed },
      // One temperature for student and teacher, as a design has: greedy (0) means both decode greedily.
      teacherSampling: {
        ...base.teacherSampling,
        seed: this.samplingSeed,
        ...(this.studentKind === 'model' || this.modelTeacher ? { temperature: this.temperature } : {}),
      },
      ...(this.keepGoing ? { keepGoing: true } : {}),
    };
    const teacherOptions = this.teacherOptions();
    if (teacherOptions) config.teacherOptions = teacherOptions;
    return this.demonstration ? withDemonstration(config) : config;
  }
}
