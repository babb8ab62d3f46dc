/**
 * Masked next-byte cross-entropy: the mean negative log-likelihood of the target bytes whose mask is
 * 1, so a transcript teaches only its assistant bytes while the rest still conditions them.
 */
import { nn, numpy as np } from '@jax-js/jax';

/**
 * Mean NLL in nats per masked byte, over the whole batch (a row with more masked bytes weighs more).
 * `logits` float32 [B, T, V], `targets` int32 [B, T], `mask` float32 [B, T] of 0 and 1. A batch with
 * no masked byte has loss 0, not NaN. Consumes all three.
 */
export function maskedCrossEntropy(logits: np.Array, targets: np.Array, mask: np.Array): np.Array {
  const vocab = logits.shape[logits.ndim - 1] ?? 1;
  const logProbs = nn.logSoftmax(logits, -1);
  const targetLogProb = logProbs.mul(nn.oneHot(targets, vocab)).sum(-1); // [B, T]
  const total = targetLogProb.mul(mask.ref).sum().neg();
  return total.div(np.maximum(mask.sum(), 1));
}
