/**
 * Generation from a trained model: one byte at a time, greedy or at a temperature with a seeded
 * generator, streamed through a callback, ending at a stop string, a byte budget or an abort.
 */
import { blockUntilReady, jit, numpy as np, tree, type OwnedFunction } from '@jax-js/jax';
import { createRng, type Rng } from '../core/rng';
import { BOS, BYTE_COUNT, decodeBytes, encodeText } from './byte-tokens';
import { decodeStep, emptyCache, type KvCache } from './decode';
import type { Params, TransformerConfig } from './transformer';

/** How one generation runs. */
export interface GenerateOptions {
  /** Most bytes to generate. */
  maxBytes: number;
  /** 0 (or less): greedy, the likeliest byte each time. Otherwise softmax(logits / temperature). */
  temperature: number;
  /** Seed of the sampling generator: the same seed, prompt and weights give the same bytes. */
  seed: number;
  /** Generation ends when the output ends with one of these; the stop string is not returned. */
  stop?: readonly string[];
  /**
   * Each output byte, in order, once it can no longer be the start of a stop string (so a stop
   * string is never streamed). Bytes, not characters: a UTF-8 character may span several calls.
   */
  onByte?: (byte: number) => void;
  signal?: AbortSignal;
}

/** What a generation produced. */
export interface GenerateResult {
  bytes: Uint8Array;
  text: string;
  finish: 'stop' | 'length' | 'abort';
}

/** Index of a byte drawn from `logits` over the 256 byte ids (BOS and PAD are never produced). */
export function pickByte(logits: Float32Array, temperature: number, rng: Rng): number {
  let best = 0;
  for (let i = 1; i < BYTE_COUNT; i++) if (logits[i]! > logits[best]!) best = i;
  if (!(temperature > 0)) return best;
  const weights = new Float64Array(BYTE_COUNT);
  let total = 0;
  for (let i = 0; i < BYTE_COUNT; i++) {
    // Shifted by the maximum so exp never overflows.
    weights[i] = Math.exp((logits[i]! - logits[best]!) / temperature);
    total += weights[i]!;
  }
  let u = rng.next() * total;
  for (let i = 0; i < BYTE_COUNT; i++) {
    u -= weights[i]!;
    if (u < 0) return i;
  }
  return best;
}

/** Length of the longest tail of `out` that is a proper prefix of a stop string: bytes to hold back. */
function heldBack(out: readonly number[], stops: readonly Uint8Array[]): number {
  let hold = 0;
  for (const stop of stops) {
    for (let k = Math.min(stop.length - 1, out.length); k > hold; k--) {
      let match = true;
      for (let j = 0; j < k && match; j++) match = out[out.length - k + j] === stop[j];
      if (match) hold = k;
    }
  }
  return hold;
}

function endsWith(out: readonly number[], stop: Uint8Array): boolean {
  if (stop.length === 0 || stop.length > out.length) return false;
  for (let j = 0; j < stop.length; j++) if (out[out.length - stop.length + j] !== stop[j]) return false;
  return true;
}

type DecodeStep = OwnedFunction<
  (params: Params, cache: KvCache, token: np.Array, pos: np.Array) => [np.Array, KvCache]
>;

/** Where a generation stands: the cache of the tokens read so far and the next token's logits. */
interface Decoding {
  cache: KvCache;
  /** Logits after the last token read; null once they have been read. */
  logits: np.Array | null;
  /** Tokens in the cache (the next position to fill). */
  length: number;
}

/**
 * Generates from one set of weights, one byte at a time through a key/value cache. Holds its own
 * reference to the weights (the caller's stay the caller's); `dispose()` frees it and the compiled step.
 */
export class Sampler {
  readonly #config: TransformerConfig;
  readonly #params: Params;
  readonly #step: DecodeStep;

  /** @param params weights for `config`; not consumed (the sampler takes a reference of its own). */
  constructor(params: Params, config: TransformerConfig) {
    this.#config = config;
    this.#params = tree.ref(params);
    this.#step = jit((p: Params, cache: KvCache, token: np.Array, pos: np.Array) =>
      decodeStep(p, cache, token, pos, config),
    );
  }

  /** Reads `tokens` into `state` from its current length on; the logits are those after the last. */
  async #read(state: Decoding, tokens: readonly number[]): Promise<Decoding> {
    let { cache, logits, length } = state;
    for (const token of tokens) {
      logits?.dispose();
      [logits, cache] = this.#step(
        tree.ref(this.#params),
        cache,
        np.array(token, { dtype: np.int32 }),
        np.array(length, { dtype: np.int32 }),
      );
      length++;
      // Without a wait per token, the pending steps pile up and each costs more than the last.
      await blockUntilReady(cache);
    }
    return { cache, logits, length };
  }

  /**
   * Reads `token` next. A full context starts the cache again from the last three quarters of
   * `history` (the window slides in jumps, so a long generation rebuilds it every context/4 bytes).
   */
  #advance(state: Decoding, token: number, history: readonly number[]): Promise<Decoding> {
    const context = this.#config.context;
    if (state.length < context) return this.#read(state, [token]);
    tree.dispose(state.cache);
    state.logits?.dispose();
    const keep = context - Math.floor(context / 4);
    return this.#read({ cache: emptyCache(this.#config), logits: null, length: 0 }, history.slice(-keep));
  }

  /**
   * Continues `prompt` (the bytes the model reads after BOS). A prompt longer than the context is
   * read by its last three quarters of a context.
   * @throws {RangeError} when `maxBytes` is not a non-negative integer.
   */
  async generate(prompt: Uint8Array, options: GenerateOptions): Promise<GenerateResult> {
    const { maxBytes, temperature, seed, onByte, signal } = options;
    if (!Number.isInteger(maxBytes) || maxBytes < 0) {
      throw new RangeError(`generate: maxBytes must be a non-negative integer, got ${maxBytes}`);
    }
    const stops = (options.stop ?? []).filter((s) => s.length > 0).map(encodeText);
    const rng = createRng(seed);
    const context = this.#config.context;
    const tokens = [BOS, ...prompt];
    const first = tokens.length > context ? tokens.slice(-(context - Math.floor(context / 4))) : tokens;
    const out: number[] = [];
    let emitted = 0;
    const finish = (reason: GenerateResult['finish'], keep: number): GenerateResult => {
      for (; emitted < keep; emitted++) onByte?.(out[emitted]!);
      const bytes = Uint8Array.from(out.slice(0, keep));
      return { bytes, text: decodeBytes(bytes), finish: reason };
    };
    let state = await this.#read({ cache: emptyCache(this.#config), logits: null, length: 0 }, first);
    try {
      while (out.length < maxBytes) {
        if (signal?.aborted) return finish('abort', out.length);
        const logits = (await state.logits!.data()) as Float32Array;
        state.logits = null;
        const byte = pickByte(logits, temperature, rng);
        tokens.push(byte);
        out.push(byte);
        const stop = stops.find((s) => endsWith(out, s));
        if (stop) return finish('stop', out.length - stop.length);
        for (const end = out.length - heldBack(out, stops); emitted < end; emitted++) onByte?.(out[emitted]!);
        if (out.length < maxBytes) state = await this.#advance(state, byte, tokens);
      }
      return finish(signal?.aborted ? 'abort' : 'length', out.length);
    } finally {
      tree.dispose(state.cache);
      state.logits?.dispose();
    }
  }

  /** Frees the sampler's reference to the weights and its compiled step. */
  dispose(): void {
    tree.dispose(this.#params);
    this.#step.dispose();
  }
}
