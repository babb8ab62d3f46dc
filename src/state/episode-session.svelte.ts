/**
 * One live episode as the page sees it: turns built up from the worker's event stream, streamed
 * tokens, and the question the episode is waiting on a person to answer.
 */
import * as Comlink from 'comlink';
import type { Diagnosis, Task } from '../core/envs/types';
import type { FinishReason } from '../core/engine';
import type { EpisodeConfig, EpisodeOutcome, FeedbackRecord, HumanInput } from '../core/protocol/types';
import type { LabEvent } from '../lab/lab-api';
import type { LabClient } from './lab-client.svelte';
import { errorText } from '../core/error-text';
import { LabWorkerGoneError } from './lab-connection';
import { TokenBatcher, type FrameScheduler } from './token-batcher';

/** A stream as the page saw it arrive: tokens so far, and when the first and the latest came (ms). */
export interface StreamStats {
  tokens: number;
  firstAt: number | null;
  lastAt: number | null;
}

export interface TurnView {
  turn: number;
  attempt: string;
  /** How the student's attempt stopped ('length': cut at the token limit); null until judged. */
  finishReason: FinishReason | null;
  /** The model student's and model teacher's token streams (empty for people and fixed texts). */
  studentStream: StreamStats;
  feedbackStream: StreamStats;
  diagnosis: Diagnosis | null;
  feedback: string;
  feedbackRecord: FeedbackRecord | null;
  leaks: number;
  done: boolean;
}

/** What the episode waits for a person to type. */
export interface HumanRequest {
  kind: 'attempt' | 'feedback';
  turn: number;
  resolve: (text: string) => void;
}

export type SessionStatus = 'idle' | 'running' | 'ended';

export class EpisodeSession {
  status = $state<SessionStatus>('idle');
  episodeId = $state<string | null>(null);
  config = $state.raw<EpisodeConfig | null>(null);
  task = $state.raw<Task | null>(null);
  turns = $state<TurnView[]>([]);
  outcome = $state<EpisodeOutcome | null>(null);
  solvedAtTurn = $state<number | null>(null);
  error = $state<string | null>(null);
  /** How many turns are stored (1..n), when a write failed and ended the episode; else null. */
  savedTurns = $state<number | null>(null);
  human = $state.raw<HumanRequest | null>(null);
  /** What the person is typing in the answer box now (the maze previews it as a path). */
  draft = $state('');
  /**
   * The stored episode the lab worker was running when it died: which of its turns were saved is
   * known only once a new worker reads it (`settleLost`).
   */
  lostEpisodeId = $state<string | null>(null);
  /** Which turn the task view shows; null follows the latest. */
  selectedTurn = $state<number | null>(null);

  /** Tokens wait here for the next frame, so a fast stream renders once per frame, not per token. */
  readonly #tokens: TokenBatcher;

  constructor(
    private readonly client: LabClient,
    schedule?: FrameScheduler,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#tokens = new TokenBatcher((turn, role, text, count) => {
      const view = this.current(turn);
      if (role === 'student') view.attempt += text;
      else view.feedback += text;
      const stream = role === 'student' ? view.studentStream : view.feedbackStream;
      const now = this.now();
      stream.tokens += count;
      stream.firstAt ??= now;
      stream.lastAt = now;
    }, schedule);
  }

  /** The turn the task view draws: the one picked, else the deciding attempt once solved, else the latest. */
  get shownTurn(): TurnView | undefined {
    const wanted = this.selectedTurn ?? this.solvedAtTurn ?? this.turns.at(-1)?.turn;
    return this.turns.find((t) => t.turn === wanted);
  }

  private current(turn: number): TurnView {
    let view = this.turns.find((t) => t.turn === turn);
    if (!view) {
      this.turns.push({
        turn,
        attempt: '',
        finishReason: null,
        studentStream: { tokens: 0, firstAt: null, lastAt: null },
        feedbackStream: { tokens: 0, firstAt: null, lastAt: null },
        diagnosis: null,
        feedback: '',
        feedbackRecord: null,
        leaks: 0,
        done: false,
      });
      view = this.turns.at(-1)!;
    }
    return view;
  }

  /** Apply one event from the worker (tokens at the next frame, anything else at once, in order). */
  handle(event: LabEvent): void {
    if (event.type === 'student-token' || event.type === 'feedback-token') {
      if (this.episodeId !== event.episodeId) this.episodeId = event.episodeId;
      this.#tokens.add(event.turn, event.type === 'student-token' ? 'student' : 'feedback', event.delta);
      return;
    }
    this.#tokens.flush();
    this.episodeId = event.episodeId;
    switch (event.type) {
      case 'episode-start':
        this.task = event.task;
        break;
      case 'turn-start':
        this.current(event.turn);
        break;
      case 'attempt': {
        const view = this.current(event.turn);
        view.attempt = event.text;
        view.finishReason = event.finishReason;
        view.diagnosis = event.diagnosis;
        break;
      }
      case 'leak':
        this.current(event.turn).leaks++;
        this.current(event.turn).feedback = '';
        break;
      case 'feedback': {
        const view = this.current(event.turn);
        view.feedback = event.feedback.text;
        view.feedbackRecord = event.feedback;
        break;
      }
      case 'turn-end':
        this.current(event.record.turn).done = true;
        break;
      case 'episode-end':
        // Stopped or broken mid-turn: what was on its way was never stored, so it leaves the screen,
        // and the episode looks as it is kept (its judged attempts and their delivered feedback).
        if (event.outcome !== 'solved' && event.outcome !== 'failed') {
          this.turns = this.turns.filter((t) => t.diagnosis !== null);
          for (const t of this.turns) if (t.feedbackRecord === null) t.feedback = '';
        }
        this.outcome = event.outcome;
        this.solvedAtTurn = event.solvedAtTurn;
        if (event.error) this.error = event.error;
        if (event.savedTurns !== undefined && event.outcome === 'error') this.savedTurns = event.savedTurns;
        this.human = null;
        break;
    }
  }

  private ask(kind: HumanRequest['kind'], turn: number): Promise<string> {
    return new Promise((resolve) => {
      this.human = {
        kind,
        turn,
        resolve: (text) => {
          this.human = null;
          resolve(text);
        },
      };
    });
  }

  /**
   * Run `config` in the worker until it ends; with `resumeFrom`, continue that stored episode (whose
   * config this is) from its last finished turn instead of starting afresh.
   */
  async start(config: EpisodeConfig, resumeFrom?: string): Promise<void> {
    this.#tokens.clear();
    this.status = 'running';
    this.config = config;
    this.task = null;
    this.turns = [];
    this.outcome = null;
    this.solvedAtTurn = null;
    this.error = null;
    this.savedTurns = null;
    this.human = null;
    this.draft = '';
    this.selectedTurn = null;
    this.episodeId = null;
    this.lostEpisodeId = null;
    const human: HumanInput = {
      attempt: ({ turn }) => this.ask('attempt', turn),
      feedback: ({ turn }) => this.ask('feedback', turn),
    };
    try {
      const onEvent = Comlink.proxy((e: LabEvent) => this.handle(e));
      const summary =
        resumeFrom === undefined
          ? await this.client.api.runEpisode(config, onEvent, Comlink.proxy(human))
          : await this.client.api.resumeEpisode(resumeFrom, onEvent, Comlink.proxy(human));
      this.outcome = summary.outcome;
      if (summary.error) this.error = summary.error;
      if (summary.outcome === 'error' && summary.episodeId !== '') this.savedTurns = summary.savedTurns;
    } catch (e) {
      this.error = errorText(e);
      this.outcome = 'error';
      if (e instanceof LabWorkerGoneError) {
        // Its finished turns were written as they ended; its lock died with the worker. The page
        // says what happened once, above; here, what it means for this episode.
        this.error = 'The lab stopped during this episode. Restart the lab to see which attempts were saved.';
        this.outcome = 'interrupted';
        this.lostEpisodeId = this.episodeId;
      }
    } finally {
      this.#tokens.flush();
      this.human = null;
      // A turn begun but never judged is not a turn of the episode (none is stored half done): it
      // must not stay on screen as "in progress" once nothing runs it.
      this.turns = this.turns.filter((t) => t.diagnosis !== null);
      if (this.selectedTurn !== null && !this.turns.some((t) => t.turn === this.selectedTurn)) {
        this.selectedTurn = null;
      }
      this.status = 'ended';
      await this.client.refreshEpisodes();
    }
  }

  /** Turns whose attempt was finished and judged (what the page shows as done or judged). */
  get finishedTurns(): number {
    return this.turns.filter((t) => t.diagnosis !== null).length;
  }

  /** Stop the episode; finished turns stay stored. */
  async stop(): Promise<void> {
    if (!this.episodeId) return;
    try {
      await this.client.api.stopEpisode(this.episodeId);
    } catch (e) {
      // A worker that is gone has ended the episode itself (`start` says so); anything else is said.
      if (!(e instanceof LabWorkerGoneError)) this.error = errorText(e);
    }
  }

  /**
   * After a restart of the lab, read the episode the dead worker was running, as stored: it reads as
   * interrupted (or as its saved turns decide it), and the page says which attempts were saved.
   */
  async settleLost(): Promise<void> {
    const id = this.lostEpisodeId;
    if (id === null) return;
    try {
      const stored = await this.client.api.getEpisode(id);
      this.lostEpisodeId = null;
      if (stored === undefined) {
        this.savedTurns = 0;
        return;
      }
      this.error = 'The lab stopped during this episode.';
      const status = stored.episode.status;
      this.outcome = status === 'running' ? 'interrupted' : status;
      this.solvedAtTurn = stored.episode.solvedAtTurn;
      this.savedTurns = stored.turns.length;
    } catch (e) {
      this.error = errorText(e);
    }
  }
}
