/**
 * The experiment designer's form state, turned into an `ExperimentDesign` (and back, from a link).
 */
import {
  defaultDesign,
  DESIGN_LIMITS,
  designProblems,
  encodeDesign,
  estimateDesign,
  MAX_LINK_CHARS,
  episodeCount,
  GREEDY_TEMPERATURE,
  type ExperimentCondition,
  type ExperimentDesign,
} from '../core/experiment';
import { conditionLabel } from '../core/protocol';
import {
  BASELINE_KIND,
  EXPERIMENT_CONDITIONS,
  PRESET_NAMES,
  TEACHER_WORD_LIMIT,
  type HistoryMode,
  type TeacherOptions,
  type LeakPolicy,
  type PresetName,
} from '../core/protocol/vocabulary';
import { EPISODE_LIMITS } from '../core/protocol/limits';
import { conditionKey } from '../core/metrics';

/**
 * Every condition an experiment can run, in the order the form lists them (and a design holds them):
 * the baseline first, since every feedback-specific gain is measured against it.
 */
export const CONDITION_OPTIONS: { key: string; label: string; condition: ExperimentCondition }[] = [
  ...EXPERIMENT_CONDITIONS.filter((c) => c.kind === BASELINE_KIND),
  ...EXPERIMENT_CONDITIONS.filter((c) => c.kind !== BASELINE_KIND),
].map((condition) => ({ key: conditionKey(condition), label: conditionLabel(condition), condition }));

export const PRESETS: readonly PresetName[] = PRESET_NAMES;

export class ExperimentDesigner {
  name = $state('');
  envIds = $state<string[]>([]);
  presets = $state<PresetName[]>([]);
  /** Condition keys (see CONDITION_OPTIONS). */
  conditions = $state<string[]>([]);
  studentModels = $state<string[]>([]);
  teacherModels = $state<string[]>([]);
  tasks = $state(10);
  taskSeed = $state(1);
  turnBudget = $state(5);
  temperature = $state(0.7);
  seed = $state(1);
  maxTokens = $state(256);
  teacherMaxTokens = $state(160);
  history = $state<HistoryMode>('full');
  leakPolicy = $state<LeakPolicy>('regenerate');
  maxLeakRetries = $state(2);
  demonstration = $state(true);
  /** Samples per item and condition. */
  replicates = $state(1);
  /** How a loaded design seeds its episodes; a new design seeds each episode apart. */
  samplingSeeds = $state<'shared' | 'per-episode'>('per-episode');
  /** Go on after a correct attempt (regressions are scored). */
  keepGoing = $state(false);
  /** Model teachers think in a scratchpad first; only their feedback is sent. */
  scratchpad = $state(false);
  /** Model teachers see the feedback they gave earlier in the episode. */
  memory = $state(false);
  /** At most this many words of teacher feedback; null: no limit. */
  wordLimit = $state<number | null>(null);
  /** Decode speed used for the time estimate (tokens/s). */
  speed = $state<number | null>(null);

  constructor(design: ExperimentDesign = defaultDesign()) {
    this.load(design);
  }

  /** Fill the form from a design (a link, a stored experiment). */
  load(design: ExperimentDesign): void {
    this.name = design.name;
    this.envIds = [...design.envIds];
    this.presets = [...design.presets];
    this.conditions = design.conditions.map(conditionKey);
    this.studentModels = [...design.studentModels];
    this.teacherModels = [...design.teacherModels];
    this.tasks = design.tasks;
    this.taskSeed = design.taskSeed;
    this.turnBudget = design.turnBudget;
    this.temperature = design.temperature;
    this.seed = design.seed;
    this.maxTokens = design.maxTokens;
    this.teacherMaxTokens = design.teacherMaxTokens;
    this.history = design.history;
    this.leakPolicy = design.leakPolicy;
    this.maxLeakRetries = design.maxLeakRetries;
    this.demonstration = design.demonstration ?? false;
    this.replicates = design.replicates ?? 1;
    this.samplingSeeds = design.samplingSeeds ?? 'shared';
    this.keepGoing = design.keepGoing ?? false;
    this.scratchpad = design.teacherOptions?.scratchpad ?? false;
    this.memory = design.teacherOptions?.memory ?? false;
    this.wordLimit = design.teacherOptions?.wordLimit ?? null;
  }

  /** Whether the form asks for greedy decoding (temperature 0 for student and teacher). */
  get greedy(): boolean {
    return this.temperature === GREEDY_TEMPERATURE;
  }

  /** The teacher options the form describes; undefined when none is set (the plain teacher). */
  private teacherOptions(): TeacherOptions | undefined {
    const limit =
      this.wordLimit === null || !Number.isFinite(this.wordLimit)
        ? undefined
        : Math.min(TEACHER_WORD_LIMIT.max, Math.max(TEACHER_WORD_LIMIT.min, Math.round(this.wordLimit)));
    const options: TeacherOptions = {
      ...(this.scratchpad ? { scratchpad: true } : {}),
      ...(this.memory ? { memory: true } : {}),
      ...(limit !== undefined ? { wordLimit: limit } : {}),
    };
    return Object.keys(options).length > 0 ? options : undefined;
  }

  /** The design the form describes (numbers from inputs are clamped to whole values where needed). */
  get design(): ExperimentDesign {
    const whole = (x: number, min: number) => Math.max(min, Math.round(Number.isFinite(x) ? x : min));
    return defaultDesign({
      name: this.name,
      envIds: [...this.envIds],
      presets: [...this.presets],
      conditions: CONDITION_OPTIONS.filter((o) => this.conditions.includes(o.key)).map((o) => o.condition),
      studentModels: [...this.studentModels],
      teacherModels: this.conditions.some((k) => k.startsWith('llm-teacher')) ? [...this.teacherModels] : [],
      tasks: whole(this.tasks, 1),
      taskSeed: whole(this.taskSeed, 0),
      turnBudget: whole(this.turnBudget, 1),
      temperature: Number.isFinite(this.temperature)
        ? Math.min(EPISODE_LIMITS.maxTemperature, Math.max(0, this.temperature))
        : 0,
      seed: whole(this.seed, 0),
      maxTokens: whole(this.maxTokens, 1),
      teacherMaxTokens: whole(this.teacherMaxTokens, 1),
      history: this.history,
      leakPolicy: this.leakPolicy,
      maxLeakRetries: whole(this.maxLeakRetries, 0),
      demonstration: this.demonstration,
      replicates: Math.min(DESIGN_LIMITS.replicates, whole(this.replicates, 1)),
      samplingSeeds: this.samplingSeeds,
      ...(this.keepGoing ? { keepGoing: true } : {}),
      ...(this.teacherOptions() ? { teacherOptions: this.teacherOptions() } : {}),
    });
  }

  /** Why the design cannot run yet (empty when it can). */
  get problems(): string[] {
    const design = this.design;
    const missing: string[] = [];
    if (design.envIds.length === 0) missing.push('Choose at least one environment.');
    if (design.presets.length === 0) missing.push('Choose at least one preset.');
    if (design.conditions.length === 0) missing.push('Choose at least one condition.');
    return [...missing, ...designProblems(design)];
  }

  get episodes(): number {
    return episodeCount(this.design);
  }

  get estimate() {
    return estimateDesign(this.design, this.speed);
  }

  /** The hash of a link that opens this design in the designer. */
  get linkHash(): string {
    return `#/experiments/new/${encodeDesign(this.design)}`;
  }

  /** Whether a link can carry this design (links longer than MAX_LINK_CHARS are refused on opening). */
  get linkFits(): boolean {
    return encodeDesign(this.design).length <= MAX_LINK_CHARS;
  }
}
