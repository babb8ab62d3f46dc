/**
 * Transcripts built on the held-out items, for a held-out loss: the same kind and recipe as a
 * training set, but on the evaluation items (`heldOutItems`), which training never sees. Each item's
 * wrong attempts and hint level come from a generator of its own, as in `buildDataset`.
 */
import { canonicalJson, createRng, hashString } from '../rng';
import { byteLength, renderChat, renderTraining, type RenderedExample } from './chat-template';
import { heldOutItems } from './held-out';
import { perturb, type WrongAttempt } from './perturb';
import { fullRecipe, type DidacticRecipe } from './recipe';
import { transcriptMessages } from './transcript';

/**
 * Up to `perEnv` rendered transcripts of `recipe.kind` per environment on the held-out items of
 * (environment, preset, seed), in turn across the environments; items whose transcript passes
 * `recipe.maxBytes`, or without a wrong attempt, are passed over. Only the corrected attempt is
 * masked in, as in training.
 * @throws {RangeError} for a recipe out of range (see `fullRecipe`).
 */
export function heldOutTranscripts(recipe: DidacticRecipe, perEnv: number): RenderedExample[] {
  const full = fullRecipe(recipe);
  const perItem = full.envs.map((envId) =>
    heldOutItems(envId, full.preset, full.seed, perEnv).flatMap((task) => {
      const rng = createRng(
        hashString(canonicalJson(['held-out-transcript', full.seed, envId, task.itemSeed])),
      );
      const level = rng.pick(full.levels);
      const count = rng.pick(full.wrongAttempts);
      const wrong: WrongAttempt[] = [];
      if (full.kind !== 'answers-only') {
        for (let i = 0; i < count; i++) {
          const next = perturb(
            task,
            rng,
            wrong.map((w) => w.text),
          );
          if (next === null) return [];
          wrong.push(next);
        }
      }
      const messages = transcriptMessages(full.kind, task, wrong, level);
      if (full.maxBytes !== null && byteLength(renderChat(messages)) > full.maxBytes) return [];
      return [renderTraining(messages, 'last')];
    }),
  );
  const out: RenderedExample[] = [];
  for (let i = 0; i < perEnv; i++)
    for (const list of perItem) {
      const example = list[i];
      if (example) out.push(example);
    }
  return out;
}
