/**
 * A new version of the app waiting to take over (a service worker installed and waiting). It takes
 * over only when the person says so, since that reloads the page; until then this tab runs on.
 */
export class AppUpdate {
  /** A new version is installed and waits for `reload`. */
  ready = $state(false);
  /** `reload` was asked for; the page reloads once the new version controls it. */
  reloading = $state(false);
  #activate: (() => Promise<void>) | null = null;

  /** The service worker's registration says a new version waits; `activate` lets it take over. */
  offer(activate: () => Promise<void>): void {
    this.#activate = activate;
    this.ready = true;
  }

  /** Let the waiting version take over (the page then reloads into it); once, whatever the clicks. */
  async reload(): Promise<void> {
    if (!this.ready || this.reloading || this.#activate === null) return;
    this.reloading = true;
    await this.#activate();
  }
}
