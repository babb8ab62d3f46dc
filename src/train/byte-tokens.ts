/**
 * The trained student's vocabulary: every byte is a token of its own, plus two ids that no text can
 * spell. Byte-level keeps the model free of a tokenizer to ship, train or version: any UTF-8 text the
 * lab produces is already a sequence of tokens.
 */

/** Number of ordinary tokens: the bytes 0–255, each its own id. */
export const BYTE_COUNT = 256;

/** Starts every sequence, so the first real byte is predicted from a fixed state. */
export const BOS = 256;

/** Fills a batch row after its sequence ends; never a target (its loss weight is 0). */
export const PAD = 257;

/** Ids in the embedding table: 256 bytes, BOS and PAD. */
export const VOCAB_SIZE = 258;

const encoder = new TextEncoder();

/** UTF-8 bytes of `text`: the token ids of that text. */
export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Text of `bytes` as UTF-8. A sequence cut mid-character (a byte-level model can emit any byte)
 * decodes with U+FFFD in place of the broken character rather than throwing.
 */
export function decodeBytes(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}
