/** Reading the URL hash never throws, whatever a link holds (issue 18, point 5). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseHash, routeHash } from '../../src/state/route-path';

describe('parseHash', () => {
  it('reads pages and decodes each segment on its own', () => {
    expect(parseHash('')).toEqual({ page: 'episode', segments: [], notice: null });
    expect(parseHash('#/history')).toEqual({ page: 'history', segments: [], notice: null });
    expect(parseHash('#/history/')).toEqual({ page: 'history', segments: [], notice: null });
    expect(parseHash('#/history/a%2Fb')).toEqual({ page: 'history', segments: ['a/b'], notice: null });
    expect(parseHash('#/experiments/compare/x/y').segments).toEqual(['compare', 'x', 'y']);
  });

  it('opens the page without the damaged part of a malformed escape, and says so', () => {
    const history = parseHash('#/history/%E0%A4%A');
    expect(history).toMatchObject({ page: 'history', segments: [] });
    expect(history.notice).toMatch(/link is damaged \(“%E0%A4%A” is not a valid address part\)/);
    const design = parseHash('#/experiments/new/%');
    expect(design).toMatchObject({ page: 'experiments', segments: ['new'] });
    expect(design.notice).toMatch(/opened the experiments page instead/);
  });

  it('shows the episode page for an unknown page, with a notice', () => {
    const unknown = parseHash('#/nowhere/x');
    expect(unknown).toMatchObject({ page: 'episode', segments: [] });
    expect(unknown.notice).toMatch(/no page called “nowhere”/);
    expect(parseHash('#/%').notice).toMatch(/no page called “%”/);
  });

  it('never throws, and round-trips any id through routeHash', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(() => parseHash(text)).not.toThrow();
        expect(() => parseHash(`#/history/${text}`)).not.toThrow();
        expect(() => routeHash('history', text)).not.toThrow();
      }),
    );
    expect(routeHash('history', 'a\uD800b')).toBe('#/history/a%EF%BF%BDb');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (id) => {
        expect(parseHash(routeHash('history', id)).segments).toEqual([id]);
      }),
    );
  }, 30_000);
});
