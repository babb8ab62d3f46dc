/** The engine layer's bounded queue: at most `limit` jobs at once, started in order, failures passed on. */
import { describe, expect, it } from 'vitest';
import { BoundedQueue, bounded, serialised } from '../../src/engines/serial-queue';
import { ScriptedEngine } from '../helpers/scripted-engine';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('BoundedQueue', () => {
  it('runs at most `limit` jobs at once and starts them in the order queued', async () => {
    const queue = new BoundedQueue(2);
    const started: number[] = [];
    let active = 0;
    let most = 0;
    const jobs = [0, 1, 2, 3, 4].map((i) =>
      queue.run(async () => {
        started.push(i);
        most = Math.max(most, ++active);
        await tick();
        active--;
        if (i === 2) throw new Error('job 2 failed');
        return i;
      }),
    );
    expect(queue.size).toBe(5);
    const results = await Promise.allSettled(jobs);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual([
      0,
      1,
      'failed',
      3,
      4,
    ]);
    expect([queue.size, queue.running]).toEqual([0, 0]);
  });

  it('refuses a limit below one', () => {
    expect(() => new BoundedQueue(0)).toThrow(RangeError);
    expect(() => new BoundedQueue(1.5)).toThrow(/at least one job/);
  });
});

describe('bounded / serialised engines', () => {
  it('report their limit as concurrency and never exceed it', async () => {
    const raw = new ScriptedEngine(() => 'a b c d', 'm');
    const four = bounded(raw, 4);
    expect(four.concurrency).toBe(4);
    const options = { temperature: 0, seed: 1, maxTokens: 8 };
    await Promise.all(Array.from({ length: 9 }, () => four.chat([{ role: 'user', content: 'x' }], options)));
    expect(raw.maxInFlight).toBe(4);
    const one = serialised(new ScriptedEngine(() => 'a b', 'n'));
    expect(one.concurrency).toBe(1);
  });
});
