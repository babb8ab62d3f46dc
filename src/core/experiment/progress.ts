/**
 * Progress of a running experiment: done / total, generation speed and the time left. Pure; the
 * runner feeds it what it measured.
 */

export type ExperimentRunState = 'idle' | 'running' | 'paused' | 'cancelled' | 'done' | 'error';

export interface ExperimentProgress {
  experimentId: string;
  state: ExperimentRunState;
  /** Planned episodes with a completed stored episode. */
  done: number;
  total: number;
  /** The episodes running now, in plan order (several when the engines serve several at once). */
  running: RunningEpisode[];
  /** How many episodes the run starts at once: what the engines serve (1 for web-llm). */
  concurrency: number;
  /** Tokens generated (student and teacher) during this session of the run, and its wall-clock time. */
  tokens: number;
  activeMs: number;
  /** tokens / activeMs in tokens per second; null before anything was generated. */
  tokensPerSec: number | null;
  /**
   * Estimated milliseconds left: the wall-clock time this session took per finished episode × those
   * left (with several at once, that is the time per episode divided by how many run together).
   */
  etaMs: number | null;
  /** Why the run stopped ('error'), in words. */
  error?: string;
}

/** One episode in flight. */
export interface RunningEpisode {
  episodeId: string | null;
  order: number;
  label: string;
  turn: number;
}

/**
 * Speed and time left from what this session has measured. `finishedMs` is the wall-clock time from the
 * session's start to its latest finished episode, so the rate holds with several episodes at once.
 */
export function progressRates(input: {
  tokens: number;
  activeMs: number;
  finishedThisSession: number;
  finishedMs: number;
  remaining: number;
}): Pick<ExperimentProgress, 'tokensPerSec' | 'etaMs'> {
  const tokensPerSec = input.activeMs > 0 && input.tokens > 0 ? (input.tokens / input.activeMs) * 1000 : null;
  const etaMs =
    input.finishedThisSession > 0 ? (input.finishedMs / input.finishedThisSession) * input.remaining : null;
  return { tokensPerSec, etaMs };
}

/** "1 h 05 min", "4 min 10 s", "12 s": a duration for people. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
