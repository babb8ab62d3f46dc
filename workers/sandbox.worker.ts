/// <reference lib="webworker" />
/**
 * A code-sandbox worker: loads QuickJS (memory capped) and runs verification requests from the lab
 * worker's `WorkerSandboxHost`, which terminates it at its deadline or when its module is lost.
 */
import { loadQuickJS, runRequest, type QuickJSModuleLike } from '../src/core/envs/code';
import type { SandboxJob, SandboxReply } from '../src/sandbox/messages';

let quickjs: QuickJSModuleLike | null = null;

const reply = (message: SandboxReply): void => postMessage(message);

loadQuickJS().then(
  (module) => {
    quickjs = module;
    reply({ type: 'ready' });
  },
  (error: unknown) =>
    reply({ type: 'load-failed', message: error instanceof Error ? error.message : String(error) }),
);

onmessage = (event: MessageEvent<SandboxJob>) => {
  const { id, request } = event.data;
  let lost = false;
  const outcome = runRequest(quickjs, request, () => {
    lost = true;
  });
  if (lost) quickjs = null; // never run QuickJS again here; the host replaces this worker
  reply({ type: 'result', id, outcome, lost });
};
