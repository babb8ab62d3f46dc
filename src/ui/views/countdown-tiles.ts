/** Which of the given number tiles an attempt used, for the countdown view. */

export interface Tile {
  value: number;
  used: boolean;
}

/**
 * Mark tiles as used, one tile per use: `used` is a multiset (the verifier's `detail.used`), so a number
 * given twice and used once marks only its first tile.
 */
export function markUsedTiles(numbers: readonly number[], used: readonly number[]): Tile[] {
  const left = new Map<number, number>();
  for (const n of used) left.set(n, (left.get(n) ?? 0) + 1);
  return numbers.map((value) => {
    const k = left.get(value) ?? 0;
    if (k > 0) left.set(value, k - 1);
    return { value, used: k > 0 };
  });
}

/** The verifier's ASCII expression ("3 * 6 - 4 / 2") with the signs a class reads ("3 × 6 − 4 ÷ 2"). */
export const mathSymbols = (expression: string): string =>
  expression
    .replace(/\*/g, '×')
    .replace(/\//g, '÷')
    .replace(/(^|[\s(])-(?=[\s(\d])/g, '$1−');
