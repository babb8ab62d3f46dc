/**
 * Presenter mode (`?present` in the URL, or the Present button): the episode drawn for a room. Kept
 * in the query, not the hash, so it survives moving between pages and shared links carry it; entering
 * and leaving replace the URL without a new history entry.
 */

/** Whether a URL's query asks for presenter mode (`?present`, `?present=1`; not `?present=0`). */
export function presentRequested(search: string): boolean {
  const value = new URLSearchParams(search).get('present');
  return value !== null && value !== '0' && value !== 'false';
}

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
    const params = new URLSearchParams(location.search);
    params.delete('present');
    const rest = params.toString();
    const query = present ? (rest ? `present&${rest}` : 'present') : rest;
    globalThis.history?.replaceState(
      null,
      '',
      `${location.pathname}${query ? `?${query}` : ''}${location.hash}`,
    );
  }
}
