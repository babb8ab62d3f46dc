/**
 * Realistic stored history for store tests and the store benchmark: episodes over the real
 * environments and conditions, each with its turns (real tasks, real verifier diagnoses, the student
 * prompts the protocol builds, teacher feedback records with prompts and usage). Deterministic in
 * `seed`; no IndexedDB here, so it runs in Node and in the browser alike.
 */
import { environments } from '../../src/core/envs';
import type { Task } from '../../src/core/envs/types';
import {
  buildStudentMessages,
  CONDITION_KINDS,
  defaultEpisodeConfig,
  teacherMessages,
  type Condition,
  type ConditionKind,
  type EpisodeConfig,
  type FeedbackRecord,
  type TurnRecord,
} from '../../src/core/protocol';
import { createRng } from '../../src/core/rng';
import type { EpisodeRecord, EpisodeStatus, EpisodeWithTurns } from '../../src/store';

export const FIXTURE_ENVS = ['maze', 'arithmetic', 'countdown', 'knights', 'hanoi'] as const;
export const FIXTURE_MODELS = [
  'human',
  'SmolLM2-360M-Instruct-q4f32_1-MLC',
  'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
];
/** Distinct tasks generated per environment (reused across episodes, as a seeded sweep would). */
const TASKS_PER_ENV = 12;

export interface SyntheticOptions {
  /** Turns per episode (an episode solved earlier has fewer). Default 5. */
  turns?: number;
  seed?: number;
  /** startedAt of the first episode; the others follow a minute apart. */
  startAt?: number;
}

function condition(kind: ConditionKind): Condition {
  switch (kind) {
    case 'rule-teacher':
      return { kind, level: 2 };
    case 'llm-teacher':
      return { kind, privileged: 'diagnosis' };
    default:
      return { kind } as Condition;
  }
}

/** `count` stored episodes with their turns (every one ended: solved, failed, stopped or interrupted). */
export function syntheticHistory(count: number, options: SyntheticOptions = {}): EpisodeWithTurns[] {
  const rng = createRng(options.seed ?? 1);
  const turnsWanted = options.turns ?? 5;
  const startAt = options.startAt ?? Date.UTC(2025, 0, 1);
  const tasks = new Map<string, Task[]>();
  for (const envId of FIXTURE_ENVS) {
    const env = environments[envId]!;
    const params = env.presets[env.defaultPreset];
    tasks.set(
      envId,
      Array.from({ length: TASKS_PER_ENV }, (_, i) => env.generate(params, 1, i)),
    );
  }
  const out: EpisodeWithTurns[] = [];
  for (let n = 0; n < count; n++) {
    const envId = FIXTURE_ENVS[n % FIXTURE_ENVS.length]!;
    const env = environments[envId]!;
    const kind = CONDITION_KINDS[Math.floor(n / FIXTURE_ENVS.length) % CONDITION_KINDS.length]!;
    const model = FIXTURE_MODELS[n % FIXTURE_MODELS.length]!;
    const index = n % TASKS_PER_ENV;
    const task = tasks.get(envId)![index]!;
    const config: EpisodeConfig = defaultEpisodeConfig(envId, {
      taskSeed: 1,
      index,
      condition: condition(kind),
      student: model === 'human' ? { kind: 'human' } : { kind: 'model', modelId: model },
      ...(kind === 'llm-teacher' ? { teacherModelId: FIXTURE_MODELS[1] } : {}),
      turnBudget: turnsWanted,
    });
    const budget = kind === 'single' ? 1 : turnsWanted;
    // A third solve, at a random turn; the rest use the whole budget.
    const solveAt = rng.chance(0.34) ? rng.int(1, budget) : null;
    const started = startAt + n * 60_000;
    const turns: TurnRecord[] = [];
    for (let t = 1; t <= (solveAt ?? budget); t++) {
      const attempt =
        t === solveAt
          ? `<answer>${task.solution}</answer>`
          : `Let me think again (try ${t}). <answer>${n % 97}</answer>`;
      const diagnosis = env.verify(task, attempt);
      const last = diagnosis.correct || t === budget;
      const feedback: FeedbackRecord | null = last
        ? null
        : {
            source: kind,
            text: `Not yet: ${diagnosis.issues[0]?.message ?? 'check your answer'} — «look again», step ${t}.`,
            leak: { leaked: false, overlap: 0.1, reason: null },
            regenerations: t % 3 === 0 ? 1 : 0,
            withheld: false,
            finishReason: 'stop',
            usage: { promptTokens: 300 + t, completionTokens: 40, decodeTokensPerSec: 12.5 },
            ...(kind === 'llm-teacher'
              ? { prompt: teacherMessages(task, attempt, diagnosis, 'diagnosis') }
              : {}),
            ms: 800 + t,
          };
      const studentPrompt = model === 'human' ? [] : buildStudentMessages(task, turns, config.history);
      turns.push({
        turn: t,
        studentPrompt,
        attempt,
        finishReason: 'stop',
        diagnosis,
        feedback,
        ...(model === 'human' ? {} : { studentUsage: { promptTokens: 200 * t, completionTokens: 30 } }),
        startedAt: started + t * 5_000,
        endedAt: started + t * 5_000 + 4_000,
        studentMs: 3_000,
      });
    }
    const solved = solveAt !== null;
    const status: EpisodeStatus = solved
      ? 'solved'
      : n % 11 === 0
        ? 'interrupted'
        : n % 13 === 0
          ? 'aborted'
          : 'failed';
    const episode: EpisodeRecord = {
      id: `ep-${String(n).padStart(6, '0')}-${rng.int(0, 1e9).toString(36)}`,
      experimentId: null,
      config,
      task,
      status,
      solvedAtTurn: solved ? solveAt : null,
      turnsDone: turns.length,
      startedAt: started,
      endedAt: turns.at(-1)!.endedAt,
      appVersion: '0.1.0',
      schemaVersion: 1,
      envId,
      conditionKind: kind,
      studentModel: model,
    };
    out.push({ episode, turns });
  }
  return out;
}
