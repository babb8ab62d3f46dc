/**
 * Process rates over attempts: repeat, fix, regression and leak. Each counts units (attempts, attempt
 * pairs or teacher drafts) in completed episodes only, and keeps the episodes and turns behind it.
 * Attempts within an episode are not independent, so no binomial interval is attached to these rates.
 */
import { isControlKind } from '../protocol/vocabulary';
import {
  isCompleted,
  normalisedAnswer,
  orderedTurns,
  type EpisodeOutcomeInput,
  type FeedbackInput,
  type TurnInput,
} from './input';

/** One turn of one episode. */
export interface TurnRef {
  episodeId: string;
  turn: number;
}

export interface Rate {
  /** Units counted in the numerator. */
  hits: number;
  /** Units in the denominator. */
  units: number;
  /** hits / units; null when there are no units. */
  rate: number | null;
  /** Episodes with at least one unit. */
  episodeIds: string[];
  /** Episodes with at least one hit. */
  hitIds: string[];
  /** Where each hit was observed (for pairs, the later turn; a turn appears once even if it holds several hits). */
  hitRefs: TurnRef[];
}

/** Accumulates units and hits into a Rate. */
class RateCounter {
  private hits = 0;
  private units = 0;
  private readonly episodes = new Set<string>();
  private readonly hitEpisodes = new Set<string>();
  private readonly refs: TurnRef[] = [];

  add(episodeId: string, turn: number, units: number, hits: number): void {
    if (units <= 0) return;
    this.units += units;
    this.hits += hits;
    this.episodes.add(episodeId);
    if (hits > 0) {
      this.hitEpisodes.add(episodeId);
      this.refs.push({ episodeId, turn });
    }
  }

  result(): Rate {
    return {
      hits: this.hits,
      units: this.units,
      rate: this.units === 0 ? null : this.hits / this.units,
      episodeIds: [...this.episodes],
      hitIds: [...this.hitEpisodes],
      hitRefs: [...this.refs],
    };
  }
}

/** Consecutive turn pairs (t, t+1) of each completed episode, with feedback given after t. */
function* feedbackPairs(
  episodes: readonly EpisodeOutcomeInput[],
): Generator<{ id: string; before: TurnInput; after: TurnInput }> {
  for (const e of episodes) {
    if (!isCompleted(e)) continue;
    const turns = orderedTurns(e);
    for (let i = 0; i + 1 < turns.length; i++) {
      const before = turns[i];
      const after = turns[i + 1];
      if (!before || !after || after.turn !== before.turn + 1 || before.feedback === null) continue;
      yield { id: e.id, before, after };
    }
  }
}

/**
 * Repeat rate. Units: attempts t ≥ 2 that followed feedback (attempt t−1 got a non-null feedback,
 * which includes retry's fixed message and binary's verdict). Hit: attempt t's normalised answer
 * (`diagnosis.parsed`, or the trimmed raw attempt when that is null) equals attempt t−1's.
 */
export function repeatRate(episodes: readonly EpisodeOutcomeInput[]): Rate {
  const counter = new RateCounter();
  for (const { id, before, after } of feedbackPairs(episodes)) {
    counter.add(id, after.turn, 1, normalisedAnswer(after) === normalisedAnswer(before) ? 1 : 0);
  }
  return counter.result();
}

/** The first issue of the attempt whose code is not a warning, or null. */
function firstErrorCode(turn: TurnInput, warnings: ReadonlySet<string>): string | null {
  return turn.diagnosis.issues.find((issue) => !warnings.has(issue.code))?.code ?? null;
}

/**
 * Fix rate. Units: consecutive attempts (t, t+1) after feedback where attempt t is incorrect and has
 * an error-level issue (an issue whose code is not in `warnings`); the first such issue in t's list
 * is "the issue flagged at t". Hit: no issue with that code (at any level) is in t+1's list. Attempt
 * t+1 may be correct (then the issue is normally gone: a fix). Pairs whose attempt t has only warnings
 * or no issues at all are not units: there is nothing identifiable to fix.
 * @param warnings issue codes that do not make an attempt wrong on their own (environment-specific,
 *   e.g. the maze's MAZE_WARNING_CODES); given by the caller so metrics stay environment-agnostic.
 */
export function fixRate(
  episodes: readonly EpisodeOutcomeInput[],
  warnings: ReadonlySet<string> = new Set(),
): Rate {
  const counter = new RateCounter();
  for (const { id, before, after } of feedbackPairs(episodes)) {
    if (before.diagnosis.correct) continue;
    const code = firstErrorCode(before, warnings);
    if (code === null) continue;
    const gone = !after.diagnosis.issues.some((issue) => issue.code === code);
    counter.add(id, after.turn, 1, gone ? 1 : 0);
  }
  return counter.result();
}

/**
 * Regression rate. Units: consecutive attempts (t, t+1) after feedback. Hit: t+1's verifier score
 * (partial credit, `diagnosis.score`) is strictly lower than t's: the feedback made the attempt worse.
 * Score-based rather than issue-based, because a new issue often appears only because an earlier one
 * was fixed (a maze path that stops hitting a wall can then come up short).
 */
export function regressionRate(episodes: readonly EpisodeOutcomeInput[]): Rate {
  const counter = new RateCounter();
  for (const { id, before, after } of feedbackPairs(episodes)) {
    counter.add(id, after.turn, 1, after.diagnosis.score < before.diagnosis.score ? 1 : 0);
  }
  return counter.result();
}

/** Fixed texts (retry's revise message, binary's verdict) are not teacher messages and never checked. */
function isTeacherMessage(feedback: FeedbackInput): boolean {
  return !isControlKind(feedback.source);
}

/**
 * Leak rate. Units: teacher drafts checked by the leak guard, i.e. `regenerations + 1` per feedback
 * from a teacher (rule, LLM, self or human; not retry/binary). Hits: drafts flagged as leaking,
 * `regenerations + (leak.leaked ? 1 : 0)` per feedback (see FeedbackRecord's JSDoc): each regeneration
 * happened because the draft before it leaked.
 */
export function leakRate(episodes: readonly EpisodeOutcomeInput[]): Rate {
  return teacherFeedbackRate(episodes, (f) => [
    f.regenerations + 1,
    f.regenerations + (f.leak.leaked ? 1 : 0),
  ]);
}

/**
 * Leaks that reached the student. Units: teacher messages delivered (one per teacher feedback).
 * Hit: the delivered text was flagged and not withheld (leak policy 'pass'). Episodes listed in
 * hitIds saw (part of) the answer, so their success says little about feedback.
 */
export function leakDeliveredRate(episodes: readonly EpisodeOutcomeInput[]): Rate {
  return teacherFeedbackRate(episodes, (f) => [1, f.leak.leaked && !f.withheld ? 1 : 0]);
}

/** A rate over the teacher feedback of completed episodes: `count` gives each one's [units, hits]. */
function teacherFeedbackRate(
  episodes: readonly EpisodeOutcomeInput[],
  count: (feedback: FeedbackInput) => [units: number, hits: number],
): Rate {
  const counter = new RateCounter();
  for (const e of episodes) {
    if (!isCompleted(e)) continue;
    for (const turn of orderedTurns(e)) {
      const f = turn.feedback;
      if (!f || !isTeacherMessage(f)) continue;
      counter.add(e.id, turn.turn, ...count(f));
    }
  }
  return counter.result();
}

/**
 * Withheld teacher messages. Units: teacher feedback given (one per feedback from a teacher). Hit:
 * every draft leaked, so the student got the rule hint in its place (leak policy 'regenerate' past
 * its retries, or 'withhold'): those turns measured the rule teacher, not the one named by the row.
 */
export function withheldRate(episodes: readonly EpisodeOutcomeInput[]): Rate {
  return teacherFeedbackRate(episodes, (f) => [1, f.withheld ? 1 : 0]);
}
