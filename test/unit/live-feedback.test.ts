/**
 * What a running turn shows (issue 13, point 7): tokens so far and their speed while a model writes,
 * "cut off at the N-token limit" in words, Stop leaving only what was kept, and the board on the
 * deciding attempt once solved.
 */
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/lab/lab-api';
import type { LabClient } from '../../src/state/lab-client.svelte';
import { EpisodeSession } from '../../src/state/episode-session.svelte';
import { finishText, generatingText } from '../../src/ui/shared/stream-text';

const diagnosis = (correct: boolean) => ({ correct, score: correct ? 1 : 0, issues: [], parsed: null });
const ev = (e: Record<string, unknown>) => ({ episodeId: 'e1', ...e }) as unknown as LabEvent;

/** A session whose frames run when the test says and whose clock the test sets. */
function session() {
  let due: (() => void) | null = null;
  let now = 0;
  const s = new EpisodeSession(
    {} as LabClient,
    (flush) => {
      due = flush;
      return () => (due = null);
    },
    () => now,
  );
  return {
    s,
    frameAt(ms: number) {
      now = ms;
      const run = due;
      due = null;
      run?.();
    },
  };
}

describe('live token counts', () => {
  it('counts the tokens that arrived and their speed between the first and the latest frame', () => {
    const { s, frameAt } = session();
    s.handle(ev({ type: 'turn-start', turn: 1 }));
    expect(generatingText(s.turns[0]!.studentStream)).toBe('generating…');
    s.handle(ev({ type: 'student-token', turn: 1, delta: 'I ' }));
    frameAt(1000);
    expect(generatingText(s.turns[0]!.studentStream)).toBe('generating… 1 token');
    for (const d of ['think ', 'it ', 'is ', '4']) s.handle(ev({ type: 'student-token', turn: 1, delta: d }));
    frameAt(1500);
    // 5 tokens; the 4 after the first came within 500 ms: 8 tokens/s.
    expect(generatingText(s.turns[0]!.studentStream)).toBe('generating… 5 tokens · 8.0 tokens/s');
    s.handle(ev({ type: 'feedback-token', turn: 1, delta: 'Look ' }));
    frameAt(1600);
    expect(s.turns[0]!.feedbackStream.tokens).toBe(1);
  });

  it('says in words when an attempt was cut off at its token limit', () => {
    expect(finishText('length', 256)).toBe('cut off at the 256-token limit');
    expect(finishText('stop', 256)).toBeNull();
    const { s } = session();
    s.handle(
      ev({ type: 'attempt', turn: 1, text: 'I th', finishReason: 'length', diagnosis: diagnosis(false) }),
    );
    expect(s.turns[0]!.finishReason).toBe('length');
  });
});

describe('the end of an episode', () => {
  it('after Stop, a turn still being written and unsent feedback leave the screen', () => {
    const { s, frameAt } = session();
    s.handle(ev({ type: 'turn-start', turn: 1 }));
    s.handle(ev({ type: 'attempt', turn: 1, text: 'x', finishReason: 'stop', diagnosis: diagnosis(false) }));
    s.handle(ev({ type: 'feedback-token', turn: 1, delta: 'Half a sen' }));
    frameAt(10);
    s.handle(ev({ type: 'turn-start', turn: 2 }));
    s.handle(ev({ type: 'student-token', turn: 2, delta: 'I thi' }));
    s.handle(ev({ type: 'episode-end', outcome: 'aborted', solvedAtTurn: null }));
    expect(s.turns.map((t) => t.turn)).toEqual([1]);
    expect(s.turns[0]!.feedback).toBe('');
  });

  it('a finished episode keeps every turn, and the board shows the deciding attempt', () => {
    const { s } = session();
    for (const [turn, correct] of [
      [1, false],
      [2, true],
      [3, false],
    ] as const) {
      s.handle(ev({ type: 'turn-start', turn }));
      s.handle(
        ev({
          type: 'attempt',
          turn,
          text: String(turn),
          finishReason: 'stop',
          diagnosis: diagnosis(correct),
        }),
      );
    }
    s.handle(ev({ type: 'episode-end', outcome: 'solved', solvedAtTurn: 2 }));
    expect(s.turns).toHaveLength(3);
    expect(s.shownTurn?.turn).toBe(2);
    s.selectedTurn = 3;
    expect(s.shownTurn?.turn).toBe(3);
  });
});
