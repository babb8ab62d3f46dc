/**
 * Host-side batches: byte sequences with a per-byte loss mask, packed into the fixed [B, T] shape the
 * jitted step is compiled for (a new shape would compile again).
 */
import { BOS, PAD } from './byte-tokens';

/** One training sequence: `mask[i]` is 1 where the model should learn to predict `bytes[i]`. */
export interface Example {
  bytes: Uint8Array;
  mask: Uint8Array;
}

/** A batch ready to become arrays: row-major [batch, context]. */
export interface HostBatch {
  batch: number;
  context: number;
  /** Token ids read by the model: BOS then the bytes, PAD after the end. */
  inputs: Int32Array<ArrayBuffer>;
  /** The next token at each position (the input shifted left by one). */
  targets: Int32Array<ArrayBuffer>;
  /** 1 where the target is a byte to learn, else 0 (PAD, masked-out and cut-off bytes). */
  mask: Float32Array<ArrayBuffer>;
  /** Bytes left out because a sequence was longer than the context; they are never learned. */
  truncated: number;
  /** Masked (learned) bytes in the batch: the tokens a step trains on. */
  maskedBytes: number;
}

/**
 * Packs `examples` into one batch row each. Row r reads [BOS, b₀, …, b_{T-2}] and predicts
 * [b₀, …, b_{T-1}], so a sequence of up to `context` bytes fits whole.
 * @throws {RangeError} when there are no examples, a mask's length differs from its bytes', or the
 * context is not a positive integer.
 */
export function packBatch(examples: readonly Example[], context: number): HostBatch {
  if (examples.length === 0) throw new RangeError('packBatch: no examples');
  if (!Number.isInteger(context) || context < 1) {
    throw new RangeError(`packBatch: context must be a positive integer, got ${context}`);
  }
  const size = examples.length * context;
  const inputs = new Int32Array(size).fill(PAD);
  const targets = new Int32Array(size).fill(PAD);
  const mask = new Float32Array(size);
  let truncated = 0;
  let maskedBytes = 0;
  examples.forEach((example, row) => {
    const { bytes } = example;
    if (example.mask.length !== bytes.length) {
      throw new RangeError(
        `packBatch: example ${row} has ${bytes.length} bytes but ${example.mask.length} mask values`,
      );
    }
    const length = Math.min(bytes.length, context);
    truncated += bytes.length - length;
    const base = row * context;
    inputs[base] = BOS;
    for (let t = 0; t < length; t++) {
      if (t + 1 < context) inputs[base + t + 1] = bytes[t]!;
      targets[base + t] = bytes[t]!;
      if (example.mask[t]) {
        mask[base + t] = 1;
        maskedBytes++;
      }
    }
  });
  return { batch: examples.length, context, inputs, targets, mask, truncated, maskedBytes };
}

/**
 * Row length for a batch of `examples`: the smallest power of two (at least 32) that holds the
 * longest, capped at `context`. Short transcripts then train without paying attention over a full
 * context of padding; each length compiles the step once, and powers of two keep those few.
 */
export function fitContext(examples: readonly Example[], context: number): number {
  const longest = examples.reduce((n, e) => Math.max(n, e.bytes.length), 0);
  let size = 32;
  while (size < longest && size < context) size *= 2;
  return Math.min(size, context);
}
