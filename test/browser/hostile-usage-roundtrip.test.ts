/**
 * What is stored is what the import accepts (issue 18, point 2): an episode whose student and teacher ran
 * on servers that report nonsense usage (`prompt_tokens: -5`, `completion_tokens: "many"`, `-1`, 2.5) is
 * stored with those counts unknown, and its export imports into a fresh database. Real IndexedDB, real
 * fetch against the loopback test server.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { defaultEpisodeConfig } from '../../src/core/protocol';
import { ServerTimeoutError } from '../../src/engines/errors';
import { LabService } from '../../src/lab/lab-service';
import { openLabStore } from '../../src/store';
import { softwarePreflight } from '../helpers/lab-services';

const server = inject('openaiTestUrl');
const names: string[] = [];

function service(): LabService {
  const name = `hostile-usage-${crypto.randomUUID()}`;
  names.push(name);
  return new LabService({
    openStore: () => openLabStore({ name }),
    records: async () => [],
    loadEngine: async () => {
      throw new Error('no web-llm here');
    },
    preflight: async () => softwarePreflight('test'),
    appVersion: 'test',
  });
}

afterEach(() => {
  for (const name of names.splice(0)) indexedDB.deleteDatabase(name);
});

describe('an episode from servers with nonsense usage', () => {
  it('is stored with unknown counts and its export imports into a fresh lab', async () => {
    const lab = service();
    const student = await lab.connectServer({ baseUrl: `${server}/v1`, model: 'bad-usage' });
    const teacher = await lab.connectServer({ baseUrl: `${server}/v1`, model: 'bad-usage-2' });
    const maze = environments.maze!;
    const config = defaultEpisodeConfig('maze', {
      params: maze.presets.easy,
      student: { kind: 'model', modelId: student },
      condition: { kind: 'llm-teacher', privileged: 'none' },
      teacherModelId: teacher,
      turnBudget: 2,
    });
    const summary = await lab.runEpisode(config, () => undefined);
    expect(summary.error).toBeUndefined();
    const stored = await lab.getEpisode(summary.episodeId);
    expect(stored?.turns.length).toBeGreaterThan(0);
    for (const turn of stored?.turns ?? []) {
      expect(turn.studentUsage?.promptTokens).toBeUndefined();
      expect(turn.studentUsage?.completionTokens).toBeUndefined();
    }
    const taught = stored?.turns.find((t) => t.feedback?.usage);
    if (stored && stored.turns.length > 1) expect(taught?.feedback?.usage).toEqual({});

    const file = await lab.exportHistory();
    const fresh = service();
    const result = await fresh.importHistory(file);
    if (!result.ok) throw new Error(result.errors.map((e) => `line ${e.line}: ${e.reason}`).join('\n'));
    const back = await fresh.getEpisode(summary.episodeId);
    expect(back?.turns).toEqual(stored?.turns);
    // And the import's copy exports the same episode line again (the header's time differs).
    const lines = async (blob: Blob) => (await blob.text()).split('\n').slice(1);
    expect(await lines(await fresh.exportHistory())).toEqual(await lines(file));
  });

  it('Connect gives up on a server that never answers, after the configured time-out', async () => {
    const lab = service();
    // The test server never answers anything under /hang (here: /hang/models).
    const error = await lab
      .connectServer({ baseUrl: `${server}/hang`, model: 'x', timeouts: { startMs: 300 } })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ServerTimeoutError);
    expect((error as Error).message).toMatch(/did not answer within 0\.3 s/);
  });
});
