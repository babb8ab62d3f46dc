/**
 * Which page of the lab is shown, kept in the URL hash (`#/episode`, `#/history`) so the back button and
 * shared links work. The hash may carry more after the page name (e.g. an episode id).
 */

export const PAGES = ['episode', 'history', 'models', 'experiments'] as const;
export type PageName = (typeof PAGES)[number];

function parse(hash: string): { page: PageName; rest: string } {
  const [name = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const page = (PAGES as readonly string[]).includes(name) ? (name as PageName) : 'episode';
  return { page, rest: rest.join('/') };
}

export class Route {
  page = $state<PageName>('episode');
  /** What follows the page name in the hash, decoded. */
  rest = $state('');

  constructor() {
    this.read();
    globalThis.addEventListener?.('hashchange', () => this.read());
  }

  private read(): void {
    const { page, rest } = parse(globalThis.location?.hash ?? '');
    this.page = page;
    this.rest = decodeURIComponent(rest);
  }

  /** Show `page` (and optional detail), adding a history entry. */
  go(page: PageName, rest = ''): void {
    globalThis.location.hash = `#/${page}${rest ? `/${encodeURIComponent(rest)}` : ''}`;
  }
}
