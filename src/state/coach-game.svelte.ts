/**
 * One game of "Be the teacher" as the page runs it: for each task, the person coaches the model
 * student (a human-teacher episode, played in an `EpisodeSession`), then the lab runs the same task
 * with plain retry on its own; at the end the stored episodes are read back and scored (`coachScore`)
 * and the game goes on the leaderboard.
 */
import * as Comlink from 'comlink';
import { coachPair, coachPlanProblem, COACH_LIMITS, type CoachPlan } from '../core/coach/plan';
import { coachScore, type CoachScore } from '../core/coach/score';
import { leaderboardEntry, playerName } from '../core/coach/leaderboard';
import { errorText } from '../core/error-text';
import type { EpisodeOutcome } from '../core/protocol/types';
import type { PresetName } from '../core/protocol/vocabulary';
import type { EpisodeOutcomeInput } from '../core/metrics/input';
import type { LabEvent } from '../lab/lab-api';
import type { LabClient } from './lab-client.svelte';
import { EpisodeSession } from './episode-session.svelte';
import type { Leaderboard } from './leaderboard.svelte';

export type CoachPhase = 'setup' | 'coaching' | 'control' | 'done' | 'stopped';

/** One task of the game: how it went with the person and with plain retry. */
export interface CoachTaskResult {
  task: number;
  coachedId: string;
  coachedOutcome: EpisodeOutcome;
  coachedSolvedAt: number | null;
  retryId: string | null;
  retryOutcome: EpisodeOutcome | null;
  retrySolvedAt: number | null;
}

export class CoachGame {
  player = $state('');
  envId = $state('maze');
  preset = $state<PresetName>('easy');
  studentModel = $state('');
  tasks = $state(3);
  turnBudget = $state(3);
  taskSeed = $state(1);
  temperature = $state(0.7);
  maxTokens = $state(256);

  phase = $state<CoachPhase>('setup');
  /** The task being played (0-based) while the game runs. */
  current = $state(0);
  results = $state<CoachTaskResult[]>([]);
  score = $state.raw<CoachScore | null>(null);
  /** The game's place on the leaderboard once it ended; null when it scored nothing. */
  place = $state<number | null>(null);
  error = $state<string | null>(null);

  /** The episode the person is coaching now (the Episode page's view draws it). */
  readonly session: EpisodeSession;
  #controlId: string | null = null;
  #stopping = false;

  constructor(
    private readonly client: LabClient,
    private readonly leaderboard: Leaderboard,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.session = new EpisodeSession(client);
  }

  get plan(): CoachPlan {
    return {
      envId: this.envId,
      preset: this.preset,
      studentModel: this.studentModel,
      tasks: this.tasks,
      taskSeed: this.taskSeed,
      turnBudget: this.turnBudget,
      temperature: this.temperature,
      maxTokens: this.maxTokens,
    };
  }

  /** Why the game cannot start, in words; null when it can. */
  get problem(): string | null {
    if (playerName(this.player) === '') return 'Type your name for the leaderboard.';
    return coachPlanProblem(this.plan, this.client.loadedModels);
  }

  get running(): boolean {
    return this.phase === 'coaching' || this.phase === 'control';
  }

  /** Play the whole game: each task coached, then its retry control; then the score. */
  async play(): Promise<void> {
    if (this.problem !== null || this.running) return;
    const plan = this.plan;
    this.phase = 'coaching';
    this.results = [];
    this.score = null;
    this.place = null;
    this.error = null;
    this.#stopping = false;
    try {
      for (let task = 0; task < Math.min(plan.tasks, COACH_LIMITS.tasks.max); task++) {
        this.current = task;
        const { coached, retry } = coachPair(plan, task);
        this.phase = 'coaching';
        await this.session.start(coached);
        const coachedId = this.session.episodeId;
        const outcome = this.session.outcome;
        if (coachedId === null || outcome === null)
          throw new Error(this.session.error ?? 'The episode did not start.');
        const result: CoachTaskResult = {
          task,
          coachedId,
          coachedOutcome: outcome,
          coachedSolvedAt: this.session.solvedAtTurn,
          retryId: null,
          retryOutcome: null,
          retrySolvedAt: null,
        };
        this.results.push(result);
        if (this.#stopping || (outcome !== 'solved' && outcome !== 'failed')) {
          this.phase = 'stopped';
          if (this.session.error) this.error = this.session.error;
          return;
        }
        this.phase = 'control';
        const control = await this.client.api.runEpisode(
          retry,
          Comlink.proxy((e: LabEvent) => {
            this.#controlId = e.episodeId;
          }),
        );
        this.#controlId = null;
        const last = this.results.at(-1)!;
        last.retryId = control.episodeId;
        last.retryOutcome = control.outcome;
        last.retrySolvedAt = control.solvedAtTurn;
        if (this.#stopping || (control.outcome !== 'solved' && control.outcome !== 'failed')) {
          this.phase = 'stopped';
          if (control.error) this.error = control.error;
          return;
        }
      }
      await this.finish();
    } catch (e) {
      this.error = errorText(e);
      this.phase = 'stopped';
    } finally {
      await this.client.refreshEpisodes();
    }
  }

  /** Stop the game: the episode running now ends (its finished turns stay stored); nothing is scored. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.phase === 'coaching') await this.session.stop();
    else if (this.phase === 'control' && this.#controlId) {
      await this.client.api.stopEpisode(this.#controlId).catch(() => undefined);
    }
  }

  /** Back to the setup for another game (another player, the same tasks). */
  reset(): void {
    if (this.running) return;
    this.phase = 'setup';
    this.results = [];
    this.score = null;
    this.place = null;
    this.error = null;
    this.player = '';
  }

  /** Read the game's episodes as stored, score them, and put the game on the board. */
  private async finish(): Promise<void> {
    const read = async (id: string): Promise<EpisodeOutcomeInput> => {
      const stored = await this.client.api.getEpisode(id);
      if (!stored) throw new Error(`Episode ${id} is not in the store.`);
      return { ...stored.episode, turns: stored.turns };
    };
    const coached = await Promise.all(this.results.map((r) => read(r.coachedId)));
    const retry = await Promise.all(
      this.results.flatMap((r) => (r.retryId === null ? [] : [read(r.retryId)])),
    );
    const score = coachScore(coached, retry);
    this.score = score;
    const entry = leaderboardEntry(
      {
        player: this.player,
        envId: this.envId,
        preset: this.preset,
        studentModel: this.studentModel,
        at: this.now(),
        episodeIds: this.results.flatMap((r) => [r.coachedId, ...(r.retryId ? [r.retryId] : [])]),
      },
      score,
    );
    this.place = entry ? this.leaderboard.add(entry) : null;
    this.phase = 'done';
  }
}
