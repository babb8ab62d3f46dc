/**
 * A file's text, line by line, read as a stream: the file is never held whole (a `Blob.text()` of an
 * export past V8's ~512 MB string limit comes back empty), only the lines of the chunk at hand.
 */

/** One line of a file, 1-based; `content` is null for a line longer than the limit (its text dropped). */
export interface NumberedLine {
  line: number;
  content: string | null;
}

/** The file is not valid UTF-8 (it is no export of this lab, or it was damaged). */
export class NotUtf8Error extends Error {
  constructor(readonly line: number) {
    super(
      `The file is not UTF-8 text from line ${line} on: it is not an export of this lab, or it was damaged.`,
    );
    this.name = 'NotUtf8Error';
  }
}

/**
 * The lines of `file` ('\n' or '\r\n' ends; a leading BOM dropped), in batches: each batch holds the
 * lines the last chunk read completed, so a caller can work through a batch without waiting. A line
 * may span any number of chunks; one longer than `maxLineChars` comes back with `content: null` and
 * only its length counted, so memory stays bounded whatever the file holds.
 * @throws {NotUtf8Error} when the bytes are not UTF-8 (the lines before it have been yielded).
 */
export async function* fileLines(
  file: Pick<Blob, 'stream'>,
  maxLineChars: number,
): AsyncGenerator<NumberedLine[]> {
  const reader = file
    .stream()
    .pipeThrough(new TextDecoderStream('utf-8', { fatal: true }))
    .getReader();
  let line = 1;
  // The line being read, in pieces (joined once it ends, not at every chunk).
  let pieces: string[] = [];
  let length = 0;
  const add = (piece: string) => {
    length += piece.length;
    if (length <= maxLineChars) pieces.push(piece);
    else pieces = [];
  };
  const take = (): NumberedLine => {
    let content: string | null = length > maxLineChars ? null : pieces.join('');
    if (content?.endsWith('\r')) content = content.slice(0, -1);
    const out = { line: line++, content };
    pieces = [];
    length = 0;
    return out;
  };
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<string>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (error instanceof TypeError) throw new NotUtf8Error(line);
        throw error;
      }
      if (chunk.done) break;
      const text = chunk.value;
      const batch: NumberedLine[] = [];
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        add(text.slice(start, end));
        batch.push(take());
        start = end + 1;
      }
      if (start < text.length) add(text.slice(start));
      if (batch.length > 0) yield batch;
    }
    // The last line, when the file does not end with a line end.
    if (length > 0) yield [take()];
  } finally {
    // Left early (the import was refused, or failed): stop reading the file.
    await reader.cancel().catch(() => undefined);
  }
}
