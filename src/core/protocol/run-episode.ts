/**
 * One didactic episode as a stream of events: the student attempts, the verifier
 * checks, the condition's feedback follows, until the task is solved or the turn budget is spent.
 *
 * Guarantees to the consumer:
 * - 'episode-start' comes first and exactly one 'episode-end' comes last (unless the consumer stops
 *   iterating early, which also aborts any generation in flight);
 * - a 'turn-end' carries a complete TurnRecord; a turn interrupted by an abort or an error (mid
 *   attempt, mid feedback, or while waiting for a person) yields no 'turn-end' and is not recorded:
 *   its partial text only ever appeared as token events;
 * - model output is only ever handled as text.
 */
import { EPISODE_LIMITS } from './limits';
import { errorText } from '../error-text';
import type { ChatUsage, FinishReason } from '../engine';
import type { Task } from '../envs/types';
import { produceFeedback } from './feedback';
import { resumeProblem, turnsVerdict } from './resume';
import { buildStudentMessages } from './history';
import { chatStreaming, deriveSeed, EpisodeAbortedError, raceAbort, throwIfAborted } from './stream';
import type {
  EpisodeConfig,
  EpisodeDeps,
  EpisodeEvent,
  EpisodeOutcome,
  FeedbackRecord,
  TurnRecord,
} from './types';
import type { EndReason } from './vocabulary';

/** Why `config` cannot run with `deps`, in words a person can act on; null when it can. */
export function configProblem(config: EpisodeConfig, deps: EpisodeDeps): string | null {
  // Bounded as the form bounds them: a stored config (resumed) may come from a crafted file.
  const { turnBudget, maxLeakRetries, maxTokens } = EPISODE_LIMITS;
  if (!Number.isInteger(config.turnBudget) || config.turnBudget < 1 || config.turnBudget > turnBudget) {
    return `The turn budget must be a whole number from 1 to ${turnBudget}, not ${String(config.turnBudget)}.`;
  }
  if (
    !Number.isInteger(config.maxLeakRetries) ||
    config.maxLeakRetries < 0 ||
    config.maxLeakRetries > maxLeakRetries
  ) {
    return `maxLeakRetries must be a whole number from 0 to ${maxLeakRetries}, not ${String(config.maxLeakRetries)}.`;
  }
  for (const [role, sampling] of [
    ['student', config.studentSampling],
    ['teacher', config.teacherSampling],
  ] as const) {
    if (!Number.isInteger(sampling.maxTokens) || sampling.maxTokens < 1 || sampling.maxTokens > maxTokens) {
      return `The ${role}'s max tokens must be a whole number from 1 to ${maxTokens}, not ${String(sampling.maxTokens)}.`;
    }
  }
  if (config.student.kind === 'model' && !deps.studentEngine) {
    return `Load the student model (${config.student.modelId}) before starting the episode.`;
  }
  if (config.student.kind === 'human' && !deps.human) {
    return 'A human student needs the page to collect their answers; none was connected.';
  }
  const kind = config.condition.kind;
  if (kind === 'llm-teacher' && !deps.teacherEngine) {
    return `Load the teacher model${config.teacherModelId ? ` (${config.teacherModelId})` : ''} before starting.`;
  }
  if (kind === 'self-teacher' && !deps.studentEngine) {
    return 'The self-teacher is the student model critiquing itself: choose a model student.';
  }
  if (kind === 'human-teacher' && !deps.human) {
    return 'The human-teacher condition needs the page to collect feedback; none was connected.';
  }
  return deps.resume ? resumeProblem(config, deps.resume.turns) : null;
}

/** A finished turn from an earlier run, yielded as the events that produced it (record unchanged). */
function* replayTurn(record: TurnRecord): Generator<EpisodeEvent> {
  const { turn } = record;
  yield { type: 'turn-start', turn, at: record.startedAt };
  yield {
    type: 'attempt',
    turn,
    text: record.attempt,
    finishReason: record.finishReason,
    diagnosis: record.diagnosis,
  };
  if (record.feedback) yield { type: 'feedback', turn, feedback: record.feedback };
  yield { type: 'turn-end', record };
}

interface StudentResult {
  studentPrompt: TurnRecord['studentPrompt'];
  attempt: string;
  finishReason: FinishReason;
  usage?: ChatUsage;
}

/** The student's attempt at `turn`, streaming a model's tokens as 'student-token' events. */
async function* studentAttempt(
  config: EpisodeConfig,
  deps: EpisodeDeps,
  task: Task,
  past: readonly TurnRecord[],
  turn: number,
  signal: AbortSignal,
): AsyncGenerator<EpisodeEvent, StudentResult> {
  if (config.student.kind === 'human') {
    if (!deps.human) throw new Error('No human student is connected.');
    const feedback = past.at(-1)?.feedback?.text ?? null;
    const attempt = await raceAbort(deps.human.attempt({ turn, task, feedback }), signal);
    return { studentPrompt: [], attempt, finishReason: 'stop' };
  }
  if (!deps.studentEngine) throw new Error('No student model is loaded.');
  const messages = buildStudentMessages(task, past, config.history, config.demonstration);
  const sampling = { ...config.studentSampling, seed: deriveSeed(config.studentSampling.seed, turn) };
  const result = yield* chatStreaming(
    deps.studentEngine,
    messages.map((m) => ({ ...m })),
    sampling,
    signal,
    (delta): EpisodeEvent => ({ type: 'student-token', turn, delta }),
  );
  return {
    studentPrompt: messages,
    attempt: result.text,
    finishReason: result.finishReason,
    usage: result.usage,
  };
}

/**
 * Run one episode, yielding its events as they happen (tokens stream live).
 *
 * The task is `deps.env.generate(config.params, config.taskSeed, config.index)`. The student's seed at
 * turn t is `deriveSeed(studentSampling.seed, t)`; the teacher's, at regeneration r,
 * `deriveSeed(teacherSampling.seed, t, r)`. With `deps.resume`, the given finished turns are replayed as
 * events and the episode continues from the next turn (so the seeds are those the full run would use).
 * Abort through `deps.signal`: the episode then ends
 * 'aborted' with every turn that had already ended left as it was. An engine or person failing, or a
 * config that cannot run (see {@link configProblem}), ends it 'error' with the message.
 *
 * @throws {RangeError} (from the environment) only when the task itself cannot be generated: there is
 *   no task to start an episode with, so nothing is yielded.
 */
/** An engine's ContextOverflowError (engines/errors.ts), known by name: core does not import engines. */
function isContextOverflow(error: unknown): boolean {
  return error instanceof Error && error.name === 'ContextOverflowError';
}

export async function* runEpisode(
  config: EpisodeConfig,
  deps: EpisodeDeps,
): AsyncGenerator<EpisodeEvent, void> {
  const task = deps.env.generate(config.params, config.taskSeed, config.index);
  yield { type: 'episode-start', task, at: deps.clock() };

  // Our own controller: it follows deps.signal, and also stops generation if the consumer leaves early.
  const controller = new AbortController();
  const outer = deps.signal;
  const forward = () => controller.abort();
  if (outer?.aborted) controller.abort();
  else outer?.addEventListener('abort', forward, { once: true });
  const signal = controller.signal;
  const end = (
    outcome: EpisodeOutcome,
    solvedAtTurn: number | null,
    error?: string,
    endReason?: EndReason,
  ): EpisodeEvent => ({
    type: 'episode-end',
    outcome,
    solvedAtTurn,
    at: deps.clock(),
    ...(error !== undefined ? { error } : {}),
    ...(endReason !== undefined ? { endReason } : {}),
  });

  let ending: EpisodeEvent;
  try {
    const problem = configProblem(config, deps);
    if (problem) throw new Error(problem);
    // Environments that verify with WebAssembly (the code sandbox) load it once, here.
    await deps.env.prepare?.();
    const turns: TurnRecord[] = [];
    // A resumed episode: its finished turns become the history the student continues from.
    for (const record of deps.resume?.turns ?? []) {
      yield* replayTurn(record);
      turns.push(record);
    }
    for (let turn = turns.length + 1; ; turn++) {
      throwIfAborted(signal);
      const startedAt = deps.clock();
      yield { type: 'turn-start', turn, at: startedAt };

      let student;
      try {
        student = yield* studentAttempt(config, deps, task, turns, turn, signal);
      } catch (error) {
        // The conversation (task, attempts, feedback) outgrew the student's context after at least one
        // attempt: the student ran out of room, a failure, not a broken episode (that would drop it
        // from every metric and bias them against long feedback).
        if (isContextOverflow(error) && turns.length > 0) {
          ending = end('failed', null, errorText(error), 'context-overflow');
          break;
        }
        throw error;
      }
      const studentMs = deps.clock() - startedAt;
      // An environment that can verify elsewhere (code: a sandbox worker with a deadline) does so.
      const diagnosis = deps.env.verifyAsync
        ? await deps.env.verifyAsync(task, student.attempt)
        : deps.env.verify(task, student.attempt);
      yield { type: 'attempt', turn, text: student.attempt, finishReason: student.finishReason, diagnosis };

      // This attempt ends the episode when it solves it (unless it keeps going) or spends the budget.
      const verdict = turnsVerdict(config, [...turns, { turn, diagnosis }]);
      const last = verdict.state !== 'open';
      let feedback: FeedbackRecord | null = null;
      if (!last) {
        feedback = yield* produceFeedback({
          config,
          deps,
          task,
          turn,
          attempt: student.attempt,
          diagnosis,
          earlierFeedback: turns.flatMap((t) => (t.feedback ? [t.feedback.text] : [])),
          signal,
          streamTokens: config.student.kind === 'model',
        });
        yield { type: 'feedback', turn, feedback };
      }
      const record: TurnRecord = {
        turn,
        studentPrompt: student.studentPrompt,
        attempt: student.attempt,
        finishReason: student.finishReason,
        diagnosis,
        feedback,
        ...(student.usage ? { studentUsage: student.usage } : {}),
        startedAt,
        endedAt: deps.clock(),
        studentMs,
      };
      yield { type: 'turn-end', record };
      turns.push(record);
      if (verdict.state === 'solved') {
        ending = end('solved', verdict.turn);
        break;
      }
      if (verdict.state === 'spent') {
        ending = end('failed', null);
        break;
      }
    }
  } catch (error) {
    // A lost GPU device (usually out of memory) is not the episode's fault: it ends 'interrupted', with
    // every finished turn kept, so it can be resumed once a smaller model is loaded.
    const deviceLost = error instanceof Error && error.name === 'DeviceLostError';
    ending =
      error instanceof EpisodeAbortedError || signal.aborted
        ? end('aborted', null)
        : end(deviceLost ? 'interrupted' : 'error', null, errorText(error));
  } finally {
    outer?.removeEventListener('abort', forward);
    controller.abort();
  }
  yield ending;
}
