/** What the lab worker and a code-sandbox worker say to each other. */
import type { SandboxOutcome, SandboxRequest } from '../core/envs/code';

/** Lab worker → sandbox worker: run one verification's request. */
export interface SandboxJob {
  id: number;
  request: SandboxRequest;
}

/** Sandbox worker → lab worker. */
export type SandboxReply =
  | { type: 'ready' }
  | { type: 'load-failed'; message: string }
  /** `lost`: QuickJS cannot be used again in that worker (the host replaces it). */
  | { type: 'result'; id: number; outcome: SandboxOutcome; lost: boolean };
