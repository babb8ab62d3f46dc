/**
 * Whether the "How it works" panel shows: on a first visit, until the person dismisses it; again
 * whenever they ask for it from the header. The dismissal is remembered in localStorage. Storage may
 * be missing or throw (a private window, storage blocked by policy, a full quota): then the panel
 * simply shows on each visit and hides for this page's life, and nothing throws.
 */

/** The localStorage key of the dismissal. */
export const INTRO_DISMISSED_KEY = 'plasticity-lab:intro-dismissed';

/** The part of `Storage` the panel uses, so a test can hand in its own. */
export type IntroStorage = Pick<Storage, 'getItem' | 'setItem'>;

function defaultStorage(): IntroStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // Reading `localStorage` itself throws where storage is blocked.
    return null;
  }
}

export class Intro {
  /** The panel is on screen. */
  shown = $state(false);
  private readonly storage: IntroStorage | null;

  constructor(storage: IntroStorage | null = defaultStorage()) {
    this.storage = storage;
    this.shown = !this.remembered();
  }

  private remembered(): boolean {
    try {
      return this.storage?.getItem(INTRO_DISMISSED_KEY) === '1';
    } catch {
      return false;
    }
  }

  /** Hide the panel and remember it, where storage allows. */
  dismiss(): void {
    this.shown = false;
    try {
      this.storage?.setItem(INTRO_DISMISSED_KEY, '1');
    } catch {
      // Not remembered: the panel shows again on the next visit, which is harmless.
    }
  }

  /** Show or hide the panel from the header; hiding it this way also counts as dismissing it. */
  toggle(): void {
    if (this.shown) this.dismiss();
    else this.shown = true;
  }
}
