/**
 * A training set made from a recipe: a pure function of it (the same recipe gives byte-identical
 * examples). Items come from the training stream in turn across the recipe's environments (index 0
 * of each, then index 1, …), held-out ones dropped; each item's wrong attempts and hint level come
 * from a generator seeded by (recipe seed, environment, item key) alone, so twin recipes (differing
 * in kind only) show the same wrong attempts on the same items. Examples are added until the next
 * one would pass the byte budget.
 */
import type { ChatMessage } from '../engine';
import type { HintLevel, Task } from '../envs/types';
import { canonicalJson, createRng, hashString, type Rng } from '../rng';
import { byteLength, chatTemplateId, lossMask, renderChat, type TrainedTurns } from './chat-template';
import { heldOutSet, isHeldOut, trainingItem, type HeldOutSet } from './held-out';
import { perturb, type WrongAttempt } from './perturb';
import { fullRecipe, type DidacticRecipe, type FullRecipe } from './recipe';
import { transcriptMessages, type TranscriptKind } from './transcript';

/** Items in a row that may be dropped before the recipe is refused (a preset with too few items). */
const MAX_DROPPED_IN_A_ROW = 2000;

/** One training conversation. */
export interface DidacticExample {
  envId: string;
  /** Index in the training stream, and the item's key (`task.itemSeed`). */
  index: number;
  itemSeed: number;
  kind: TranscriptKind;
  /** The rule teacher's hint level ('didactic'), else null. */
  level: HintLevel | null;
  /** The kind of error of each wrong attempt, in order (none for 'answers-only'). */
  errors: string[];
  messages: ChatMessage[];
  /** Which assistant messages are trained: the last, the corrected attempt (never the errors). */
  trained: TrainedTurns;
  /** `renderChat(messages)` in UTF-8 bytes. */
  bytes: number;
}

/** Why items were left out. */
export interface DroppedItems {
  /** The item (or its prompt) is one of the held-out items. */
  heldOut: number;
  /** No wrong attempt could be made for it. */
  noWrongAttempt: number;
  /** Its rendering is longer than the recipe's `maxBytes`. */
  tooLong: number;
}

/** A built training set. */
export interface DidacticDataset {
  recipe: FullRecipe;
  /** The chat template it was rendered with (`chatTemplateId()`). */
  template: string;
  examples: DidacticExample[];
  /** Total rendered bytes (≤ the budget) and the bytes the loss is taken on. */
  bytes: number;
  trainedBytes: number;
  dropped: DroppedItems;
}

/** The generator of one item's choices: independent of the recipe's kind. */
function itemRng(recipe: FullRecipe, envId: string, itemSeed: number): Rng {
  return createRng(hashString(canonicalJson(['didactic-item', recipe.seed, envId, itemSeed])));
}

/** An item's wrong attempts (distinct from each other), or null when one could not be made. */
function wrongAttempts(task: Task, count: number, rng: Rng): WrongAttempt[] | null {
  const out: WrongAttempt[] = [];
  for (let i = 0; i < count; i++) {
    const next = perturb(
      task,
      rng,
      out.map((w) => w.text),
    );
    if (next === null) return null;
    out.push(next);
  }
  return out;
}

/** Examples collected from one item stream, and what was left out. */
interface Collected {
  examples: DidacticExample[];
  bytes: number;
  trainedBytes: number;
}

/**
 * Examples of `kind` from the item stream of `streamSeed`, in turn across the recipe's environments,
 * until the next would pass `budget` bytes. Held-out items and items without a wrong attempt (or too
 * long) are counted in `dropped` and passed over.
 */
function collect(
  full: FullRecipe,
  kind: TranscriptKind,
  budget: number,
  streamSeed: number,
  held: ReadonlyMap<string, HeldOutSet>,
  dropped: DroppedItems,
): Collected {
  const examples: DidacticExample[] = [];
  let bytes = 0;
  let trainedBytes = 0;
  let inARow = 0;
  for (let index = 0; ; index++) {
    for (const envId of full.envs) {
      const task = trainingItem(envId, full.preset, streamSeed, index);
      const drop = (reason: keyof DroppedItems) => {
        dropped[reason]++;
        if (++inARow >= MAX_DROPPED_IN_A_ROW)
          throw new RangeError(
            `recipe: ${MAX_DROPPED_IN_A_ROW} items in a row were left out (last: ${reason}); ${envId} at ${full.preset} has too few items for this recipe.`,
          );
      };
      if (isHeldOut(task, held.get(envId) as HeldOutSet)) {
        drop('heldOut');
        continue;
      }
      const rng = itemRng(full, envId, task.itemSeed);
      const level = rng.pick(full.levels);
      const count = rng.pick(full.wrongAttempts);
      const wrong = kind === 'answers-only' ? [] : wrongAttempts(task, count, rng);
      if (wrong === null) {
        drop('noWrongAttempt');
        continue;
      }
      const messages = transcriptMessages(kind, task, wrong, level);
      const size = byteLength(renderChat(messages));
      if (full.maxBytes !== null && size > full.maxBytes) {
        drop('tooLong');
        continue;
      }
      if (bytes + size > budget) return { examples, bytes, trainedBytes };
      inARow = 0;
      const trained: TrainedTurns = 'last';
      examples.push({
        envId,
        index,
        itemSeed: task.itemSeed,
        kind,
        level: kind === 'didactic' ? level : null,
        errors: wrong.map((w) => w.kind),
        messages,
        trained,
        bytes: size,
      });
      bytes += size;
      trainedBytes += lossMask(messages, trained).reduce((n, b) => n + b, 0);
    }
  }
}

/** The item stream of the answers-only share: its own, so it never takes the kind's own items' places. */
const answersStream = (seed: number) => hashString(canonicalJson(['didactic-answers-share', seed]));

/**
 * The training set of `recipe`: its answers-only share first (`answersShare` of the budget, the
 * same examples for every kind), then examples of its kind to the end of the budget.
 * @throws {RangeError} for a recipe out of range (see `fullRecipe`), or when {@link MAX_DROPPED_IN_A_ROW}
 *   items in a row are dropped (the preset has too few items outside the held-out set).
 * @throws {Error} for an environment without a perturber.
 */
export function buildDataset(recipe: DidacticRecipe): DidacticDataset {
  const full = fullRecipe(recipe);
  const held = new Map(full.envs.map((id) => [id, heldOutSet(id, full.preset, full.seed, full.heldOut)]));
  const dropped: DroppedItems = { heldOut: 0, noWrongAttempt: 0, tooLong: 0 };
  const shareBudget = Math.floor(full.budget * full.answersShare);
  const share =
    shareBudget > 0
      ? collect(full, 'answers-only', shareBudget, answersStream(full.seed), held, dropped)
      : { examples: [], bytes: 0, trainedBytes: 0 };
  const own = collect(full, full.kind, full.budget - share.bytes, full.seed, held, dropped);
  return {
    recipe: full,
    template: chatTemplateId(),
    examples: [...share.examples, ...own.examples],
    bytes: share.bytes + own.bytes,
    trainedBytes: share.trainedBytes + own.trainedBytes,
    dropped,
  };
}
