import { describe, expect, it } from 'vitest';
import { TrailingThrottle, type Delay } from '../../src/state/trailing-throttle';

/** A clock and timers the test moves by hand. */
function fakeTime() {
  let now = 0;
  const timers: { at: number; run: () => void; live: boolean }[] = [];
  const delay: Delay = (run, ms) => {
    const timer = { at: now + ms, run, live: true };
    timers.push(timer);
    return () => void (timer.live = false);
  };
  const advance = async (ms: number) => {
    now += ms;
    for (const t of timers.filter((t) => t.live && t.at <= now)) {
      t.live = false;
      t.run();
    }
    await new Promise((r) => setTimeout(r, 0));
  };
  return { now: () => now, delay, advance, pending: () => timers.filter((t) => t.live).length };
}

/** A task that finishes when the test says so, counting its runs. */
function gatedTask() {
  const runs: (() => void)[] = [];
  const task = () => new Promise<void>((resolve) => runs.push(resolve));
  return { task, runs };
}

describe('TrailingThrottle', () => {
  it('runs at once, then at most once per interval, folding requests into one trailing run', async () => {
    const time = fakeTime();
    const { task, runs } = gatedTask();
    const throttle = new TrailingThrottle(task, 1000, time.now, time.delay);
    throttle.request();
    expect(runs).toHaveLength(1);
    // Twenty episodes finish while the first read runs and within the second: one more read, later.
    for (let i = 0; i < 20; i++) throttle.request();
    runs[0]!();
    await time.advance(100);
    expect(runs).toHaveLength(1);
    await time.advance(900);
    expect(runs).toHaveLength(2);
    runs[1]!();
    await time.advance(5000);
    // Nothing was asked since: no more runs.
    expect(runs).toHaveLength(2);
  });

  it('never runs twice at once, even when a run outlasts the interval', async () => {
    const time = fakeTime();
    const { task, runs } = gatedTask();
    const throttle = new TrailingThrottle(task, 1000, time.now, time.delay);
    throttle.request();
    throttle.request();
    await time.advance(3000);
    expect(runs).toHaveLength(1);
    runs[0]!();
    await time.advance(0);
    // The waiting request starts as soon as the slow run ends (the interval has long passed).
    expect(runs).toHaveLength(2);
  });

  it('flush runs now after the one in flight, and drops the waiting trailing run', async () => {
    const time = fakeTime();
    let count = 0;
    const throttle = new TrailingThrottle(async () => void count++, 1000, time.now, time.delay);
    throttle.request();
    await time.advance(0);
    throttle.request();
    expect(time.pending()).toBe(1);
    await throttle.flush();
    expect(count).toBe(2);
    await time.advance(2000);
    expect(count).toBe(2);
  });

  it('a failing run does not stop later ones', async () => {
    const time = fakeTime();
    let count = 0;
    const throttle = new TrailingThrottle(
      () => (count++, Promise.reject(new Error('store gone'))),
      10,
      time.now,
      time.delay,
    );
    throttle.request();
    await time.advance(0);
    throttle.request();
    await time.advance(10);
    expect(count).toBe(2);
  });

  it('with spacing, waits a multiple of the last run’s duration when that is longer than the interval', async () => {
    const time = fakeTime();
    const { task, runs } = gatedTask();
    const throttle = new TrailingThrottle(task, 100, time.now, time.delay, 4);
    throttle.request();
    await time.advance(500); // the run takes 500 ms: the next may start 2,000 ms after it started
    runs[0]!();
    await time.advance(0);
    throttle.request();
    await time.advance(1000);
    expect(runs).toHaveLength(1);
    await time.advance(500);
    expect(runs).toHaveLength(2);
  });
});
