import { describe, expect, it } from 'vitest';
import { downloadErrorText } from '../../src/core/download-error';

const ctx = { online: true, modelId: 'SmolLM2-135M' };

describe('download errors name the cause and the way out', () => {
  it('offline: says so, and that kept models still load', () => {
    const text = downloadErrorText(new TypeError('Failed to fetch'), { ...ctx, online: false });
    expect(text).toMatch(/^You are offline, and SmolLM2-135M is not in this browser yet/);
    expect(text).toMatch(/already kept here still load/);
  });
  it('online but the host unreachable: the connection, a firewall, or a local file', () => {
    expect(downloadErrorText(new TypeError('Failed to fetch'), ctx)).toMatch(
      /model host could not be reached for SmolLM2-135M \(Failed to fetch\).*firewall/,
    );
    expect(downloadErrorText(new Error('net::ERR_NAME_NOT_RESOLVED'), ctx)).toMatch(/could not be reached/);
  });
  it('storage full: what to delete', () => {
    const quota = Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    expect(downloadErrorText(quota, ctx)).toMatch(/not enough storage for SmolLM2-135M.*Delete models/);
  });
  it("keeps an engine's own words for anything else", () => {
    expect(downloadErrorText(new Error('This model needs shader-f16, which this GPU lacks.'), ctx)).toBe(
      'This model needs shader-f16, which this GPU lacks.',
    );
  });
});
