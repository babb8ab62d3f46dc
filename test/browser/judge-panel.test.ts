/**
 * The judge panel (src/ui/train/JudgePanel.svelte) in real Chromium over a real LabService and
 * IndexedDB: two twins trained here for a few steps (jax-js on WebAssembly) from one recipe are
 * loaded as "trained in this browser" models, one click creates and runs the judge's experiment
 * through the lab, and the panel shows each model's gain, the headline with its interval and a link
 * to the experiment's results, whose stored episodes are the held-out items under both conditions.
 * A model that is not loaded ends in the lab's own error, shown, not thrown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'vitest-browser-svelte';
import { heldOutItems, type DidacticRecipe } from '../../src/core/didactic';
import type { LabStore } from '../../src/store';
import { startBackend } from '../../src/train/backend';
import { recipeBatches, recipeExamples } from '../../src/train/recipe-batches';
import { Trainer } from '../../src/train/trainer';
import JudgePanel from '../../src/ui/train/JudgePanel.svelte';
import { storeOnlyLab } from '../helpers/lab-services';

const stores: LabStore[] = [];
const names: string[] = [];
afterEach(() => {
  cleanup();
  for (const s of stores.splice(0)) s.close();
  for (const n of names.splice(0)) indexedDB.deleteDatabase(n);
});

function lab() {
  const name = `judge-panel-${crypto.randomUUID()}`;
  names.push(name);
  return storeOnlyLab(name, { appVersion: 'test', onOpen: (s) => stores.push(s) });
}

const recipe: DidacticRecipe = {
  kind: 'didactic',
  envs: ['arithmetic'],
  preset: 'starter',
  levels: [2],
  seed: 23,
  budget: 6_000,
  heldOut: 3,
  answersShare: 0.5,
};
const model = { vocabSize: 258, context: 256, layers: 1, dModel: 32, heads: 2, mlpRatio: 2 };

/** A twin trained a few steps on its kind of the recipe, as a weights-only file. */
async function twin(kind: DidacticRecipe['kind']): Promise<Blob> {
  const batches = recipeBatches(recipeExamples({ ...recipe, kind, maxBytes: model.context }), {
    batch: 4,
    context: model.context,
    seed: 1,
  });
  const trainer = Trainer.create({ model, seed: 2 });
  for (let step = 0; step < 4; step++) await trainer.trainOn(batches.next().value!, 3e-3);
  const bytes = await trainer.save({ weightsOnly: true });
  trainer.dispose();
  return new Blob([bytes]);
}

const identity = <T extends object>(f: T) => f;

describe('the judge panel', () => {
  it('runs the judge experiment through the lab and shows the gains, the headline and the link', async () => {
    await startBackend('wasm');
    const service = lab();
    const models = {
      didactic: await service.loadTrainedModel(await twin('didactic'), 'didactic'),
      answersOnly: await service.loadTrainedModel(await twin('answers-only'), 'answers'),
    };
    const screen = await render(JudgePanel, {
      lab: service,
      recipe,
      models,
      options: { maxTokens: 24 },
      proxy: identity,
    });
    await screen.getByRole('button', { name: 'Judge the twins' }).click();
    await expect.element(screen.getByTestId('judge-headline'), { timeout: 150_000 }).toBeVisible();
    await expect.element(screen.getByTestId('judge-headline')).toHaveTextContent(/3 held-out tasks/);
    await expect.element(screen.getByTestId('judge-headline')).toHaveTextContent(/95% interval/);
    await expect.element(screen.getByTestId('judge-progress')).toHaveTextContent('12 of 12 episodes');
    const rows = screen.getByTestId('judge-models').getByRole('row');
    expect(rows.elements()).toHaveLength(3);
    await expect.element(rows.nth(1)).toHaveTextContent(/Didactic.*trained: didactic/);
    await expect.element(rows.nth(2)).toHaveTextContent(/Answers only.*trained: answers/);

    const link = screen.getByTestId('judge-results-link').element() as HTMLAnchorElement;
    const id = decodeURIComponent(link.hash.replace('#/experiments/', ''));
    const { summary, overview } = await service.experimentResults(id);
    expect(overview.state).toBe('done');
    expect(summary.rows.map((r) => `${r.studentModel} ${r.conditionKey}`).sort()).toEqual([
      'trained: answers retry',
      'trained: answers rule-teacher:2',
      'trained: didactic retry',
      'trained: didactic rule-teacher:2',
    ]);
    // Its items are the recipe's held-out items, the same under every row.
    const held = heldOutItems('arithmetic', 'starter', recipe.seed, 3);
    for (const row of summary.rows) expect(row.itemOutcomes.map((o) => o.n)).toEqual([1, 1, 1]);
    const episodes = await service.queryHistory({ experimentId: id, limit: 50 });
    expect(episodes.total).toBe(12);
    expect(new Set(episodes.rows.map((e) => e.task.itemSeed))).toEqual(new Set(held.map((t) => t.itemSeed)));
  }, 240_000);

  it('shows why when a twin is not loaded', async () => {
    const screen = await render(JudgePanel, {
      lab: lab(),
      recipe,
      models: { didactic: 'trained: nowhere', answersOnly: 'trained: gone' },
      proxy: identity,
    });
    await screen.getByRole('button', { name: 'Judge the twins' }).click();
    await expect
      .element(screen.getByTestId('judge-error'), { timeout: 30_000 })
      .toHaveTextContent(/nowhere|gone|load/i);
    await expect.element(screen.getByRole('button', { name: 'Judge again' })).toBeEnabled();
  }, 60_000);
});
