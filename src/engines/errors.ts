/**
 * Engine errors. Each names what went wrong and what the user can do about it; the UI shows
 * `message` as is, never a stack trace.
 */

/** Base class so the UI can tell engine errors from bugs. */
export class EngineError extends Error {
  override name = 'EngineError';
}

/** The browser exposes no WebGPU adapter. */
export class WebGpuUnavailableError extends EngineError {
  override name = 'WebGpuUnavailableError';
  constructor(detail: string) {
    super(
      `WebGPU is not available here (${detail}). Models cannot run on this device's GPU; you can still play ` +
        'as the human student with the rule-based teacher.',
    );
  }
}

/** A model that needs a device feature or limit this GPU lacks: refused before any download. */
export class ModelDoesNotFitError extends EngineError {
  override name = 'ModelDoesNotFitError';
  constructor(
    readonly modelId: string,
    reason: string,
  ) {
    super(`${modelId} cannot run on this device: ${reason}`);
  }
}

/** A custom model record whose URLs cannot work. */
export class InvalidModelRecordError extends EngineError {
  override name = 'InvalidModelRecordError';
}

/** The model library (.wasm) could not be fetched or instantiated. */
export class ModelLibraryError extends EngineError {
  override name = 'ModelLibraryError';
  constructor(
    readonly url: string,
    cause: string,
  ) {
    super(
      `The model library at ${url} could not be loaded (${cause}). Check that model_lib points to a ` +
        'WebLLM .wasm library built for this version of web-llm.',
    );
  }
}

/** Any other failure while loading a model, with web-llm's own explanation. */
export class ModelLoadError extends EngineError {
  override name = 'ModelLoadError';
  constructor(
    readonly modelId: string,
    cause: string,
  ) {
    super(`Could not load ${modelId}: ${cause}`);
  }
}

/** The GPU device was lost (usually out of memory). */
export class DeviceLostError extends EngineError {
  override name = 'DeviceLostError';
  constructor(readonly modelId: string) {
    super(
      `The GPU device was lost while running ${modelId}, usually because it ran out of memory. ` +
        'Finished turns are saved. Reload with a smaller model.',
    );
  }
}

/** Readable text for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
