/**
 * A stored episode replayed turn by turn on the History page: which turn is shown, stepping forward
 * and back, and the stored turns in the shape the live transcript and timeline draw.
 */
import type { TurnRecord } from '../core/protocol/types';
import type { EpisodeRecord } from '../store';
import { errorText } from '../core/error-text';
import type { LabClient } from './lab-client.svelte';
import type { TurnView } from './episode-session.svelte';

/** A stored turn as the transcript and timeline show it. */
export function turnViewOf(record: TurnRecord): TurnView {
  const feedback = record.feedback;
  return {
    turn: record.turn,
    attempt: record.attempt,
    finishReason: record.finishReason,
    // A replay is not a stream: its counts are the stored usage, without arrival times.
    studentStream: { tokens: record.studentUsage?.completionTokens ?? 0, firstAt: null, lastAt: null },
    feedbackStream: { tokens: feedback?.usage?.completionTokens ?? 0, firstAt: null, lastAt: null },
    diagnosis: record.diagnosis,
    feedback: feedback?.text ?? '',
    feedbackRecord: feedback,
    leaks: feedback ? feedback.regenerations + (feedback.leak.leaked ? 1 : 0) : 0,
    done: true,
  };
}

export type ReplayStatus = 'loading' | 'ready' | 'missing' | 'error';

export class ReplayState {
  status = $state<ReplayStatus>('loading');
  episode = $state.raw<EpisodeRecord | null>(null);
  records = $state.raw<TurnRecord[]>([]);
  turns = $state.raw<TurnView[]>([]);
  /** The turn shown (1-based); 0 when the episode has no turns. */
  shown = $state(0);
  error = $state<string | null>(null);
  #loads = 0;

  constructor(private readonly client: LabClient) {}

  /** Read episode `id` from the store and show its first turn. */
  async load(id: string): Promise<void> {
    const load = ++this.#loads;
    this.status = 'loading';
    this.error = null;
    try {
      const stored = await this.client.api.getEpisode(id);
      if (load !== this.#loads) return;
      if (!stored) {
        this.episode = null;
        this.records = [];
        this.turns = [];
        this.shown = 0;
        this.status = 'missing';
        return;
      }
      this.episode = stored.episode;
      this.records = stored.turns;
      this.turns = stored.turns.map(turnViewOf);
      this.shown = this.turns.length > 0 ? 1 : 0;
      this.status = 'ready';
    } catch (e) {
      if (load !== this.#loads) return;
      this.error = errorText(e);
      this.status = 'error';
    }
  }

  get shownTurn(): TurnView | undefined {
    return this.turns[this.shown - 1];
  }

  get shownRecord(): TurnRecord | undefined {
    return this.records[this.shown - 1];
  }

  /** The turns up to the one shown: the conversation so far. */
  get visibleTurns(): TurnView[] {
    return this.turns.slice(0, this.shown);
  }

  get canBack(): boolean {
    return this.shown > 1;
  }

  get canForward(): boolean {
    return this.shown < this.turns.length;
  }

  /** Show turn `n` (clamped to the stored turns). */
  go(n: number): void {
    if (this.turns.length === 0) return;
    this.shown = Math.min(Math.max(1, Math.round(n)), this.turns.length);
  }

  forward(): void {
    this.go(this.shown + 1);
  }

  back(): void {
    this.go(this.shown - 1);
  }
}
