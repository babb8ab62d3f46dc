/**
 * Issue 11: episodes per minute against llama.cpp's real llama-server (4 slots, the real model) with 4
 * requests at once ÷ one at a time, and prompt tokens re-processed per student turn ÷ new tokens, through
 * the lab's OpenAI engine, ExperimentRunner and store (fake-indexeddb: Node has no IndexedDB). Definitions
 * in bench/shared/parallel-episodes.ts. Writes its rows to bench-results/parallel-server.json.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { OpenAiEngine } from '../../src/engines/openai/engine';
import { bounded } from '../../src/engines/serial-queue';
import { openLabStore } from '../../src/store';
import { startLlamaServer } from '../../test/servers/llama-server';
import { parallelEpisodesBench } from '../shared/parallel-episodes';

const OUT = join(import.meta.dirname, '../../bench-results');

describe('parallel episodes on llama-server', () => {
  it('measures', async () => {
    const server = await startLlamaServer({ parallel: 4, slotContext: 2048 });
    const store = await openLabStore({ name: 'bench-parallel-server', factory: new IDBFactory() });
    try {
      const engine = bounded(new OpenAiEngine({ baseUrl: `${server.url}/v1`, model: server.model }), 4);
      const rows = await parallelEpisodesBench({
        id: 'parallel.server',
        label: 'llama-server, 4 at once',
        store,
        engine,
        tasks: Number(process.env.BENCH_TASKS ?? 4),
        turnBudget: 3,
        maxTokens: 64,
        clock: () => Date.now(),
        log: (line) => console.log(line),
      });
      mkdirSync(OUT, { recursive: true });
      writeFileSync(join(OUT, 'parallel-server.json'), JSON.stringify(rows, null, 2));
      console.log(JSON.stringify(rows, null, 2));
    } finally {
      store.close();
      await server.close();
    }
  });
});
