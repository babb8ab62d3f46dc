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
  /** The episode running now, when one is. */
  current: { episodeId: string | null; order: number; label: string; turn: number } | null;
  /** Tokens generated (student and teacher) during this session of the run, and the time it took. */
  tokens: number;
  activeMs: number;
  /** tokens / activeMs in tokens per second; null before anything was generated. */
  tokensPerSec: number | null;
  /** Estimated milliseconds left: the mean time of the episodes finished this session × those left. */
  etaMs: number | null;
  /** Why the run stopped ('error'), in words. */
  error?: string;
}

/** Speed and time left from what this session has measured. */
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
