/** Scratch: first-attempt accuracy and format failures of the real model per environment and params. */
import { describe, it } from 'vitest';
import { existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { environments } from '../../src/core/envs';
import { defaultEpisodeConfig, runEpisode, withDemonstration } from '../../src/core/protocol';
import { OpenAiEngine } from '../../src/engines/openai/engine';
import { startLlamaServer } from '../../test/servers/llama-server';

const CANDIDATES: Record<string, unknown[]> = process.env.CAL_CANDIDATES
  ? JSON.parse(process.env.CAL_CANDIDATES)
  : Object.fromEntries(Object.values(environments).map((e) => [e.id, [e.presets.starter]]));
const N = Number(process.env.CAL_N ?? 30);

describe('calibrate', () => {
  it('runs', async () => {
    const server = await startLlamaServer({ parallel: 4 });
    const engine = new OpenAiEngine({ baseUrl: server.url, model: server.model });
    const out: unknown[] = [];
    try {
      for (const [envId, list] of Object.entries(CANDIDATES)) {
        const env = environments[envId]!;
        for (const params of list) {
          const results = await Promise.all(
            Array.from({ length: N }, async (_, index) => {
              const config = withDemonstration(
                defaultEpisodeConfig(envId, {
                  params: params as never,
                  taskSeed: 7,
                  index,
                  condition: { kind: 'single' },
                  turnBudget: 1,
                  student: { kind: 'model', modelId: server.model },
                  studentSampling: { temperature: 0.7, seed: index + 1, maxTokens: 256 },
                }),
              );
              await env.prepare?.();
              let attempt = '';
              let codes: string[] = [];
              let correct = false;
              for await (const e of runEpisode(config, { env, studentEngine: engine, clock: () => 0 })) {
                if (e.type === 'attempt') {
                  attempt = e.text;
                  codes = e.diagnosis.issues.map((i) => i.code);
                  correct = e.diagnosis.correct;
                }
              }
              return { index, correct, codes, attempt };
            }),
          );
          const acc = results.filter((r) => r.correct).length / N;
          const fmt = results.filter((r) => r.codes.some((c) => c.startsWith('format.'))).length / N;
          console.log(`${envId} ${JSON.stringify(params)} acc@1=${acc.toFixed(2)} format=${fmt.toFixed(2)}`);
          out.push({ envId, params, acc, fmt, results });
          const corpus = `test/fixtures/real-outputs/${envId}.jsonl`;
          if (process.env.CAL_CORPUS === '1' && !existsSync(corpus)) {
            mkdirSync('test/fixtures/real-outputs', { recursive: true });
            // An episode that ended before its attempt (an engine error) wrote no reply.
            const lines = results
              .filter((r) => r.codes.length > 0 || r.attempt !== '')
              .map((r) =>
                JSON.stringify({
                  envId,
                  params,
                  taskSeed: 7,
                  index: r.index,
                  attempt: r.attempt,
                  correct: r.correct,
                  codes: r.codes,
                }),
              );
            writeFileSync(corpus, lines.join('\n') + '\n');
          }
        }
      }
    } finally {
      await server.close();
      mkdirSync('bench-results', { recursive: true });
      writeFileSync('bench-results/calibrate.json', JSON.stringify(out, null, 1));
    }
  });
});
