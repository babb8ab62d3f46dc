/**
 * Byte counts for people, written one way everywhere (the storage line on the Models and History
 * pages, cached model files, an engine's size limit): two formatters once showed the same storage as
 * "5.0 GB" on one page and "4.7 GB" on the other.
 */

const KB = 1024;
const LARGER = [
  ['MB', KB ** 2],
  ['GB', KB ** 3],
  ['TB', KB ** 4],
] as const;

/**
 * Bytes in binary units, as the lab counts model sizes and GPU memory (1 MB = 2^20 bytes): "900 B",
 * "576 KB", "3.3 MB", "10.0 GB". Kilobytes whole, larger units to one decimal. A count that is not
 * a finite number ≥ 0 (nothing a browser should report) reads "unknown", never "NaN B".
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown';
  if (bytes < KB) return `${Math.round(bytes)} B`;
  let text = `${Math.round(bytes / KB)} KB`;
  for (const [unit, size] of LARGER) if (bytes >= size) text = `${(bytes / size).toFixed(1)} ${unit}`;
  return text;
}
