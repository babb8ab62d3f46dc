/** Keeps the verifier's promise never to throw, whatever the student wrote. */
import { errorText } from '../../error-text';
import type { Diagnosis } from '../types';

/**
 * Wrap a verifier so an unexpected internal error becomes a 'verify.internal-error' diagnosis
 * instead of an exception in the episode loop.
 */
export function neverThrows<T>(
  verify: (task: T, text: string) => Diagnosis,
): (task: T, text: string) => Diagnosis {
  return (task, text) => {
    try {
      return verify(task, typeof text === 'string' ? text : '');
    } catch (error) {
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
  };
}
