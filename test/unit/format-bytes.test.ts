import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../src/core/format-bytes';

describe('formatBytes', () => {
  it('writes bytes under a kilobyte as bytes', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(1023)).toBe('1023 B');
  });

  it('writes whole kilobytes up to a megabyte, in binary units', () => {
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(64 * 1024 + 256 * 2048)).toBe('576 KB');
    expect(formatBytes(2 ** 20 - 1)).toBe('1024 KB');
  });

  it('writes megabytes, gigabytes and terabytes to one decimal', () => {
    expect(formatBytes(2 ** 20)).toBe('1.0 MB');
    expect(formatBytes(3_456_789)).toBe('3.3 MB');
    expect(formatBytes(10 * 2 ** 30)).toBe('10.0 GB');
    expect(formatBytes(5_000_000_000)).toBe('4.7 GB');
    expect(formatBytes(1.5 * 2 ** 40)).toBe('1.5 TB');
  });

  it('calls a count no browser should report unknown', () => {
    for (const bad of [Number.NaN, Infinity, -1]) expect(formatBytes(bad)).toBe('unknown');
  });
});
