/**
 * A new version waiting (issue 18, point 11): it is offered, and taken over only when asked, once.
 */
import { describe, expect, it, vi } from 'vitest';
import { AppUpdate } from '../../src/state/app-update.svelte';

describe('AppUpdate', () => {
  it('offers nothing until a new version waits, and Reload before then does nothing', async () => {
    const update = new AppUpdate();
    expect(update.ready).toBe(false);
    await update.reload();
    expect(update.reloading).toBe(false);
  });

  it('lets the waiting version take over on Reload, once however often it is clicked', async () => {
    const update = new AppUpdate();
    const activate = vi.fn(async () => undefined);
    update.offer(activate);
    expect(update.ready).toBe(true);
    expect(activate).not.toHaveBeenCalled();
    await Promise.all([update.reload(), update.reload()]);
    expect(activate).toHaveBeenCalledTimes(1);
    expect(update.reloading).toBe(true);
  });
});
