/**
 * The browser's storage figure is shown only when it can be right (issue 18, point 12): Chromium was
 * seen reporting "0 B of 10.7 GB" with 50 000 episodes stored.
 */
import { describe, expect, it } from 'vitest';
import { checkEstimate, MIN_BYTES_PER_EPISODE, shareUsed } from '../../src/store/estimate';

const QUOTA = 10 * 2 ** 30;

describe('checkEstimate', () => {
  it('calls a usage below what the stored episodes take unknown', () => {
    expect(checkEstimate({ usage: 0, quota: QUOTA }, 50_000)).toEqual({
      usage: null,
      quota: QUOTA,
      episodes: 50_000,
    });
    expect(
      checkEstimate({ usage: 50_000 * MIN_BYTES_PER_EPISODE - 1, quota: QUOTA }, 50_000).usage,
    ).toBeNull();
    expect(checkEstimate({ usage: Number.NaN, quota: QUOTA }, 0).usage).toBeNull();
  });

  it("keeps the browser's figure when it covers them (an empty site may use nothing)", () => {
    expect(checkEstimate({ usage: 0, quota: QUOTA }, 0).usage).toBe(0);
    // Chromium's real figure for 3 000 five-turn episodes is about 10 MB.
    expect(checkEstimate({ usage: 10_000_000, quota: QUOTA }, 3000).usage).toBe(10_000_000);
  });

  it('gives a share of the quota only from a known usage', () => {
    expect(shareUsed({ usage: QUOTA / 4, quota: QUOTA, episodes: 1 })).toBe(0.25);
    expect(shareUsed({ usage: null, quota: QUOTA, episodes: 1 })).toBeNull();
    expect(shareUsed({ usage: 10, quota: 0, episodes: 0 })).toBeNull();
  });
});
