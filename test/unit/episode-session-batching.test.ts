/**
 * The live episode view takes streamed tokens once per frame (issue 18, point 6): a stream of
 * thousands of tokens between two frames is one update of the transcript, and every other event
 * still lands in stream order.
 */
import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src/lab/lab-api';
import type { LabClient } from '../../src/state/lab-client.svelte';
import { EpisodeSession } from '../../src/state/episode-session.svelte';
import { TokenBatcher } from '../../src/state/token-batcher';

/** A scheduler the test drives: `frame()` runs what is due. */
function manualFrames() {
  let due: (() => void) | null = null;
  let scheduled = 0;
  return {
    schedule: (flush: () => void) => {
      scheduled++;
      due = flush;
      return () => {
        due = null;
      };
    },
    frame: () => {
      const run = due;
      due = null;
      run?.();
    },
    get scheduled() {
      return scheduled;
    },
  };
}

const token = (turn: number, delta: string): LabEvent =>
  ({ type: 'student-token', episodeId: 'e1', turn, delta }) as LabEvent;

describe('EpisodeSession token batching', () => {
  it('applies thousands of tokens in one update per frame', () => {
    const frames = manualFrames();
    const session = new EpisodeSession({} as LabClient, frames.schedule);
    session.handle({ type: 'turn-start', episodeId: 'e1', turn: 1 } as LabEvent);
    for (let i = 0; i < 5000; i++) session.handle(token(1, 'x'));
    // Nothing rendered yet, and one frame asked for, not 5000.
    expect(session.turns[0]?.attempt).toBe('');
    expect(frames.scheduled).toBe(1);
    frames.frame();
    expect(session.turns[0]?.attempt).toBe('x'.repeat(5000));
    session.handle(token(1, 'y'));
    expect(frames.scheduled).toBe(2);
  });

  it('flushes held tokens before any other event, keeping the stream order', () => {
    const frames = manualFrames();
    const session = new EpisodeSession({} as LabClient, frames.schedule);
    session.handle(token(1, 'I think '));
    session.handle(token(1, '<answer>U</answer>'));
    session.handle({ type: 'feedback-token', episodeId: 'e1', turn: 1, delta: 'Look ' } as LabEvent);
    session.handle({ type: 'leak', episodeId: 'e1', turn: 1 } as unknown as LabEvent);
    expect(session.turns[0]).toMatchObject({ attempt: 'I think <answer>U</answer>', feedback: '', leaks: 1 });
    frames.frame(); // the cancelled frame has nothing left to do
    expect(session.turns[0]?.attempt).toBe('I think <answer>U</answer>');
  });
});

describe('TokenBatcher', () => {
  it('joins tokens per turn and role, in order', () => {
    const frames = manualFrames();
    const applied: string[] = [];
    const batcher = new TokenBatcher(
      (turn, role, text) => applied.push(`${turn}:${role}:${text}`),
      frames.schedule,
    );
    batcher.add(1, 'student', 'a');
    batcher.add(1, 'student', 'b');
    batcher.add(1, 'feedback', 'c');
    batcher.add(2, 'student', 'd');
    frames.frame();
    expect(applied).toEqual(['1:student:ab', '1:feedback:c', '2:student:d']);
    batcher.add(2, 'student', 'e');
    batcher.clear();
    frames.frame();
    expect(applied).toHaveLength(3);
  });
});
