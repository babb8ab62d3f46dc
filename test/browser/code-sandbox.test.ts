/**
 * The code sandbox in real Chromium: QuickJS and its .wasm load through Vite inside a dedicated Web
 * Worker, student code is verified there, and an endless loop is stopped by the fuel limit while the
 * page's main thread keeps running.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxReply, SandboxRequest } from './code-sandbox.worker';

let worker: Worker;
let nextId = 1;

function request(seed: number, text: string): Promise<SandboxReply> {
  const id = nextId++;
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent<SandboxReply>) => {
      if (event.data.id !== id) return;
      worker.removeEventListener('message', onMessage);
      resolve(event.data);
    };
    worker.addEventListener('message', onMessage);
    worker.postMessage({ id, seed, text } satisfies SandboxRequest);
  });
}

describe('code sandbox in a Web Worker', () => {
  beforeAll(async () => {
    worker = new Worker(new URL('./code-sandbox.worker.ts', import.meta.url), { type: 'module' });
    const ready = await new Promise<SandboxReply>((resolve, reject) => {
      worker.addEventListener(
        'message',
        (e: MessageEvent<SandboxReply>) => e.data.id === 0 && resolve(e.data),
      );
      worker.addEventListener('error', (e) => reject(new Error(`worker failed: ${e.message}`)));
    });
    expect(ready.error).toBeUndefined();
    expect(ready.ready).toBe(true);
  }, 60_000);

  afterAll(() => worker?.terminate());

  it('loads QuickJS and its .wasm through Vite and verifies a correct solution', async () => {
    const reply = await request(1, '<answer>{solution}</answer>');
    expect(reply.correct).toBe(true);
    expect(reply.codes).toEqual([]);
  });

  it('student code that touches the page, storage or network fails inside the sandbox', async () => {
    for (const expr of ['indexedDB.open("x")', 'localStorage.getItem("k")', 'document.title', 'fetch("/")']) {
      const reply = await request(2, `<answer>{solution}\n${expr};</answer>`);
      expect(reply.correct, expr).toBe(false);
      expect(reply.codes, expr).toEqual(['code.runtime-error']);
    }
  });

  it('an endless loop is stopped within the budget while the page stays responsive', async () => {
    // A loop with work in its body: the slowest kind per unit of fuel, so the worker is busy longest.
    const loop = '<answer>{solution}\nfor (;;) { [1, 2, 3].map((x) => x * 2); }</answer>';
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const start = performance.now();
    const reply = await request(3, loop);
    const elapsed = performance.now() - start;
    clearInterval(timer);

    expect(reply.codes).toEqual(['code.timeout']);
    // The budget is a deterministic fuel count; on a laptop this loop uses it up in about a second.
    expect(elapsed).toBeLessThan(15_000); // generous: CI machines may be loaded several times over
    // The main thread ran its timer throughout (about one tick per 10 ms it was waiting).
    expect(ticks).toBeGreaterThanOrEqual(Math.floor(reply.ms! / 10 / 4));
    expect(ticks).toBeGreaterThan(3);
    // And the sandbox still works afterwards.
    expect((await request(1, '<answer>{solution}</answer>')).correct).toBe(true);
    console.info(
      `code sandbox: endless loop stopped after ${reply.ms!.toFixed(0)} ms in the worker; ${ticks} main-thread ticks`,
    );
  });

  it('a memory bomb is contained', async () => {
    const reply = await request(
      4,
      '<answer>{solution}\nlet a = []; while (true) a.push(new Array(1e6));</answer>',
    );
    expect(reply.codes).toEqual(['code.memory']);
    expect((await request(4, '<answer>{solution}</answer>')).correct).toBe(true);
  });
});
