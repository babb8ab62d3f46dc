/** Training examples written as JSONL lines in a trainer's dialect. */
import type { TrainingExample } from './examples';
import type { TrainingDialect } from './types';

/**
 * One example as one JSON line (no newline). SFT and critique: `{"messages": [...]}`, which TRL's
 * SFTTrainer and OpenAI's chat fine-tuning both read. Pairs: TRL's conversational preference format
 * or OpenAI's DPO format. TRL lines carry a `metadata` field naming the episode and turn.
 */
export function exampleLine(example: TrainingExample, dialect: TrainingDialect): string {
  const metadata = dialect === 'trl' ? { metadata: example.source } : {};
  if (example.kind === 'messages') return JSON.stringify({ messages: example.messages, ...metadata });
  const chosen = [{ role: 'assistant', content: example.chosen }];
  const rejected = [{ role: 'assistant', content: example.rejected }];
  if (dialect === 'trl') return JSON.stringify({ prompt: example.prompt, chosen, rejected, ...metadata });
  return JSON.stringify({
    input: { messages: example.prompt },
    preferred_output: chosen,
    non_preferred_output: rejected,
  });
}
