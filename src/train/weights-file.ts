/** A checkpoint's weights alone: the file to hand to another browser or tool. */
import { decodeSafetensors, encodeSafetensors } from './safetensors';

/**
 * `checkpoint` without its optimizer state (the `optimizer.*` tensors and settings): an ordinary
 * safetensors model file that `Trainer.fromCheckpoint` and the trained engine both read.
 * @throws {SafetensorsError} when the bytes are not safetensors.
 */
export function weightsOnly(checkpoint: Uint8Array): Uint8Array<ArrayBuffer> {
  const { tensors, metadata } = decodeSafetensors(checkpoint);
  for (const name of Object.keys(tensors)) if (name.startsWith('optimizer.')) delete tensors[name];
  const { optimizer: _optimizer, ...rest } = metadata;
  return encodeSafetensors(tensors, rest);
}
