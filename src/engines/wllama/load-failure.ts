/**
 * Why llama.cpp (in wllama) could not load a GGUF file, in words that name the file the user chose.
 * wllama hands llama.cpp its own copy under an internal name (`models/model-00001-of-00001.gguf`, its
 * shard naming), which llama.cpp's lines quote; that name means nothing to the user (issue 18, point 12).
 */

/** wllama's internal names for the files it gives llama.cpp: model shards and the multimodal projector. */
const INTERNAL_PATH = /'?\/?models\/(?:[\w.-]+-\d{5}-of-\d{5}|mmproj)\.gguf'?/g;

/** llama.cpp's summary line of a failed load; its cause follows. */
const SUMMARY = /error loading model: (.*)/;

/** A cause that only says "the loader failed" and where: the reader's lines before it say why. */
const GENERIC_CAUSE = /^llama_model_loader: failed to load model from /;

/** Each internal file name in `text` replaced by `source`. */
export function withSourceName(text: string, source: string): string {
  return text.replace(INTERNAL_PATH, source);
}

/** A native line without its `function_name:` prefix ("gguf_init_from_reader: failed to read header"). */
function bare(line: string): string {
  return line.trim().replace(/^(?:[a-z]{2,4}\s+)?[\w]+:\s+/, '');
}

/**
 * The explanation of a failed load from llama.cpp's error lines (in the order it logged them), naming
 * `source` (the chosen file's name or the URL) and never wllama's internal file name.
 */
export function loadFailure(nativeErrors: readonly string[], source: string): string {
  const at = nativeErrors.findIndex((line) => SUMMARY.test(line));
  const cause = at === -1 ? undefined : SUMMARY.exec(nativeErrors[at] ?? '')?.[1]?.trim();
  if (cause !== undefined && !GENERIC_CAUSE.test(cause))
    return `${withSourceName(cause, source)} (${source})`;
  // The GGUF reader logs what it could not read before the loader gives up: that is the reason.
  const reasons = nativeErrors
    .slice(0, at === -1 ? 0 : at)
    .map((line) => withSourceName(bare(line), source))
    .filter(Boolean);
  if (reasons.length > 0) {
    return (
      `${source} is not a readable GGUF model (${reasons.join('; ')}). The file is damaged or incomplete: ` +
      'download it again, or choose another file'
    );
  }
  const first = nativeErrors[0]?.trim();
  const said = first ? `: ${withSourceName(bare(first), source)}` : '';
  return `llama.cpp could not read ${source}${said}`;
}
