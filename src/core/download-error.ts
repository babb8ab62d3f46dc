/**
 * Why a model download failed, in words with the way out: the browser's own messages ("Failed to
 * fetch", "QuotaExceededError") name neither the cause nor what to do.
 */
import { errorText } from './error-text';

/** What is known where the download failed. */
export interface DownloadContext {
  /** `navigator.onLine`: false means the browser knows it has no network. */
  online: boolean;
  /** The model being downloaded, for the message. */
  modelId: string;
}

const QUOTA = /quota|QuotaExceeded|not enough (disk|storage)|no space/i;
const NETWORK =
  /failed to fetch|networkerror|network error|load failed|ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED|ERR_CONNECTION/i;

/**
 * The text for a failed model load: offline, host unreachable and storage full each say what to do;
 * anything else (a model that does not fit, a missing WebGPU feature) keeps the engine's own words,
 * which already say it.
 */
export function downloadErrorText(error: unknown, context: DownloadContext): string {
  const text = errorText(error);
  const name = error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError' || QUOTA.test(text)) {
    return (
      `There is not enough storage for ${context.modelId} in this browser (${text}). Delete models or ` +
      'episodes you no longer need (Models and History pages), or choose a smaller model.'
    );
  }
  if (NETWORK.test(text) || name === 'NetworkError') {
    if (!context.online) {
      return (
        `You are offline, and ${context.modelId} is not in this browser yet, so it cannot download. ` +
        'Connect and try again: once downloaded it works offline. Models already kept here still load.'
      );
    }
    return (
      `The model host could not be reached for ${context.modelId} (${text}). Check the connection, or ` +
      'whether a firewall or proxy blocks it, and try again; a GGUF file on this computer can be opened instead.'
    );
  }
  return text;
}
