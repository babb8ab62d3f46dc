/**
 * Generation from a trained model: one byte at a time, greedy or at a temperature with a seeded
 * generator, streamed through a callback, ending at a stop string, a byte budget or an abort.
 */
import { jit, numpy as np, tree, type OwnedFunction } from '@jax-js/jax';
import { createRng, type Rng } from '../core/rng';
import { BOS, BYTE_COUNT, PAD, decodeBytes, encodeText } from './byte-tokens';
import { forward, type Params, type TransformerConfig } from './transformer';

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

type NextLogits = OwnedFunction<(params: Params, tokens: np.Array, select: np.Array) => np.Array>;

/** Smallest window that holds `length` tokens: powers of two, so a generation compiles a few shapes only. */
export function windowFor(length: number, context: number): number {
  let size = 16;
  while (size < length) size *= 2;
  return Math.min(size, context);
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

/**
 * Generates from one set of weights. Holds its own reference to them (the caller's stay the
 * caller's); `dispose()` frees it and the compiled function.
 */
export class Sampler {
  readonly #config: TransformerConfig;
  readonly #params: Params;
  readonly #next: NextLogits;

  /** @param params weights for `config`; not consumed (the sampler takes a reference of its own). */
  constructor(params: Params, config: TransformerConfig) {
    this.#config = config;
    this.#params = tree.ref(params);
    this.#next = jit((p: Params, tokens: np.Array, select: np.Array) => forward(p, tokens, config, select));
  }

  /** Logits of the token after `tokens` (all of them, BOS first), for the last `context` of them. */
  async #logitsAfter(tokens: readonly number[]): Promise<Float32Array> {
    const context = this.#config.context;
    const window = tokens.slice(-context);
    const size = windowFor(window.length, context);
    const ids = new Int32Array(size).fill(PAD);
    ids.set(window);
    const select = new Float32Array(size);
    select[window.length - 1] = 1;
    const logits = this.#next(
      tree.ref(this.#params),
      np.array(ids, { shape: [1, size], dtype: np.int32 }),
      np.array(select, { shape: [1, size] }),
    );
    return (await logits.data()) as Float32Array;
  }

  /**
   * Continues `prompt` (the bytes the model reads after BOS). A prompt longer than the context is
   * read by its last `context` tokens.
   * @throws {RangeError} when `maxBytes` is not a non-negative integer.
   */
  async generate(prompt: Uint8Array, options: GenerateOptions): Promise<GenerateResult> {
    const { maxBytes, temperature, seed, onByte, signal } = options;
    if (!Number.isInteger(maxBytes) || maxBytes < 0) {
      throw new RangeError(`generate: maxBytes must be a non-negative integer, got ${maxBytes}`);
    }
    const stops = (options.stop ?? []).filter((s) => s.length > 0).map(encodeText);
    const rng = createRng(seed);
    const tokens = [BOS, ...prompt];
    const out: number[] = [];
    let emitted = 0;
    const finish = (reason: GenerateResult['finish'], keep: number): GenerateResult => {
      for (; emitted < keep; emitted++) onByte?.(out[emitted]!);
      const bytes = Uint8Array.from(out.slice(0, keep));
      return { bytes, text: decodeBytes(bytes), finish: reason };
    };
    while (out.length < maxBytes) {
      if (signal?.aborted) return finish('abort', out.length);
      const byte = pickByte(await this.#logitsAfter(tokens), temperature, rng);
      tokens.push(byte);
      out.push(byte);
      const stop = stops.find((s) => endsWith(out, s));
      if (stop) return finish('stop', out.length - stop.length);
      for (const end = out.length - heldBack(out, stops); emitted < end; emitted++) onByte?.(out[emitted]!);
    }
    return finish(signal?.aborted ? 'abort' : 'length', out.length);
  }

  /** Frees the sampler's reference to the weights and its compiled function. */
  dispose(): void {
    tree.dispose(this.#params);
    this.#next.dispose();
  }
}
