/**
 * Types every engine backend shares (web-llm, wllama, the OpenAI-compatible server). The chat contract
 * itself is `src/core/engine.ts`; these are the loading side, which the page sees through `LabApi`.
 */

/** How far a model's load has come, reported by each backend's loader while it downloads and starts. */
export interface LoadProgress {
  modelId: string;
  /** 0–1. */
  progress: number;
  text: string;
  /** Seconds since the load began. */
  elapsed: number;
}
