/**
 * The maze environment: find a path of U/D/L/R moves from S to G on a small grid.
 * Generation, parsing, verification and hints are the other files here; this one assembles them.
 */
import { seededTask } from '../shared/task';
import { mazeDataProblems } from './shape';
import type { Environment, Task } from '../types';
import { carveMaze, placeEndpoints, renderGrid } from './generate';
import { bfs, shortestPathMoves } from './grid';
import { mazeHint } from './hints';
import { MAZE_PRESETS, validateMazeParams } from './params';
import { mazePrompt } from './prompt';
import type { MazeData, MazeParams } from './types';
import { verifyMaze } from './verify';

export type { Cell, MazeData, MazeDetail, MazeFirstError, MazeParams, Move } from './types';
export { MAZE_ISSUE, MAZE_WARNING_CODES, type MazeIssueCode } from './issues';
export { MAZE_PRESETS } from './params';
export { parseAnswer, parseMoves } from './parse';

const ID = 'maze';
/** 2: the prompt's format example no longer depends on the answer (version 1 swapped it when it hit). */
const GENERATOR_VERSION = 2;

/**
 * Generate maze `index` of the stream seeded by `seed`: pure and deterministic.
 * @throws {RangeError} when params are out of range (see `validateMazeParams`).
 */
function generateMaze(params: MazeParams, seed: number, index: number): Task<MazeParams, MazeData> {
  validateMazeParams(params);
  if (!Number.isInteger(seed) || !Number.isInteger(index) || index < 0) {
    throw new RangeError(
      `maze: seed must be an integer and index a non-negative integer, got ${seed}, ${index}`,
    );
  }
  // Keep only the known fields so stray keys neither change the item seed nor leak into stored tasks.
  const p: MazeParams = {
    rows: params.rows,
    cols: params.cols,
    minPath: params.minPath,
    maxPath: params.maxPath,
    loopiness: params.loopiness,
  };
  return seededTask({ id: ID, generatorVersion: GENERATOR_VERSION }, p, seed, index, (rng) => {
    const open = carveMaze(p.rows, p.cols, p.loopiness, rng);
    const { start, goal, shortest } = placeEndpoints(open, p.rows, p.cols, p.minPath, p.maxPath, rng);
    const solution = shortestPathMoves(bfs(open, p.rows, p.cols, goal), p.rows, p.cols, start).join(' ');
    const data: MazeData = {
      rows: p.rows,
      cols: p.cols,
      grid: renderGrid(open, p.rows, p.cols, start, goal),
      start,
      goal,
      shortest,
    };
    return { data, prompt: mazePrompt(data), solution };
  });
}

export const maze: Environment<MazeParams, MazeData> = {
  id: ID,
  name: 'Maze',
  description: 'Find a path of U/D/L/R moves from S to G through a small grid maze.',
  generatorVersion: GENERATOR_VERSION,
  presets: MAZE_PRESETS,
  defaultPreset: 'easy',
  generate: generateMaze,
  verify: verifyMaze,
  hint: mazeHint,
  validateParams: validateMazeParams,
  dataProblems: mazeDataProblems,
};
