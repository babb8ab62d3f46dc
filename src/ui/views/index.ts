/**
 * Task views by environment id. An environment without its own view falls back to TextTaskView
 * (the prompt as text, with the diagnosis).
 */
import type { Component } from 'svelte';
import type { Diagnosis, Task } from '../../core/envs/types';
import MazeView from './MazeView.svelte';

export interface TaskViewProps {
  task: Task;
  diagnosis: Diagnosis | null;
}

export const taskViews: Record<string, Component<TaskViewProps>> = {
  maze: MazeView as Component<TaskViewProps>,
};
