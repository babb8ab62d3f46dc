import { syntheticHistory } from '../helpers/history-fixtures';
import { afterEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { episodeInput, makeConfig, makeTurn, openTestStore } from '../helpers/store-fixtures';
import {
  EXPORT_KIND,
  SCHEMA_VERSION,
  StorageFullError,
  exportEpisodesJsonl,
  exportHistory,
  importHistory,
  parseEpisodesJsonl,
  type EpisodeWithTurns,
  type LabStore,
  type ParseEpisodesResult,
} from '../../src/store';

afterEach(() => {
  vi.restoreAllMocks();
});

const header = { schemaVersion: SCHEMA_VERSION, appVersion: '0.1.0-test', exportedAt: 1_700_000_000_000 };

/** A store holding a solved, a running and a human-student episode. */
async function seededStore(): Promise<{ store: LabStore; ids: string[] }> {
  const { store } = await openTestStore();
  const solved = await store.createEpisode(episodeInput(makeConfig(), { startedAt: 10, id: 'solved' }));
  await store.appendTurn(solved.id, makeTurn(1));
  await store.appendTurn(
    solved.id,
    makeTurn(2, {
      diagnosis: { correct: true, score: 1, issues: [], parsed: 'RRDD' },
      feedback: null,
      studentUsage: { promptTokens: 12, completionTokens: 3, cachedPromptTokens: 9, decodeTokensPerSec: 40 },
    }),
  );
  await store.finishEpisode(solved.id, { status: 'solved', solvedAtTurn: 2, endedAt: 3000 });
  const running = await store.createEpisode(episodeInput(makeConfig(), { startedAt: 20, id: 'running' }));
  await store.appendTurn(
    running.id,
    makeTurn(1, {
      diagnosis: {
        correct: false,
        score: 0.5,
        issues: [{ code: 'wall', message: 'Hits a wall', step: 2, where: { row: 1, col: 1 } }],
        parsed: 'RD',
        detail: { cells: [[0, 0]] },
      },
      feedback: {
        source: 'rule-teacher',
        text: 'Step 2 walks into a wall.',
        leak: { leaked: false, overlap: 0.1, reason: null },
        regenerations: 0,
        withheld: false,
        ms: 3,
      },
    }),
  );
  const human = await store.createEpisode(
    episodeInput(makeConfig({ student: { kind: 'human' }, condition: { kind: 'binary' } }), {
      startedAt: 30,
      id: 'human',
    }),
  );
  await store.finishEpisode(human.id, { status: 'failed', solvedAtTurn: null, endedAt: 31 });
  return { store, ids: [solved.id, running.id, human.id] };
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

function expectErrors(result: ParseEpisodesResult): { line: number; reason: string }[] {
  if (result.ok) throw new Error('expected the parse to fail');
  return result.errors;
}

/** The export as text (exportHistory gives a Blob, as the page downloads it). */
async function exportText(...args: Parameters<typeof exportHistory>): Promise<string> {
  return (await exportHistory(...args)).text();
}

describe('export', () => {
  it('writes a header line and one episode per line, oldest first', async () => {
    const { store, ids } = await seededStore();
    const text = await exportText(store, { appVersion: '0.1.0-test', exportedAt: header.exportedAt });
    const [head, ...rest] = lines(text);
    expect(JSON.parse(head!)).toEqual({ kind: EXPORT_KIND, ...header, count: 3 });
    expect(rest.map((l) => (JSON.parse(l) as EpisodeWithTurns).episode.id)).toEqual(ids);
    expect(text.endsWith('\n')).toBe(true);

    const filtered = await exportText(store, { ...header, query: { status: 'failed' } });
    expect(lines(filtered)).toHaveLength(2);
  });

  it('the whole history, read a key range at a time, is the file the date-ordered read gives', async () => {
    const { store } = await openTestStore();
    // More than one batch (1,000), and many episodes started at the same moment (ordered by id).
    const items = syntheticHistory(2_300, { turns: 2, seed: 6 });
    for (const [i, item] of items.entries()) item.episode.startedAt = 1_000 + Math.floor(i / 7);
    await store.importEpisodes(items);
    const whole = await exportText(store, { appVersion: '0.1.0-test', exportedAt: 1 });
    const oldest = await store.listEpisodes({ sort: 'oldest' });
    const expected = exportEpisodesJsonl(
      { schemaVersion: store.version, appVersion: '0.1.0-test', exportedAt: 1 },
      await store.getEpisodes(oldest.map((e) => e.id)),
    );
    expect(whole).toBe(expected);
  }, 60_000);

  it('a whole-history read that fails part-way reports that failure and leaves nothing unhandled', async () => {
    const { store } = await openTestStore();
    await store.importEpisodes(syntheticHistory(2_300, { turns: 1, seed: 7 }));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let seen = 0;
      // Thrown in the second batch, while the third batch's reads are in flight.
      const reading = store.forEveryEpisode(() => {
        if (++seen === 1_500) throw new Error('the export ran out of room');
      });
      await expect(reading).rejects.toThrow('the export ran out of room');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      expect(seen).toBe(1_500);
      // The store is still readable: the aborted read left nothing behind.
      expect(await store.forEveryEpisode(() => undefined)).toBe(2_300);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 60_000);

  it('round-trips through parse unchanged', async () => {
    const { store, ids } = await seededStore();
    const stored = await store.getEpisodes(ids);
    const parsed = parseEpisodesJsonl(exportEpisodesJsonl(header, stored));
    expect(parsed).toEqual({
      ok: true,
      header: { kind: EXPORT_KIND, ...header, count: 3 },
      episodes: stored,
    });
  });

  it('keeps any text (newlines, quotes, unicode) intact', async () => {
    const { store } = await openTestStore();
    const { id } = await store.createEpisode(episodeInput());
    const base = (await store.getEpisode(id))!;
    await fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), (attempt, prompt) => {
        const item: EpisodeWithTurns = {
          episode: { ...base.episode, turnsDone: 1, task: { ...base.episode.task, prompt } },
          turns: [makeTurn(1, { attempt })],
        };
        const parsed = parseEpisodesJsonl(exportEpisodesJsonl(header, [item]));
        expect(parsed.ok && parsed.episodes).toEqual([item]);
      }),
      { numRuns: 40 },
    );
  }, 30_000);
});

describe('parse refuses malformed files, naming the line and the reason', () => {
  async function validText(): Promise<string> {
    const { store, ids } = await seededStore();
    return exportEpisodesJsonl(header, await store.getEpisodes(ids));
  }

  it('an empty file', () => {
    expect(expectErrors(parseEpisodesJsonl(''))).toEqual([{ line: 1, reason: 'The file is empty.' }]);
    expect(expectErrors(parseEpisodesJsonl('\n\n'))[0]?.reason).toBe('The file is empty.');
  });

  it('non-JSON and files that are not exports', () => {
    expect(expectErrors(parseEpisodesJsonl('hello there'))[0]).toMatchObject({
      line: 1,
      reason: /Not valid JSON/,
    });
    expect(expectErrors(parseEpisodesJsonl('{"kind":"something-else"}'))[0]?.reason).toMatch(
      /not a Plasticity Lab export/,
    );
    expect(expectErrors(parseEpisodesJsonl('[1,2,3]'))[0]?.reason).toMatch(/not a Plasticity Lab export/);
  });

  it('an unknown or newer schema version', () => {
    const newer = JSON.stringify({
      kind: EXPORT_KIND,
      ...header,
      schemaVersion: SCHEMA_VERSION + 1,
      count: 0,
    });
    expect(expectErrors(parseEpisodesJsonl(newer))[0]?.reason).toMatch(
      /newer Plasticity Lab.*Update the lab/,
    );
    const zero = JSON.stringify({ kind: EXPORT_KIND, ...header, schemaVersion: 0, count: 0 });
    expect(expectErrors(parseEpisodesJsonl(zero))[0]?.reason).toMatch(/Schema version 0 is unknown/);
    const text = JSON.stringify({ kind: EXPORT_KIND, ...header, schemaVersion: 'one', count: 0 });
    expect(expectErrors(parseEpisodesJsonl(text))[0]?.reason).toMatch(/^Header: schemaVersion: /);
  });

  it('reads the export of every earlier schema version: a backup never stops importing', async () => {
    const { store, ids } = await seededStore();
    const items = await store.getEpisodes(ids);
    for (let version = 1; version <= SCHEMA_VERSION; version++) {
      const parsed = parseEpisodesJsonl(exportEpisodesJsonl({ ...header, schemaVersion: version }, items));
      expect(parsed.ok, `schema version ${version}`).toBe(true);
      if (parsed.ok) expect(parsed.episodes).toEqual(items);
    }
  });

  it('a truncated last line', async () => {
    const text = await validText();
    const cut = text.slice(0, text.length - 40);
    const errors = expectErrors(parseEpisodesJsonl(cut));
    expect(errors).toEqual([
      { line: 4, reason: expect.stringMatching(/Not valid JSON \(the line may be cut short\)/) },
    ]);
  });

  it('missing lines (the header count disagrees)', async () => {
    const text = await validText();
    const shorter = lines(text).slice(0, 3).join('\n');
    const errors = expectErrors(parseEpisodesJsonl(shorter));
    expect(errors).toEqual([
      { line: 4, reason: 'The header announces 3 episodes but the file has 2: it looks cut short.' },
    ]);
  });

  it('wrong types, with the path of the bad field', async () => {
    const all = lines(await validText());
    const item = JSON.parse(all[2]!) as EpisodeWithTurns;
    (item.episode.config as unknown as Record<string, unknown>).turnBudget = '5';
    (item.turns[0] as unknown as Record<string, unknown>).finishReason = 'done';
    all[2] = JSON.stringify(item);
    const errors = expectErrors(parseEpisodesJsonl(all.join('\n')));
    expect(errors.map((e) => e.line)).toEqual([3, 3]);
    expect(errors.map((e) => e.reason)).toEqual([
      expect.stringMatching(/^episode\.config\.turnBudget: Invalid type: Expected number/),
      expect.stringMatching(/^turns\.0\.finishReason: Invalid type/),
    ]);
  });

  it('episodes whose turns or indexed fields disagree with themselves', async () => {
    const all = lines(await validText());
    const item = JSON.parse(all[1]!) as EpisodeWithTurns;
    item.turns[1]!.turn = 3;
    item.episode.envId = 'sudoku';
    all[1] = JSON.stringify(item);
    const reasons = expectErrors(parseEpisodesJsonl(all.join('\n'))).map((e) => e.reason);
    expect(reasons).toEqual([
      'Episode solved: turn 2 is numbered 3.',
      'Episode solved: envId, task.envId and config.envId differ.',
    ]);
  });

  it('duplicate ids within the file', async () => {
    const all = lines(await validText());
    all[3] = all[1]!;
    const errors = expectErrors(parseEpisodesJsonl(all.join('\n')));
    expect(errors).toEqual([{ line: 4, reason: 'Episode id solved appears twice (first on line 2).' }]);
  });

  it('accepts CRLF line ends, a BOM and blank lines', async () => {
    const text = '\uFEFF' + lines(await validText()).join('\r\n\r\n') + '\r\n';
    const parsed = parseEpisodesJsonl(text);
    expect(parsed.ok && parsed.episodes.map((e) => e.episode.id)).toEqual(['solved', 'running', 'human']);
  });
});

describe('import', () => {
  it('stores every episode with its turns; a running one arrives interrupted', async () => {
    const { store: source, ids } = await seededStore();
    const text = await exportText(source, header);
    const { store } = await openTestStore();
    expect(await importHistory(store, text)).toEqual({ ok: true, imported: 3, skipped: 0, skippedIds: [] });
    const original = await source.getEpisodes(ids);
    const copied = await store.getEpisodes(ids);
    expect(copied[0]).toEqual(original[0]);
    expect(copied[2]).toEqual(original[2]);
    expect(copied[1]?.turns).toEqual(original[1]?.turns);
    expect(copied[1]?.episode).toEqual({
      ...original[1]?.episode,
      status: 'interrupted',
      endedAt: makeTurn(1).endedAt,
    });
  });

  it('settles a running episode whose last turn solved it as solved, not interrupted', async () => {
    const { store: source } = await openTestStore();
    const { id } = await source.createEpisode(episodeInput(makeConfig(), { startedAt: 5 }));
    await source.appendTurn(
      id,
      makeTurn(1, { diagnosis: { correct: true, score: 1, issues: [], parsed: 'x' } }),
    );
    const { store } = await openTestStore();
    const result = await importHistory(store, await exportText(source, header));
    expect(result).toMatchObject({ ok: true, imported: 1 });
    expect((await store.getEpisode(id))?.episode).toMatchObject({
      status: 'solved',
      solvedAtTurn: 1,
      endedAt: makeTurn(1).endedAt,
    });
  });

  it('skips and counts episodes whose id is already stored', async () => {
    const { store, ids } = await seededStore();
    const text = await exportText(store, header);
    await store.deleteEpisode('human');
    const solvedBefore = await store.getEpisode('solved');
    expect(await importHistory(store, text)).toEqual({
      ok: true,
      imported: 1,
      skipped: 2,
      skippedIds: ['solved', 'running'],
    });
    expect(await store.getEpisode('solved')).toEqual(solvedBefore);
    expect((await store.listEpisodes()).map((e) => e.id).sort()).toEqual([...ids].sort());
  });

  it('a bad line in the middle leaves the store unchanged', async () => {
    const { store: source } = await seededStore();
    const all = lines(await exportText(source, header));
    all[2] = all[2]!.replace('"turnsDone":1', '"turnsDone":"one"');
    const { store } = await openTestStore();
    const kept = await store.createEpisode(episodeInput());
    const result = await importHistory(store, all.join('\n'));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.line)).toEqual([3]);
    expect((await store.listEpisodes()).map((e) => e.id)).toEqual([kept.id]);
  });

  it('after the first bad line refuses the file, reads on and reports the later ones too', async () => {
    const { store: source } = await seededStore();
    const all = lines(await exportText(source, header));
    all[1] = all[1]!.replace('"turnsDone":', '"turnsDone":"x","was":');
    all[3] = '{"episode": cut short';
    const { store } = await openTestStore();
    // A file (read as a stream, with CRLF line ends), not a string.
    const result = await importHistory(store, new Blob([all.join('\r\n')]));
    // Line 2 has two problems: a turnsDone that is not a number and a key the lab does not write.
    expect(!result.ok && result.errors.map((e) => e.line)).toEqual([2, 2, 4]);
    expect(!result.ok && result.errors[1]!.reason).toBe(
      'episode.was: is a key the lab does not write ("was")',
    );
    expect(await store.listEpisodes()).toEqual([]);
  });

  it('a write failure part-way keeps nothing of the import', async () => {
    const { store: source } = await seededStore();
    const text = await exportText(source, header);
    const { store } = await openTestStore();
    const original = IDBObjectStore.prototype.add;
    let adds = 0;
    vi.spyOn(IDBObjectStore.prototype, 'add').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['add']>
    ) {
      if (++adds === 3) throw new DOMException('full', 'QuotaExceededError');
      return original.apply(this, args);
    });
    await expect(importHistory(store, text)).rejects.toBeInstanceOf(StorageFullError);
    expect(adds).toBe(3);
    vi.restoreAllMocks();
    expect(await store.listEpisodes()).toEqual([]);
    expect(await store.getEpisode('solved')).toBeUndefined();
  });
});
