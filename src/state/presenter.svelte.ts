/**
 * Presenter mode (`?present` in the URL, or the Present button): the episode drawn for a room. Kept
 * in the query, not the hash, so it survives moving between pages and reloads; entering and leaving
 * replace the URL without a new history entry.
 */
import { presentRequested, withPresent } from './presenter-url';

export class Presenter {
  on = $state(presentRequested(globalThis.location?.search ?? ''));

  /** Present the episode page, and say so in the URL (a reload stays in presenter mode). */
  enter(): void {
    this.on = true;
    this.write(true);
  }

  exit(): void {
    this.on = false;
    this.write(false);
  }

  private write(present: boolean): void {
    const location = globalThis.location;
    if (!location) return;
    const url = `${location.pathname}${withPresent(location.search, present)}${location.hash}`;
    globalThis.history?.replaceState(null, '', url);
  }
}
