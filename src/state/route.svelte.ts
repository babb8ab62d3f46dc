/**
 * Which page of the lab is shown, kept in the URL hash (`#/episode`, `#/history`) so the back button and
 * shared links work. The hash may carry more after the page name (e.g. an episode id); reading it is in
 * `route-path.ts`, which never throws on a crafted or damaged hash.
 */
import { parseHash, routeHash, type PageName } from './route-path';

export { PAGES, routeHash, type PageName } from './route-path';

export class Route {
  page = $state<PageName>('episode');
  /** What follows the page name in the hash, one decoded segment each. */
  segments = $state.raw<string[]>([]);
  /** Why the hash was not followed as written (unknown page, damaged escape); null when it was. */
  notice = $state<string | null>(null);

  constructor() {
    this.read();
    globalThis.addEventListener?.('hashchange', () => this.read());
  }

  private read(): void {
    const { page, segments, notice } = parseHash(globalThis.location?.hash ?? '');
    this.page = page;
    this.segments = segments;
    this.notice = notice;
  }

  /** Show `page` (and optional detail segments, each encoded), adding a history entry. */
  go(page: PageName, ...segments: string[]): void {
    globalThis.location.hash = routeHash(page, ...segments);
  }
}
