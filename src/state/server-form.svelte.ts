/**
 * The server form's state (a model on an OpenAI-compatible server). The API key is bound to the origin
 * the address pointed to when it was typed: pointing the address anywhere else clears it, with a note
 * saying why, and the worker is told that origin so it refuses to send the key elsewhere.
 */
import { bindKey, keyAfterUrlChange, serverOrigin, type BoundKey } from '../core/server-url';
import type { SavedServer, ServerOptions } from '../lab/lab-api';

/** The address the form starts with (Ollama's default). */
const DEFAULT_BASE_URL = 'http://localhost:11434/v1';

export class ServerFormState {
  #baseUrl = $state(DEFAULT_BASE_URL);
  #key = $state.raw<BoundKey>({ key: '', origin: undefined });
  model = $state('');
  /** Experiments run this many episodes at once; the server batches them (llama.cpp's --parallel slots). */
  concurrency = $state(4);
  /** Why the key field was emptied, until a key is typed again. */
  keyNote = $state<string | null>(null);

  get baseUrl(): string {
    return this.#baseUrl;
  }

  /** A new address; the key goes when it points away from the key's origin. */
  set baseUrl(url: string) {
    const before = this.#key;
    const after = keyAfterUrlChange(before, url);
    this.#baseUrl = url;
    if (!after.cleared) return;
    this.#key = after;
    const now = serverOrigin(url);
    this.keyNote =
      `The API key was cleared: it was entered for ${before.origin ?? 'another address'}` +
      `${now ? `, not for ${now}` : ''}. Enter the key for this server if it needs one.`;
  }

  get apiKey(): string {
    return this.#key.key;
  }

  /** A key as typed: it belongs to the origin the address points to now. */
  set apiKey(key: string) {
    this.#key = bindKey(key, this.#baseUrl);
    if (key !== '') this.keyNote = null;
  }

  /** The origin the key belongs to, or undefined with no key (or none typed beside a valid address). */
  get keyOrigin(): string | undefined {
    return this.#key.origin;
  }

  /**
   * Fill the form with the server last connected in this browser, unless the person has typed an
   * address or a model already. The key stays as it is: it is never kept.
   */
  restore(saved: SavedServer): void {
    if (this.model !== '' || this.#baseUrl !== DEFAULT_BASE_URL) return;
    this.baseUrl = saved.baseUrl;
    this.model = saved.model;
    this.concurrency = saved.concurrency;
  }

  /** What Connect sends to the worker. */
  options(): ServerOptions {
    const { key, origin } = this.#key;
    return {
      baseUrl: this.#baseUrl,
      model: this.model.trim(),
      // A key typed beside no valid address has no origin: '' matches none, so it is never sent.
      ...(key ? { apiKey: key, apiKeyOrigin: origin ?? '' } : {}),
      concurrency: this.concurrency,
    };
  }
}
