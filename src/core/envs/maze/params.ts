/** Maze presets and parameter validation. */
import type { PresetName } from '../types';
import type { MazeParams } from './types';

/** Largest grid side: beyond this the prompt outgrows a small model's context. */
export const MAX_SIDE = 41;

export const MAZE_PRESETS: Record<PresetName, MazeParams> = {
  starter: { rows: 5, cols: 5, minPath: 1, maxPath: 2, loopiness: 0.1 },
  easy: { rows: 7, cols: 7, minPath: 3, maxPath: 6, loopiness: 0.1 },
  medium: { rows: 9, cols: 9, minPath: 6, maxPath: 12, loopiness: 0.15 },
  hard: { rows: 11, cols: 11, minPath: 10, maxPath: 20, loopiness: 0.3 },
};

function checkInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new RangeError(`maze: ${name} must be an integer, got ${String(value)}`);
  }
  return value;
}

/**
 * Check maze params. `minPath <= rows + cols - 2` guarantees that a start/goal pair with a shortest path
 * in range exists in every maze (the two far corners are rooms at least that far apart), so generation
 * always terminates without regenerating the maze.
 * @throws {RangeError} naming the offending parameter.
 */
export function validateMazeParams(params: MazeParams): void {
  if (params === null || typeof params !== 'object') {
    throw new RangeError(`maze: params must be an object, got ${String(params)}`);
  }
  for (const side of ['rows', 'cols'] as const) {
    const v = checkInteger(side, params[side]);
    if (v < 5 || v > MAX_SIDE || v % 2 === 0) {
      throw new RangeError(`maze: ${side} must be an odd integer from 5 to ${MAX_SIDE}, got ${v}`);
    }
  }
  const minPath = checkInteger('minPath', params.minPath);
  const maxPath = checkInteger('maxPath', params.maxPath);
  if (minPath < 1) throw new RangeError(`maze: minPath must be at least 1, got ${minPath}`);
  if (maxPath < minPath) {
    throw new RangeError(`maze: maxPath (${maxPath}) must be at least minPath (${minPath})`);
  }
  const reach = params.rows + params.cols - 2;
  if (minPath > reach) {
    throw new RangeError(
      `maze: minPath (${minPath}) must be at most rows + cols - 2 (${reach}) for a ${params.rows}×${params.cols} grid`,
    );
  }
  const { loopiness } = params;
  if (typeof loopiness !== 'number' || !Number.isFinite(loopiness) || loopiness < 0 || loopiness > 1) {
    throw new RangeError(`maze: loopiness must be a number from 0 to 1, got ${String(loopiness)}`);
  }
}
