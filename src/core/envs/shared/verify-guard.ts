/** Keeps the verifier's promise never to throw, whatever the student wrote. */
import { errorText } from '../../error-text';
import type { Diagnosis } from '../types';

/** The diagnosis for a verifier's own failure (never the student's). */
function internalError(error: unknown): Diagnosis {
  return {
    correct: false,
    score: 0,
    issues: [
      {
        code: 'verify.internal-error',
        message: `The verifier failed on this reply: ${errorText(error)}`,
      },
    ],
    parsed: null,
  };
}

const asText = (text: unknown): string => (typeof text === 'string' ? text : '');

/**
 * Wrap a verifier so an unexpected internal error becomes a 'verify.internal-error' diagnosis
 * instead of an exception in the episode loop.
 */
export function neverThrows<T>(
  verify: (task: T, text: string) => Diagnosis,
): (task: T, text: string) => Diagnosis {
  return (task, text) => {
    try {
      return verify(task, asText(text));
    } catch (error) {
      return internalError(error);
    }
  };
}

/** `neverThrows` for a verifier that answers later: it never rejects. */
export function neverRejects<T>(
  verify: (task: T, text: string) => Promise<Diagnosis>,
): (task: T, text: string) => Promise<Diagnosis> {
  return async (task, text) => {
    try {
      return await verify(task, asText(text));
    } catch (error) {
      return internalError(error);
    }
  };
}
