/** Builders of small episodes for the metrics tests (test/unit/metrics-*.test.ts). */
import type { Condition, StudentSpec } from '../../src/core/protocol/types';
import type { EpisodeOutcomeInput, FeedbackInput, TurnInput } from '../../src/core/metrics';

export interface TurnSpec {
  correct?: boolean;
  score?: number;
  parsed?: string | null;
  attempt?: string;
  issues?: string[];
  /** Feedback after this turn; by default every turn but the last gets one from the condition. */
  feedback?: Partial<FeedbackInput> | null;
  studentTokens?: number;
  teacherTokens?: number;
  ms?: number;
}

export interface EpisodeSpec {
  condition?: Condition;
  envId?: string;
  params?: unknown;
  taskSeed?: number;
  /** Item index. */
  index?: number;
  turnBudget?: number;
  student?: StudentSpec;
  teacherModelId?: string;
  status?: EpisodeOutcomeInput['status'];
  solvedAtTurn?: number | null;
  turns?: TurnSpec[];
  /** The student's history mode and temperature (absent: not stored, as in old records). */
  history?: 'full' | 'last';
  temperature?: number;
  replicate?: number;
  endReason?: EpisodeOutcomeInput['endReason'];
}

export const RETRY: Condition = { kind: 'retry' };
export const RULE2: Condition = { kind: 'rule-teacher', level: 2 };
export const LLM_ANSWER: Condition = { kind: 'llm-teacher', privileged: 'answer' };

/** An episode from turn specs: status and solvedAtTurn follow from the turns unless given. */
export function episode(id: string, spec: EpisodeSpec = {}): EpisodeOutcomeInput {
  const condition = spec.condition ?? RETRY;
  const specs = spec.turns ?? [];
  let clock = 1000;
  const turns: TurnInput[] = specs.map((t, i) => {
    const last = i === specs.length - 1;
    const correct = t.correct ?? false;
    const startedAt = clock;
    clock += t.ms ?? 100;
    const feedback: FeedbackInput | null =
      t.feedback === null || (t.feedback === undefined && last)
        ? null
        : {
            source: condition.kind,
            leak: { leaked: false },
            regenerations: 0,
            withheld: false,
            ...(t.teacherTokens !== undefined ? { usage: { completionTokens: t.teacherTokens } } : {}),
            ...t.feedback,
          };
    return {
      turn: i + 1,
      attempt: t.attempt ?? `attempt ${i + 1}`,
      diagnosis: {
        correct,
        score: t.score ?? (correct ? 1 : 0),
        parsed: t.parsed === undefined ? `answer ${i + 1}` : t.parsed,
        issues: (t.issues ?? []).map((code) => ({ code })),
      },
      feedback,
      ...(t.studentTokens !== undefined ? { studentUsage: { completionTokens: t.studentTokens } } : {}),
      startedAt,
      endedAt: clock,
    };
  });
  const firstCorrect = turns.find((t) => t.diagnosis.correct)?.turn ?? null;
  return {
    id,
    config: {
      envId: spec.envId ?? 'maze',
      preset: 'easy',
      params: spec.params ?? { size: 5 },
      taskSeed: spec.taskSeed ?? 1,
      index: spec.index ?? 0,
      condition,
      turnBudget: spec.turnBudget ?? 5,
      student: spec.student ?? { kind: 'model', modelId: 'tiny-1' },
      ...(spec.teacherModelId !== undefined ? { teacherModelId: spec.teacherModelId } : {}),
      ...(spec.history !== undefined ? { history: spec.history } : {}),
      ...(spec.temperature !== undefined
        ? { studentSampling: { temperature: spec.temperature, seed: 1, maxTokens: 64 } }
        : {}),
      ...(spec.replicate !== undefined ? { replicate: spec.replicate } : {}),
    },
    ...(spec.endReason !== undefined ? { endReason: spec.endReason } : {}),
    status: spec.status ?? (firstCorrect !== null ? 'solved' : 'failed'),
    solvedAtTurn: spec.solvedAtTurn !== undefined ? spec.solvedAtTurn : firstCorrect,
    turns,
  };
}

/**
 * An episode solved at attempt `at` (wrong before it), or failed after `turnBudget` wrong attempts
 * when `at` is null.
 */
export function outcome(id: string, at: number | null, spec: EpisodeSpec = {}): EpisodeOutcomeInput {
  const budget = spec.condition?.kind === 'single' ? 1 : (spec.turnBudget ?? 5);
  const count = at ?? budget;
  const turns = Array.from({ length: count }, (_, i) => ({ correct: at !== null && i === count - 1 }));
  return episode(id, { ...spec, turns });
}
