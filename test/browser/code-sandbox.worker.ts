/// <reference lib="webworker" />
/**
 * A dedicated worker for test/browser/code-sandbox.test.ts: loads the code environment's QuickJS sandbox
 * (its .wasm fetched the way the lab worker will) and verifies attempts on request.
 */
import { code } from '../../src/core/envs/code';

export interface SandboxRequest {
  id: number;
  seed: number;
  /** Student text; `{solution}` is replaced by the task's reference solution. */
  text: string;
}

export interface SandboxReply {
  id: number;
  ready?: boolean;
  error?: string;
  correct?: boolean;
  codes?: string[];
  ms?: number;
}

const ready = code.prepare!().then(
  () => postMessage({ id: 0, ready: true } satisfies SandboxReply),
  (error: unknown) => postMessage({ id: 0, ready: false, error: String(error) } satisfies SandboxReply),
);

onmessage = async (event: MessageEvent<SandboxRequest>) => {
  await ready;
  const { id, seed, text } = event.data;
  const task = code.generate(code.presets.easy, seed, 0);
  const start = performance.now();
  const d = code.verify(task, text.replace('{solution}', task.solution));
  postMessage({
    id,
    correct: d.correct,
    codes: d.issues.map((i) => i.code),
    ms: performance.now() - start,
  } satisfies SandboxReply);
};
