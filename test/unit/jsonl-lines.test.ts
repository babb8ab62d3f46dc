/** The streamed line splitter under an import: lines across chunk boundaries, CRLF, BOM, limits. */
import { describe, expect, it } from 'vitest';
import { fileLines, NotUtf8Error, type NumberedLine } from '../../src/store/jsonl-lines';

/** A file whose stream hands out exactly these byte chunks. */
function chunked(...chunks: (string | number[])[]): Pick<Blob, 'stream'> {
  const bytes = chunks.map((c) => (typeof c === 'string' ? new TextEncoder().encode(c) : new Uint8Array(c)));
  return {
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const b of bytes) controller.enqueue(b);
          controller.close();
        },
      }) as ReturnType<Blob['stream']>,
  };
}

async function all(file: Pick<Blob, 'stream'>, max = 1000): Promise<NumberedLine[]> {
  const out: NumberedLine[] = [];
  for await (const batch of fileLines(file, max)) out.push(...batch);
  return out;
}

describe('fileLines', () => {
  it('joins a line split across chunks and numbers every line', async () => {
    expect(await all(chunked('ab', 'c\nde', 'f\n\ngh'))).toEqual([
      { line: 1, content: 'abc' },
      { line: 2, content: 'def' },
      { line: 3, content: '' },
      { line: 4, content: 'gh' },
    ]);
  });

  it('drops the \\r of a CRLF even when \\r and \\n arrive in different chunks', async () => {
    expect(await all(chunked('one\r', '\ntwo\r\n', 'three\r\n'))).toEqual([
      { line: 1, content: 'one' },
      { line: 2, content: 'two' },
      { line: 3, content: 'three' },
    ]);
  });

  it('decodes a character whose bytes straddle two chunks, and drops a leading BOM', async () => {
    const bytes = [...new TextEncoder().encode('\uFEFFé€😀\n')];
    // Cut inside the BOM, inside '€' and inside the emoji.
    const file = chunked(bytes.slice(0, 2), bytes.slice(2, 6), bytes.slice(6, 9), bytes.slice(9));
    expect(await all(file)).toEqual([{ line: 1, content: 'é€😀' }]);
  });

  it('yields one batch per chunk that completes lines', async () => {
    const batches: number[][] = [];
    for await (const batch of fileLines(chunked('a\nb\n', 'c', 'd\n'), 100)) {
      batches.push(batch.map((l) => l.line));
    }
    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('gives a line over the limit as null, keeping nothing of it, and reads on', async () => {
    const long = 'x'.repeat(40);
    expect(await all(chunked('ok\n', long.slice(0, 25), long.slice(25), '\nnext\n'), 30)).toEqual([
      { line: 1, content: 'ok' },
      { line: 2, content: null },
      { line: 3, content: 'next' },
    ]);
  });

  it('refuses bytes that are not UTF-8, naming the line they are on', async () => {
    const lines: number[] = [];
    const read = async () => {
      for await (const batch of fileLines(chunked('fine\nalso\n', [0x61, 0xff, 0x0a]), 100)) {
        lines.push(...batch.map((l) => l.line));
      }
    };
    const error = await read().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotUtf8Error);
    expect((error as NotUtf8Error).line).toBe(3);
    expect(lines).toEqual([1, 2]);
  });
});
