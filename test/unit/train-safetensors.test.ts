import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from '../../src/train/safetensors';

const tensors = () => ({
  b: { shape: [3], data: new Float32Array([1.5, -2, 3.25]) },
  a: { shape: [2, 2], data: new Float32Array([0.1, 0.2, 0.3, 0.4]) },
  scalar: { shape: [], data: new Float32Array([7]) },
});

/** A file with `header` as its JSON header and `data` after it. */
function rawFile(header: unknown, data = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips float32 tensors bit for bit, with metadata, in a layout other readers accept', () => {
    const bytes = encodeSafetensors(tensors(), { format: 'test', step: '3' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLength) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    expect(header.a).toEqual({ dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    const { tensors: back, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ format: 'test', step: '3' });
    for (const [name, tensor] of Object.entries(tensors())) {
      expect(back[name]!.shape).toEqual(tensor.shape);
      expect(Array.from(back[name]!.data)).toEqual(Array.from(tensor.data));
    }
  });

  it('encodes equal contents to equal bytes whatever the order they were given in', () => {
    const { a, b, scalar } = tensors();
    expect(encodeSafetensors({ a, b, scalar })).toEqual(encodeSafetensors({ scalar, b, a }));
  });

  it('reads a tensor from an unaligned view of the file', () => {
    const bytes = encodeSafetensors(tensors());
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Array.from(decodeSafetensors(shifted.subarray(1)).tensors.b!.data)).toEqual([1.5, -2, 3.25]);
  });

  it('refuses malformed files with a SafetensorsError that says what is wrong', () => {
    const f32 = (shape: number[], range: number[]) => ({ x: { dtype: 'F32', shape, data_offsets: range } });
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(4), /shorter/],
      [rawFile({}).fill(0xff, 0, 8), /past the end/],
      [rawFile('text'), /not a JSON object/],
      [rawFile({ x: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }, new Uint8Array(2)), /F16.*float32/],
      [rawFile(f32([2], [0, 8])), /outside the file/],
      [rawFile(f32([3], [0, 8]), new Uint8Array(8)), /do not match/],
      [rawFile(f32([-1], [0, 0])), /malformed/],
      [rawFile({ __metadata__: { step: 3 } }), /not a string/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => decodeSafetensors(bytes)).toThrow(SafetensorsError);
      expect(() => decodeSafetensors(bytes)).toThrow(message);
    }
    const bad = new Uint8Array(12);
    new DataView(bad.buffer).setBigUint64(0, 4n, true);
    bad.set([0x7b, 0x7b, 0x7d, 0x20], 8);
    expect(() => decodeSafetensors(bad)).toThrow(/not JSON/);
  });

  it('refuses to write a tensor whose data does not fill its shape', () => {
    expect(() => encodeSafetensors({ x: { shape: [2, 2], data: new Float32Array(3) } })).toThrow(
      SafetensorsError,
    );
  });
});
