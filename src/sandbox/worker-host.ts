/**
 * The code sandbox's host in the lab worker: each verification runs in a dedicated worker of its own
 * with a wall-clock deadline, so nothing a student program does (a long built-in call no fuel count
 * sees, a crash of the wasm runtime, the host's stack overflowing) can stop the lab worker. A worker
 * that overruns, crashes or loses its QuickJS module is terminated and replaced; the next
 * verification runs in a fresh one.
 */
import type { CodeSandboxHost, SandboxOutcome, SandboxRequest } from '../core/envs/code';
import { BoundedQueue } from '../engines/serial-queue';
import type { SandboxJob, SandboxReply } from './messages';

export interface WorkerSandboxHostOptions {
  /** Start a sandbox worker (`workers/sandbox.worker.ts`). */
  spawn: () => Worker;
  /**
   * Wall-clock milliseconds one verification may take. The fuel count stops ordinary endless loops
   * in well under a second on a laptop; this catches what it cannot see, with room for a loaded machine.
   */
  deadlineMs?: number;
  /** Milliseconds a new worker may take to load QuickJS before its verification is "not ready". */
  loadMs?: number;
}

export const SANDBOX_DEADLINE_MS = 5_000;
const LOAD_MS = 30_000;

/** One sandbox worker and the job it runs, if any. */
interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** Settles the job in flight with the worker's reply, or with a fault when the worker fails. */
  settle: ((reply: SandboxReply | 'crashed') => void) | null;
}

export class WorkerSandboxHost implements CodeSandboxHost {
  private slot: Slot | null = null;
  // One verification at a time: a worker holds one QuickJS module, and a run is milliseconds.
  private readonly queue = new BoundedQueue(1);
  private nextId = 1;
  private readonly deadlineMs: number;
  private readonly loadMs: number;
  /** Workers started so far (the first, and each replacement): for tests and the lab's diagnostics. */
  started = 0;

  constructor(private readonly options: WorkerSandboxHostOptions) {
    this.deadlineMs = options.deadlineMs ?? SANDBOX_DEADLINE_MS;
    this.loadMs = options.loadMs ?? LOAD_MS;
  }

  /** Resolves once a sandbox worker has loaded QuickJS. */
  ready(): Promise<void> {
    return this.current().ready;
  }

  /** Run a request in the sandbox worker; never rejects. */
  run(request: SandboxRequest): Promise<SandboxOutcome> {
    return this.queue.run(() => this.runNow(request));
  }

  /** Stop the sandbox worker (a later call starts a new one). */
  dispose(): void {
    if (this.slot) this.drop(this.slot);
  }

  private async runNow(request: SandboxRequest): Promise<SandboxOutcome> {
    const slot = this.current();
    try {
      await slot.ready;
    } catch {
      this.drop(slot); // the next verification tries to load again
      return { fault: 'not-ready' };
    }
    const id = this.nextId++;
    return new Promise<SandboxOutcome>((resolve) => {
      const timer = setTimeout(() => {
        this.drop(slot);
        resolve({ fault: 'deadline', deadlineMs: this.deadlineMs });
      }, this.deadlineMs);
      slot.settle = (reply) => {
        if (reply !== 'crashed' && (reply.type !== 'result' || reply.id !== id)) return;
        clearTimeout(timer);
        slot.settle = null;
        if (reply === 'crashed') {
          this.drop(slot);
          resolve({ fault: 'crashed' });
          return;
        }
        if (reply.lost) this.drop(slot);
        resolve(reply.outcome);
      };
      slot.worker.postMessage({ id, request } satisfies SandboxJob);
    });
  }

  private current(): Slot {
    this.slot ??= this.start();
    return this.slot;
  }

  private start(): Slot {
    this.started++;
    const worker = this.options.spawn();
    const slot: Slot = { worker, ready: Promise.resolve(), settle: null };
    slot.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The code sandbox did not load within ${this.loadMs / 1000} s.`)),
        this.loadMs,
      );
      worker.addEventListener('message', (event: MessageEvent<SandboxReply>) => {
        const reply = event.data;
        if (reply.type === 'ready') {
          clearTimeout(timer);
          resolve();
        } else if (reply.type === 'load-failed') {
          clearTimeout(timer);
          reject(new Error(`The code sandbox could not load: ${reply.message}`));
        } else {
          slot.settle?.(reply);
        }
      });
      // An error the worker did not catch (a wasm abort outside a run) ends whatever it was doing.
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        clearTimeout(timer);
        reject(new Error(`The code sandbox failed: ${event.message}`));
        slot.settle?.('crashed');
      });
    });
    // A load failure is reported to the verification that waits for it, not as an unhandled rejection.
    slot.ready.catch(() => {});
    return slot;
  }

  private drop(slot: Slot): void {
    slot.worker.terminate();
    if (this.slot === slot) this.slot = null;
  }
}
