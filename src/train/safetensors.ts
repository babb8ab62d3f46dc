/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian header length, a JSON
 * header naming each tensor's dtype, shape and byte range, then the raw little-endian data. Only
 * float32 tensors, the one dtype the trainer stores. Written here because jax-js's reader lives in
 * `@jax-js/loaders`, which reads only, and a file from another tool must be checked before use.
 */

/** A float32 tensor on the host. */
export interface HostTensor {
  shape: number[];
  data: Float32Array<ArrayBuffer>;
}

/** A safetensors file's contents. */
export interface SafetensorsContents {
  tensors: Record<string, HostTensor>;
  metadata: Record<string, string>;
}

/** A file that is not safetensors, or not one the trainer can read. */
export class SafetensorsError extends Error {
  override name = 'SafetensorsError';
}

// Header size cap: a real header here is a few KB; a huge one is a corrupt or hostile file.
const MAX_HEADER_BYTES = 16 * 1024 * 1024;

/** Encodes `tensors` (written in name order, so equal contents give equal bytes) with string `metadata`. */
export function encodeSafetensors(
  tensors: Record<string, HostTensor>,
  metadata: Record<string, string> = {},
): Uint8Array<ArrayBuffer> {
  const names = Object.keys(tensors).sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const { shape, data } = tensors[name]!;
    if (shape.reduce((a, b) => a * b, 1) !== data.length) {
      throw new SafetensorsError(`Tensor "${name}": shape [${shape}] does not hold ${data.length} values`);
    }
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header with spaces (as the format allows) so the data starts 8-byte aligned.
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const spaced = new Uint8Array(padded).fill(0x20);
    spaced.set(json);
    json = spaced;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const name of names) {
    const { data } = tensors[name]!;
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    at += data.byteLength;
  }
  return out;
}

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((n) => Number.isInteger(n) && n >= 0);
}

function isRange(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    value.every((n) => Number.isSafeInteger(n) && n >= 0) &&
    value[0] <= value[1]
  );
}

function readHeader(bytes: Uint8Array): { header: Record<string, unknown>; dataStart: number } {
  if (bytes.length < 8)
    throw new SafetensorsError('Not a safetensors file: shorter than its 8-byte header length');
  const length = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (length > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    throw new SafetensorsError('Not a safetensors file: its header length is past the end of the file');
  }
  const dataStart = 8 + Number(length);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, dataStart)));
  } catch {
    throw new SafetensorsError('Not a safetensors file: its header is not JSON');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw new SafetensorsError('Not a safetensors file: its header is not a JSON object');
  }
  return { header: header as Record<string, unknown>, dataStart };
}

function readMetadata(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SafetensorsError('Safetensors header: __metadata__ is not an object');
  }
  const metadata: Record<string, string> = {};
  for (const [key, text] of Object.entries(value)) {
    if (typeof text !== 'string') throw new SafetensorsError(`Safetensors metadata "${key}" is not a string`);
    metadata[key] = text;
  }
  return metadata;
}

/**
 * Decodes a safetensors file into copies of its tensors (aligned, independent of `bytes`).
 * @throws {SafetensorsError} when the file is malformed, a range falls outside the data, or a tensor
 * is not float32.
 */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContents {
  const { header, dataStart } = readHeader(bytes);
  const dataLength = bytes.length - dataStart;
  const tensors: Record<string, HostTensor> = Object.create(null) as Record<string, HostTensor>;
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: range } = (entry ?? {}) as Record<string, unknown>;
    if (dtype !== 'F32') {
      throw new SafetensorsError(
        `Tensor "${name}" is ${String(dtype)}; the trainer reads float32 (F32) only`,
      );
    }
    if (!isShape(shape) || !isRange(range)) {
      throw new SafetensorsError(`Tensor "${name}": shape or data_offsets malformed`);
    }
    const [start, end] = range;
    if (end > dataLength || end - start !== shape.reduce((a, b) => a * b, 1) * 4) {
      throw new SafetensorsError(
        `Tensor "${name}": its bytes do not match its shape or lie outside the file`,
      );
    }
    const copy = bytes.slice(dataStart + start, dataStart + end);
    tensors[name] = { shape, data: new Float32Array(copy.buffer) };
  }
  return { tensors, metadata: readMetadata(header.__metadata__) };
}
