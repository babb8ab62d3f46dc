/** Layout checks on the real page: does anything make it scroll sideways? */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/**
 * The page's width beyond the viewport (0 when it does not scroll sideways), and the outermost
 * elements that stick out (tag, class, test id, right edge), for a failure message to name.
 */
export async function sidewaysOverflow(page: Page): Promise<{ extra: number; culprits: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const vw = root.clientWidth;
    // Inside a container that fits and scrolls by itself (a wide table), it does not move the page.
    const scrolls = (e: Element): boolean => {
      for (let p = e.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if ((o === 'auto' || o === 'scroll' || o === 'hidden') && p.getBoundingClientRect().right <= vw + 1)
          return true;
      }
      return false;
    };
    const out = [...document.querySelectorAll('body *')].filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.right > vw + 1 && !scrolls(e);
    });
    // Nothing sticks out in flow, yet the page is wider: name what lies furthest right (what ends at the page's
    // right edge: an absolutely positioned element that escapes its scroll container, say).
    const edge = root.scrollWidth;
    const furthest: Element[] = [...document.querySelectorAll('body *')]
      .filter((e) => Math.abs(e.getBoundingClientRect().right - edge) < 2)
      .slice(0, 3);
    // Text that overflows a box that fits (a long unbroken word) counts too.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n && furthest.length < 3; n = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(n);
      if (range.getBoundingClientRect().right > vw + 1 && n.parentElement && !scrolls(n.parentElement))
        furthest.push(n.parentElement);
    }
    const inFlow = out.filter((e) => e.parentElement === null || !out.includes(e.parentElement));
    const outermost = inFlow.length > 0 || root.scrollWidth <= vw ? inFlow : furthest;
    const culprits = outermost.slice(0, 8).map((e) => {
      const id = e.getAttribute('data-testid');
      return `${e.tagName.toLowerCase()}${e.classList.length ? '.' + [...e.classList].join('.') : ''}${id ? `[${id}]` : ''} right=${Math.round(e.getBoundingClientRect().right)} ${getComputedStyle(e).position}`;
    });
    return { extra: Math.max(0, root.scrollWidth - vw), culprits };
  });
}

/** A phone's viewport (the issue's 390 × 844). */
export const PHONE = { width: 390, height: 844 };

/** Fail, naming what sticks out, when the page scrolls sideways. */
export async function expectFits(page: Page, what: string): Promise<void> {
  const { extra, culprits } = await sidewaysOverflow(page);
  expect({ what, extra, culprits }).toEqual({ what, extra: 0, culprits: [] });
}
