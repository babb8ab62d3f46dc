/**
 * Task views by environment id. An environment without its own view falls back to TextTaskView
 * (the prompt as text, with the diagnosis).
 */
import type { Component } from 'svelte';
import type { Diagnosis, Task } from '../../core/envs/types';
import MazeView from './MazeView.svelte';
import ArithmeticView from './ArithmeticView.svelte';
import CountdownView from './CountdownView.svelte';
import SudokuView from './SudokuView.svelte';
import KnightsView from './KnightsView.svelte';
import HanoiView from './HanoiView.svelte';
import CodeView from './CodeView.svelte';

export interface TaskViewProps {
  task: Task;
  diagnosis: Diagnosis | null;
  /** What a person is typing as their next answer, for a view that previews it (the maze draws the path). */
  draft?: string | null;
}

export const taskViews: Record<string, Component<TaskViewProps>> = {
  maze: MazeView as Component<TaskViewProps>,
  arithmetic: ArithmeticView as Component<TaskViewProps>,
  countdown: CountdownView as Component<TaskViewProps>,
  sudoku: SudokuView as Component<TaskViewProps>,
  knights: KnightsView as Component<TaskViewProps>,
  hanoi: HanoiView as Component<TaskViewProps>,
  code: CodeView as Component<TaskViewProps>,
};

/**
 * The view of environment `envId`, or undefined. Own keys only: a stored `envId` of `__proto__` or
 * `constructor` must not find `Object.prototype`'s members (rendering one threw and left the replay
 * at "Loading…").
 */
export function taskViewFor(envId: string): Component<TaskViewProps> | undefined {
  return Object.hasOwn(taskViews, envId) ? taskViews[envId] : undefined;
}
