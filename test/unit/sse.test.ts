/** The server-sent events parser: the event-stream format, cut anywhere by the network. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readSse, SseLimitError, SseParser, type SseMessage } from '../../src/engines/openai/sse';

/** Feed `text` in pieces cut at `cuts` (offsets into the text). */
function parseInPieces(text: string, cuts: number[]): SseMessage[] {
  const parser = new SseParser();
  const out: SseMessage[] = [];
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    out.push(...parser.push(text.slice(at, cut)));
    at = cut;
  }
  out.push(...parser.end());
  return out;
}

function streamOf(pieces: Uint8Array[], onCancel?: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[i++];
      if (piece === undefined) controller.close();
      else controller.enqueue(piece);
    },
    cancel: () => onCancel?.(),
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<SseMessage[]> {
  const out: SseMessage[] = [];
  for await (const message of readSse(body)) out.push(message);
  return out;
}

/** Text for one field value: no line breaks (they end a line), no NUL (it voids an id). */
const fieldText = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n\0]/g, ''));

const messageArb = fc.record({
  comment: fc.option(fieldText, { nil: undefined }),
  event: fc.option(fieldText, { nil: undefined }),
  id: fc.option(fieldText, { nil: undefined }),
  dataLines: fc.array(fieldText, { minLength: 1, maxLength: 3 }),
  tightColon: fc.boolean(),
});

type MessageSpec = typeof messageArb extends fc.Arbitrary<infer T> ? T : never;

/** A stream that encodes `specs`, and the messages a correct parser reads from it. */
function encode(specs: MessageSpec[], eol: string, bom: boolean): { text: string; expected: SseMessage[] } {
  let text = bom ? '\uFEFF' : '';
  let lastId = '';
  const expected: SseMessage[] = [];
  for (const spec of specs) {
    if (spec.comment !== undefined) text += `:${spec.comment}${eol}`;
    if (spec.event !== undefined) text += `event: ${spec.event}${eol}`;
    if (spec.id !== undefined) {
      text += `id: ${spec.id}${eol}`;
      lastId = spec.id;
    }
    for (const line of spec.dataLines) {
      // 'data:x' and 'data: x' mean the same, unless the value itself starts with a space.
      text += spec.tightColon && !line.startsWith(' ') ? `data:${line}${eol}` : `data: ${line}${eol}`;
    }
    text += eol;
    expected.push({ event: spec.event || 'message', data: spec.dataLines.join('\n'), id: lastId });
  }
  return { text, expected };
}

const streamArb = fc
  .record({
    specs: fc.array(messageArb, { maxLength: 6 }),
    eol: fc.constantFrom('\n', '\r\n', '\r'),
    bom: fc.boolean(),
    cuts: fc.array(fc.nat(), { maxLength: 12 }),
  })
  .map(({ specs, eol, bom, cuts }) => ({ ...encode(specs, eol, bom), cuts }));

const sortedCuts = (cuts: number[], length: number) =>
  cuts.map((c) => (length === 0 ? 0 : c % (length + 1))).sort((a, b) => a - b);

describe('SseParser', () => {
  it('reads the same messages however the text is cut', () => {
    fc.assert(
      fc.property(streamArb, ({ text, expected, cuts }) => {
        expect(parseInPieces(text, sortedCuts(cuts, text.length))).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });

  it('reads the same messages one character at a time', () => {
    fc.assert(
      fc.property(streamArb, ({ text, expected }) => {
        const everyChar = Array.from({ length: text.length }, (_, i) => i);
        expect(parseInPieces(text, everyChar)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('treats CR LF split across two pushes as one line break', () => {
    const parser = new SseParser();
    expect(parser.push('data: a\r')).toEqual([]);
    // Read as two breaks, the LF would end the event early and split 'a' from 'b'.
    expect(parser.push('\ndata: b\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ event: 'message', data: 'a\nb', id: '' }]);
  });

  it('ignores comments, retry and unknown fields, and data-less events', () => {
    const text = ': ping\n\nretry: 100\nfoo: bar\n\nevent: lonely\n\ndata: {"a":"b:c"}\n\n';
    expect(parseInPieces(text, [])).toEqual([{ event: 'message', data: '{"a":"b:c"}', id: '' }]);
  });

  it('takes a field name without a colon as an empty value', () => {
    expect(parseInPieces('data\ndata\n\n', [])).toEqual([{ event: 'message', data: '\n', id: '' }]);
  });

  it('dispatches a last event that the server closed without a blank line', () => {
    expect(parseInPieces('data: [DONE]', [])).toEqual([{ event: 'message', data: '[DONE]', id: '' }]);
  });

  it('keeps an id across events and ignores one containing NUL', () => {
    const text = 'id: 7\ndata: a\n\nid: x\0y\ndata: b\n\n';
    expect(parseInPieces(text, []).map((m) => m.id)).toEqual(['7', '7']);
  });
});

describe('readSse', () => {
  it('decodes UTF-8 split at any byte', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb, async ({ text, expected, cuts }) => {
        const bytes = new TextEncoder().encode(text);
        const offsets = sortedCuts(cuts, bytes.length);
        const pieces: Uint8Array[] = [];
        let at = 0;
        for (const cut of [...offsets, bytes.length]) {
          pieces.push(bytes.subarray(at, cut));
          at = cut;
        }
        expect(await collect(streamOf(pieces))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('cancels the body when the reader leaves early', async () => {
    let cancelled = false;
    const encoder = new TextEncoder();
    const body = streamOf([encoder.encode('data: 1\n\n'), encoder.encode('data: 2\n\n')], () => {
      cancelled = true;
    });
    for await (const message of readSse(body)) {
      expect(message.data).toBe('1');
      break;
    }
    expect(cancelled).toBe(true);
  });

  it('stops at maxBytes: the events before the limit come, then SseLimitError, and the body is cancelled', async () => {
    let cancelled = false;
    const encoder = new TextEncoder();
    // 'data: 1\n\n' is 9 bytes; the second read holds an endless line.
    const endless = encoder.encode(`data: ${'x'.repeat(100)}`);
    const body = streamOf([encoder.encode('data: 1\n\n'), endless, endless, endless], () => {
      cancelled = true;
    });
    const seen: string[] = [];
    let reads = 0;
    const error = await (async () => {
      try {
        for await (const message of readSse(body, { maxBytes: 50, onBytes: () => reads++ }))
          seen.push(message.data);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(SseLimitError);
    expect(seen).toEqual(['1']);
    expect(reads).toBe(2);
    expect(cancelled).toBe(true);
  });
});
