/**
 * Validation of custom web-llm model records (a self-hosted or air-gapped copy of a model).
 */
import { InvalidModelRecordError } from '../errors';
import type { ModelRecordLike } from './model-catalog';

/**
 * The base URL web-llm will fetch model files from: it appends `resolve/main/` unless the URL already
 * contains `/resolve/<branch>/`.
 */
export function resolvedModelBase(modelUrl: string): string {
  const withSlash = modelUrl.endsWith('/') ? modelUrl : `${modelUrl}/`;
  return /\/resolve\/[^/]+\//.test(withSlash) ? withSlash : `${withSlash}resolve/main/`;
}

/**
 * Check a custom record before it reaches web-llm, whose own failure for a relative URL is a bare
 * "Invalid URL".
 * @throws {InvalidModelRecordError} naming the field and how to fix it.
 */
export function validateCustomRecord(record: ModelRecordLike): ModelRecordLike {
  if (!record.model_id || !/^[\w.-]+$/.test(record.model_id)) {
    throw new InvalidModelRecordError(
      `The model id "${record.model_id}" is not valid: use letters, digits, dots, dashes and underscores.`,
    );
  }
  let url: URL;
  try {
    url = new URL(record.model);
  } catch {
    throw new InvalidModelRecordError(
      `The model URL "${record.model}" is not absolute. web-llm needs a full URL such as ` +
        `https://example.org/models/${record.model_id}/ or, for a copy served by this lab, ` +
        `${globalThis.location?.origin ?? 'http://localhost:5173'}/models/${record.model_id}/resolve/main/.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidModelRecordError(`The model URL must use http or https, not ${url.protocol}`);
  }
  if (!record.model_lib) {
    throw new InvalidModelRecordError(`The model record ${record.model_id} has no model_lib (.wasm) URL.`);
  }
  assertHttpLibrary(record.model_lib);
  return { ...record, model: url.href };
}

/**
 * A model library may be relative (web-llm resolves it against the page), but whatever it resolves to
 * must be http(s): a `javascript:`, `data:` or `blob:` URL would be accepted here and then fail deep in
 * web-llm's cache with no word about the record.
 * @throws {InvalidModelRecordError} for any other scheme, or text that is no URL at all.
 */
function assertHttpLibrary(modelLib: string): void {
  // The worker has a location; Node (unit tests) does not, and any http base shows a relative URL is fine.
  const base = globalThis.location?.href ?? 'http://localhost/';
  let url: URL;
  try {
    url = new URL(modelLib, base);
  } catch {
    throw new InvalidModelRecordError(
      `The model library URL "${modelLib}" is not a URL. Give the .wasm file's address, e.g. ` +
        'https://example.org/libs/model-webgpu.wasm or /libs/model-webgpu.wasm.',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidModelRecordError(
      `The model library URL must be an http(s) address or a path on this site, not ${url.protocol} ` +
        '(e.g. https://example.org/libs/model-webgpu.wasm or /libs/model-webgpu.wasm).',
    );
  }
}
