/** Playing a maze episode in the page as a human student, shared by the end-to-end tests. */
import type { Page } from 'playwright-core';
import { environments } from '../../src/core/envs';

/** The easy maze the page generates for this seed, from the same pure generator. */
export function mazeFor(seed: number) {
  const maze = environments.maze!;
  return maze.generate(maze.presets.easy, seed, 0);
}

/** Set the task seed, start a human-student episode, and wait for the answer box. */
export async function startHumanEpisode(page: Page, seed: number): Promise<void> {
  await page.getByLabel('Task seed').fill(String(seed));
  await page.getByRole('button', { name: 'Start episode' }).click();
  await page.getByTestId('human-attempt').waitFor();
}

/** Type an answer in the human student's box and send it. */
export async function answer(page: Page, text: string): Promise<void> {
  const input = page.locator('#human-answer');
  await input.fill(text);
  await input.press('Enter');
}
