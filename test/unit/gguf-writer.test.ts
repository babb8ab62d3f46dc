/**
 * The GGUF v3 writer and the tiny llama built with it, read back by an independent minimal reader
 * written here from the spec (https://github.com/ggml-org/ggml/blob/master/docs/gguf.md).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gguf, writeGguf, type GgufTensor, type GgufValue } from '../fixtures/gguf/gguf-writer';
import {
  buildTinyLlamaGguf,
  CHATML_TEMPLATE,
  EOS_ID,
  IM_END_ID,
  TINY_LLAMA,
  tinyLlamaVocab,
} from '../fixtures/gguf/tiny-llama';

type Scalar = number | boolean | string | bigint;
interface ReadTensor {
  name: string;
  dims: number[];
  type: number;
  offset: number;
  data: Float32Array;
}
interface ReadFile {
  magic: string;
  version: number;
  metadata: Map<string, { type: number; value: Scalar | Scalar[] }>;
  tensors: ReadTensor[];
  dataStart: number;
}

/** Read a GGUF file: every metadata type, tensor infos, F32 data. */
function readGguf(bytes: Uint8Array): ReadFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pos = 0;
  const u32 = () => ((pos += 4), view.getUint32(pos - 4, true));
  const u64 = () => ((pos += 8), Number(view.getBigUint64(pos - 8, true)));
  const str = () => {
    const n = u64();
    pos += n;
    return decoder.decode(bytes.subarray(pos - n, pos));
  };
  const scalar = (type: number): Scalar => {
    switch (type) {
      case 0:
        return view.getUint8(pos++);
      case 1:
        return view.getInt8(pos++);
      case 2:
        return ((pos += 2), view.getUint16(pos - 2, true));
      case 3:
        return ((pos += 2), view.getInt16(pos - 2, true));
      case 4:
        return u32();
      case 5:
        return ((pos += 4), view.getInt32(pos - 4, true));
      case 6:
        return ((pos += 4), view.getFloat32(pos - 4, true));
      case 7: {
        const b = view.getUint8(pos++);
        if (b > 1) throw new Error(`bad bool ${b}`);
        return b === 1;
      }
      case 8:
        return str();
      case 10:
        return ((pos += 8), view.getBigUint64(pos - 8, true));
      case 11:
        return ((pos += 8), view.getBigInt64(pos - 8, true));
      case 12:
        return ((pos += 8), view.getFloat64(pos - 8, true));
      default:
        throw new Error(`unknown type ${type}`);
    }
  };
  const magic = decoder.decode(bytes.subarray(0, 4));
  pos = 4;
  const version = u32();
  const nTensors = u64();
  const nKv = u64();
  const metadata: ReadFile['metadata'] = new Map();
  for (let i = 0; i < nKv; i++) {
    const key = str();
    const type = u32();
    if (type === 9) {
      const elemType = u32();
      const n = u64();
      const values: Scalar[] = [];
      for (let j = 0; j < n; j++) values.push(scalar(elemType));
      metadata.set(key, { type: 100 + elemType, value: values });
    } else {
      metadata.set(key, { type, value: scalar(type) });
    }
  }
  const infos: Omit<ReadTensor, 'data'>[] = [];
  for (let i = 0; i < nTensors; i++) {
    const name = str();
    const nDims = u32();
    const dims = Array.from({ length: nDims }, () => u64());
    infos.push({ name, dims, type: u32(), offset: u64() });
  }
  const alignment = Number(metadata.get('general.alignment')?.value ?? 32);
  const dataStart = Math.ceil(pos / alignment) * alignment;
  const tensors = infos.map((t) => {
    const count = t.dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(count);
    for (let k = 0; k < count; k++) data[k] = view.getFloat32(dataStart + t.offset + 4 * k, true);
    return { ...t, data };
  });
  return { magic, version, metadata, tensors, dataStart };
}

const numberOf = (file: ReadFile, key: string) => file.metadata.get(key)?.value as number;

describe('writeGguf', () => {
  const tensors: GgufTensor[] = [
    { name: 'a', dims: [3], data: new Float32Array([1, -2, 0.5]) },
    { name: 'b', dims: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
    { name: 'c', dims: [1], data: new Float32Array([7]) },
  ];
  const metadata: [string, GgufValue][] = [
    ['u', gguf.uint32(4_000_000_000)],
    ['i', gguf.int32(-5)],
    ['f', gguf.float32(0.25)],
    ['yes', gguf.bool(true)],
    ['no', gguf.bool(false)],
    ['s', gguf.string('héllo ▁world')],
    ['ss', gguf.strings(['', 'x', '<|im_end|>'])],
    ['is', gguf.int32s([1, -1, 6])],
    ['fs', gguf.float32s([0.5, -1.5])],
  ];

  it('writes the v3 header, counts, and every metadata type so that it reads back', () => {
    const bytes = writeGguf({ metadata, tensors });
    expect([...bytes.subarray(0, 4)]).toEqual([0x47, 0x47, 0x55, 0x46]); // "GGUF"
    const file = readGguf(bytes);
    expect(file.magic).toBe('GGUF');
    expect(file.version).toBe(3);
    expect(file.tensors.length).toBe(3);
    expect(file.metadata.size).toBe(metadata.length + 1); // + general.alignment
    expect(file.metadata.get('general.alignment')).toEqual({ type: 4, value: 32 });
    expect(file.metadata.get('u')).toEqual({ type: 4, value: 4_000_000_000 });
    expect(file.metadata.get('i')).toEqual({ type: 5, value: -5 });
    expect(file.metadata.get('f')).toEqual({ type: 6, value: 0.25 });
    expect(file.metadata.get('yes')).toEqual({ type: 7, value: true });
    expect(file.metadata.get('no')).toEqual({ type: 7, value: false });
    expect(file.metadata.get('s')).toEqual({ type: 8, value: 'héllo ▁world' });
    expect(file.metadata.get('ss')).toEqual({ type: 108, value: ['', 'x', '<|im_end|>'] });
    expect(file.metadata.get('is')).toEqual({ type: 105, value: [1, -1, 6] });
    expect(file.metadata.get('fs')).toEqual({ type: 106, value: [0.5, -1.5] });
  });

  it('aligns the data section and every tensor, and stores F32 data exactly', () => {
    for (const alignment of [32, 64]) {
      const bytes = writeGguf({ metadata: [['general.alignment', gguf.uint32(alignment)]], tensors });
      const file = readGguf(bytes);
      expect(file.dataStart % alignment).toBe(0);
      for (const [i, t] of file.tensors.entries()) {
        expect(t.offset % alignment).toBe(0);
        expect(t.type).toBe(0);
        expect(t.name).toBe(tensors[i]?.name);
        expect(t.dims).toEqual(tensors[i]?.dims);
        expect([...t.data]).toEqual([...(tensors[i]?.data ?? [])]);
      }
      expect(bytes.length % alignment).toBe(0);
      expect(file.tensors[1]?.offset).toBe(alignment); // 12 bytes of 'a', padded
    }
  });

  it('round-trips arbitrary metadata and tensors (property)', () => {
    const value = fc.oneof(
      fc.nat({ max: 0xffffffff }).map(gguf.uint32),
      fc.integer({ min: -0x80000000, max: 0x7fffffff }).map(gguf.int32),
      fc.float({ noNaN: true, noDefaultInfinity: true }).map((x) => gguf.float32(Math.fround(x))),
      fc.boolean().map(gguf.bool),
      fc.string({ unit: 'grapheme' }).map(gguf.string),
      fc.array(fc.string()).map(gguf.strings),
    );
    const tensor = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 })).chain(([a, b]) =>
      fc.array(fc.float({ noNaN: true }), { minLength: a * b, maxLength: a * b }).map((xs) => ({
        dims: [a, b],
        data: new Float32Array(xs),
      })),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ minLength: 1 }), value), { selector: ([k]) => k, maxLength: 6 }),
        fc.array(tensor, { maxLength: 4 }),
        (kvs, ts) => {
          const named = ts.map((t, i) => ({ ...t, name: `t${i}` }));
          const file = readGguf(
            writeGguf({ metadata: kvs.filter(([k]) => k !== 'general.alignment'), tensors: named }),
          );
          for (const [key, v] of kvs) {
            if (key === 'general.alignment') continue;
            expect(file.metadata.get(key)?.value).toEqual(v.value);
          }
          expect(file.tensors.map((t) => [...t.data])).toEqual(named.map((t) => [...t.data]));
          for (const t of file.tensors) expect((file.dataStart + t.offset) % 32).toBe(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses inconsistent input', () => {
    const bad = { name: 'x', dims: [2, 2], data: new Float32Array(3) };
    expect(() => writeGguf({ metadata: [], tensors: [bad] })).toThrow(/do not match/);
    const t = { name: 'x', dims: [1], data: new Float32Array(1) };
    expect(() => writeGguf({ metadata: [], tensors: [t, t] })).toThrow(/duplicate tensor/);
    expect(() => writeGguf({ metadata: [['k', gguf.uint32(-1)]], tensors: [] })).toThrow(/uint32/);
    expect(() => writeGguf({ metadata: [['k', gguf.int32(2 ** 31)]], tensors: [] })).toThrow(/int32/);
    expect(() => writeGguf({ metadata: [['general.alignment', gguf.uint32(12)]], tensors: [] })).toThrow(
      /alignment/,
    );
  });
});

describe('buildTinyLlamaGguf', () => {
  const bytes = buildTinyLlamaGguf();
  const file = readGguf(bytes);

  it('is deterministic for a seed and changes with it', () => {
    // Digests: a deep equality over 180 000 bytes is slow, and a digest mismatch is as clear.
    const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    expect(digest(buildTinyLlamaGguf())).toBe(digest(bytes));
    expect(digest(buildTinyLlamaGguf({ seed: 1 }))).toBe(digest(bytes));
    const other = buildTinyLlamaGguf({ seed: 2 });
    expect(other.length).toBe(bytes.length);
    expect(digest(other)).not.toBe(digest(bytes));
    expect(bytes.length).toBeGreaterThan(100_000);
    expect(bytes.length).toBeLessThan(250_000);
  });

  it('declares a llama with the hyper-parameters its tensors have', () => {
    const { nEmbd, nLayer, nFf, nHead, nHeadKv } = TINY_LLAMA;
    expect(file.metadata.get('general.architecture')?.value).toBe('llama');
    expect(numberOf(file, 'llama.embedding_length')).toBe(nEmbd);
    expect(numberOf(file, 'llama.block_count')).toBe(nLayer);
    expect(numberOf(file, 'llama.feed_forward_length')).toBe(nFf);
    expect(numberOf(file, 'llama.attention.head_count')).toBe(nHead);
    expect(numberOf(file, 'llama.attention.head_count_kv')).toBe(nHeadKv);
    expect(numberOf(file, 'llama.rope.dimension_count')).toBe(nEmbd / nHead);
    expect(file.metadata.get('tokenizer.chat_template')?.value).toBe(CHATML_TEMPLATE);
    const nVocab = (file.metadata.get('tokenizer.ggml.tokens')?.value as string[]).length;
    const kv = (nEmbd / nHead) * nHeadKv;
    const shapes = new Map(file.tensors.map((t) => [t.name, t.dims]));
    expect(shapes.get('token_embd.weight')).toEqual([nEmbd, nVocab]);
    expect(shapes.get('output.weight')).toEqual([nEmbd, nVocab]);
    expect(shapes.get('output_norm.weight')).toEqual([nEmbd]);
    for (let i = 0; i < nLayer; i++) {
      expect(shapes.get(`blk.${i}.attn_q.weight`)).toEqual([nEmbd, nEmbd]);
      expect(shapes.get(`blk.${i}.attn_k.weight`)).toEqual([nEmbd, kv]);
      expect(shapes.get(`blk.${i}.attn_v.weight`)).toEqual([nEmbd, kv]);
      expect(shapes.get(`blk.${i}.attn_output.weight`)).toEqual([nEmbd, nEmbd]);
      expect(shapes.get(`blk.${i}.ffn_gate.weight`)).toEqual([nEmbd, nFf]);
      expect(shapes.get(`blk.${i}.ffn_up.weight`)).toEqual([nEmbd, nFf]);
      expect(shapes.get(`blk.${i}.ffn_down.weight`)).toEqual([nFf, nEmbd]);
      expect(shapes.get(`blk.${i}.attn_norm.weight`)).toEqual([nEmbd]);
      expect(shapes.get(`blk.${i}.ffn_norm.weight`)).toEqual([nEmbd]);
    }
    expect(file.tensors.length).toBe(3 + 9 * nLayer);
    for (const t of file.tensors)
      expect(t.data.every((x) => Number.isFinite(x) && Math.abs(x) <= 8)).toBe(true);
  });

  it('has an SPM vocabulary llama.cpp can tokenize any text with', () => {
    const tokens = file.metadata.get('tokenizer.ggml.tokens')?.value as string[];
    const types = file.metadata.get('tokenizer.ggml.token_type')?.value as number[];
    const scores = file.metadata.get('tokenizer.ggml.scores')?.value as number[];
    expect(file.metadata.get('tokenizer.ggml.model')?.value).toBe('llama');
    expect(types.length).toBe(tokens.length);
    expect(scores.length).toBe(tokens.length);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens).toEqual(tinyLlamaVocab().tokens);
    // Byte fallback for every byte, so no input can miss a token.
    for (let b = 0; b < 256; b++) {
      const id = tokens.indexOf(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
      expect(id).toBeGreaterThan(0);
      expect(types[id]).toBe(6);
    }
    // Every word piece's prefixes exist, so SPM's pairwise merges can build it.
    const pieces = tokens.filter((_, i) => types[i] === 1);
    expect(pieces).toContain('\u2581');
    for (const p of pieces) for (let n = 1; n < p.length; n++) expect(tokens).toContain(p.slice(0, n));
    for (const special of ['<s>', '</s>', '<|im_start|>', '<|im_end|>'])
      expect(types[tokens.indexOf(special)]).toBe(3);
    expect(tokens[numberOf(file, 'tokenizer.ggml.eos_token_id')]).toBe('</s>');
    expect(tokens[numberOf(file, 'tokenizer.ggml.bos_token_id')]).toBe('<s>');
  });

  it('biases its output away from bytes that are not printable ASCII and, by default, from end of turn', () => {
    const { nEmbd } = TINY_LLAMA;
    const tensor = (name: string) => file.tensors.find((t) => t.name === name)!.data;
    const tokens = file.metadata.get('tokenizer.ggml.tokens')?.value as string[];
    const embd = tensor('token_embd.weight');
    // Dimension 0 is a constant channel that no layer writes to…
    for (let v = 0; v < tokens.length; v++) expect(embd[v * nEmbd]).toBe(embd[0]);
    expect(embd[0]).toBeGreaterThan(0);
    for (let i = 0; i < TINY_LLAMA.nLayer; i++) {
      expect([...tensor(`blk.${i}.attn_output.weight`).subarray(0, nEmbd)].every((x) => x === 0)).toBe(true);
      expect([...tensor(`blk.${i}.ffn_down.weight`).subarray(0, TINY_LLAMA.nFf)].every((x) => x === 0)).toBe(
        true,
      );
    }
    // …so the output's column 0 is a logit bias.
    const bias = (name: string, out = tensor('output.weight')) => out[tokens.indexOf(name) * nEmbd]!;
    expect(bias('<0x80>')).toBeLessThan(0);
    expect(bias('<0xFF>')).toBeLessThan(0);
    expect(bias('<0x00>')).toBeLessThan(0);
    expect(bias('<0x41>')).toBe(0);
    expect(bias('<0x0A>')).toBe(0);
    expect(bias('\u2581the')).toBe(0);
    expect(bias('<|im_end|>')).toBeLessThan(0);
    expect(tokens[IM_END_ID]).toBe('<|im_end|>');
    expect(tokens[EOS_ID]).toBe('</s>');
    const ending = readGguf(buildTinyLlamaGguf({ endOfTurn: 'always' }));
    const endingOut = ending.tensors.find((t) => t.name === 'output.weight')!.data;
    expect(bias('<|im_end|>', endingOut)).toBeGreaterThan(0);
  });
});
