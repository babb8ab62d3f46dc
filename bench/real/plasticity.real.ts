/**
 * The plasticity benchmark (`npm run bench -- --only plasticity`; never in CI): the real model
 * (SmolLM2-135M-Instruct, `npm run models`) served by llama.cpp's llama-server on loopback, driven
 * through the lab's own OpenAI engine, protocol (`runEpisode`) and metrics (`summarise`). Every
 * environment at its starter preset, with a solved example first, under single / retry / binary /
 * rule teacher 1–3 / self-teacher / LLM teacher (sees the answer, the model teaching itself), the same
 * items under every condition, five turns.
 *
 * Prints acc@1, acc@5, the feedback-specific gain over retry with its paired interval, the
 * format-failure rate and tokens/s per (environment, condition), and episodes per minute run one at a
 * time versus PLASTICITY_PARALLEL at once on the same design slice. Writes
 * bench-results/plasticity.json, and refreshes the corpus of real replies that the parsers' unit tests
 * read (test/fixtures/real-outputs/<env>.jsonl) when PLASTICITY_CORPUS=1.
 *
 * Knobs (environment variables): PLASTICITY_ITEMS (30), PLASTICITY_TURNS (5), PLASTICITY_ENVS (all),
 * PLASTICITY_PARALLEL (4), PLASTICITY_MAX_TOKENS (96), PLASTICITY_THROUGHPUT (1; 0 keeps the
 * previous run's episodes-per-minute figure instead of measuring it again); BENCH_TIMEOUT_MIN (60) in
 * the config bounds the whole run.
 *
 * A run over some environments (PLASTICITY_ENVS) replaces those environments' rows in
 * bench-results/plasticity.json and keeps the others, so the table can be measured in parts; each row
 * says when it was measured. Every episode (prompts left out) is kept in
 * bench-results/plasticity-episodes/<env>.json for the chart (`node scripts/plasticity-report.mjs`).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { environments } from '../../src/core/envs';
import { summarise, type EpisodeOutcomeInput } from '../../src/core/metrics';
import {
  conditionLabel,
  defaultEpisodeConfig,
  runEpisode,
  withDemonstration,
  type Condition,
  type EpisodeConfig,
  type TurnRecord,
} from '../../src/core/protocol';
import type { Engine } from '../../src/core/engine';
import { OpenAiEngine } from '../../src/engines/openai/engine';
import { realModel } from '../../test/real-models';
import { startLlamaServer } from '../../test/servers/llama-server';

const ITEMS = Number(process.env.PLASTICITY_ITEMS ?? 30);
const TURNS = Number(process.env.PLASTICITY_TURNS ?? 5);
const PARALLEL = Number(process.env.PLASTICITY_PARALLEL ?? 4);
const MAX_TOKENS = Number(process.env.PLASTICITY_MAX_TOKENS ?? 96);
const ENVS = (process.env.PLASTICITY_ENVS ?? Object.keys(environments).join(',')).split(',');
const CORPUS = process.env.PLASTICITY_CORPUS === '1';
const THROUGHPUT = process.env.PLASTICITY_THROUGHPUT !== '0';
const RESULT = 'bench-results/plasticity.json';
const EPISODES_DIR = 'bench-results/plasticity-episodes';

const CONDITIONS: Condition[] = [
  { kind: 'single' },
  { kind: 'retry' },
  { kind: 'binary' },
  { kind: 'rule-teacher', level: 1 },
  { kind: 'rule-teacher', level: 2 },
  { kind: 'rule-teacher', level: 3 },
  { kind: 'self-teacher' },
  { kind: 'llm-teacher', privileged: 'answer' },
];

interface Ran {
  input: EpisodeOutcomeInput;
  turns: TurnRecord[];
  tokens: number;
  ms: number;
}

function configFor(envId: string, index: number, condition: Condition, modelId: string): EpisodeConfig {
  const env = environments[envId]!;
  return withDemonstration(
    defaultEpisodeConfig(envId, {
      preset: 'starter',
      params: env.presets.starter,
      taskSeed: 2026,
      index,
      condition,
      student: { kind: 'model', modelId },
      ...(condition.kind === 'llm-teacher' ? { teacherModelId: modelId } : {}),
      turnBudget: condition.kind === 'single' ? 1 : TURNS,
      studentSampling: { temperature: 0.7, seed: 1, maxTokens: MAX_TOKENS },
      teacherSampling: { temperature: 0.7, seed: 2, maxTokens: MAX_TOKENS },
    }),
  );
}

async function runOne(config: EpisodeConfig, engine: Engine, id: string): Promise<Ran> {
  const env = environments[config.envId]!;
  await env.prepare?.();
  const turns: TurnRecord[] = [];
  let status: EpisodeOutcomeInput['status'] = 'running';
  let solvedAtTurn: number | null = null;
  const started = performance.now();
  for await (const event of runEpisode(config, {
    env,
    studentEngine: engine,
    teacherEngine: engine,
    clock: () => Date.now(),
  })) {
    if (event.type === 'turn-end') turns.push(event.record);
    if (event.type === 'episode-end') {
      status = event.outcome;
      solvedAtTurn = event.solvedAtTurn;
    }
  }
  const tokens = turns.reduce(
    (n, t) => n + (t.studentUsage?.completionTokens ?? 0) + (t.feedback?.usage?.completionTokens ?? 0),
    0,
  );
  return {
    input: { id, config, status, solvedAtTurn, turns },
    turns,
    tokens,
    ms: performance.now() - started,
  };
}

/** Run `configs` with at most `limit` in flight; results in input order. */
async function pool(configs: EpisodeConfig[], limit: number, engine: Engine, tag: string): Promise<Ran[]> {
  const results: Ran[] = new Array(configs.length);
  let next = 0;
  const worker = async () => {
    while (next < configs.length) {
      const i = next++;
      results[i] = await runOne(configs[i]!, engine, `${tag}-${i}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, configs.length) }, worker));
  return results;
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? '–' : `${(100 * x).toFixed(0)}%`;

describe('plasticity benchmark (real model)', () => {
  it('measures accuracy by turn and feedback-specific gain for every environment and condition', async () => {
    const model = realModel();
    const server = await startLlamaServer({ parallel: PARALLEL });
    const engine = new OpenAiEngine({ baseUrl: server.url, model: server.model });
    const startedAt = new Date().toISOString();
    try {
      // Rows of environments this run does not measure are kept from the previous runs, and so is the
      // throughput figure when this run skips it (PLASTICITY_THROUGHPUT=0).
      const previous = existsSync(RESULT)
        ? (JSON.parse(readFileSync(RESULT, 'utf8')) as {
            rows?: Array<{ envId: string }>;
            episodesPerMinute?: { sequential: number; parallel: number; ratio: number; measuredAt?: string };
          })
        : {};
      let episodesPerMinute = previous.episodesPerMinute;
      if (THROUGHPUT || !episodesPerMinute) {
        // Throughput: the same slice run one at a time, then PARALLEL at once.
        const slice = Array.from({ length: 2 * PARALLEL }, (_, i) =>
          configFor(ENVS[0]!, 1000 + i, { kind: 'rule-teacher', level: 2 }, model.id),
        );
        let t0 = performance.now();
        const sequential = await pool(slice, 1, engine, 'seq');
        const sequentialPerMin = (sequential.length / (performance.now() - t0)) * 60_000;
        t0 = performance.now();
        const parallel = await pool(slice, PARALLEL, engine, 'par');
        const parallelPerMin = (parallel.length / (performance.now() - t0)) * 60_000;
        episodesPerMinute = {
          sequential: sequentialPerMin,
          parallel: parallelPerMin,
          ratio: parallelPerMin / sequentialPerMin,
          measuredAt: new Date().toISOString(),
        };
      }
      const rows: object[] = (previous.rows ?? []).filter((r) => !ENVS.includes(r.envId));
      const header = {
        model: model.name,
        server: 'llama.cpp llama-server (CPU, loopback)',
        startedAt,
        items: ITEMS,
        turns: TURNS,
        parallel: PARALLEL,
        maxTokens: MAX_TOKENS,
        episodesPerMinute,
      };
      const save = () => {
        mkdirSync('bench-results', { recursive: true });
        writeFileSync(RESULT, JSON.stringify({ ...header, rows }, null, 1));
      };
      const lines: string[] = [];
      for (const envId of ENVS) {
        const env = environments[envId]!;
        const configs = CONDITIONS.flatMap((c) =>
          Array.from({ length: ITEMS }, (_, index) => configFor(envId, index, c, model.id)),
        );
        const envStart = performance.now();
        const ran = await pool(configs, PARALLEL, engine, envId);
        const seconds = (performance.now() - envStart) / 1000;
        const summary = summarise(ran.map((r) => r.input));
        const tokens = ran.reduce((n, r) => n + r.tokens, 0);
        for (const row of summary.rows) {
          const inRow = ran.filter((r) => row.episodeIds.includes(r.input.id));
          const attempts = inRow.flatMap((r) => r.turns);
          const formatFailures = attempts.filter((t) =>
            t.diagnosis.issues.some((i) => i.code.startsWith('format.')),
          ).length;
          const gain = row.feedbackGain;
          const record = {
            envId,
            measuredAt: new Date().toISOString(),
            model: model.name,
            condition: conditionLabel(row.condition),
            conditionKey: row.conditionKey,
            episodes: row.completedIds.length,
            acc1: row.acc1.p,
            accK: row.accK.p,
            turnBudget: row.turnBudget,
            feedbackGain: gain ? { estimate: gain.estimate, low: gain.low, high: gain.high } : null,
            formatFailureRate: attempts.length ? formatFailures / attempts.length : null,
            attempts: attempts.length,
          };
          rows.push(record);
          lines.push(
            `${envId.padEnd(10)} ${record.condition.padEnd(34)} n=${String(record.episodes).padStart(3)} ` +
              `acc@1 ${pct(record.acc1).padStart(4)} acc@K ${pct(record.accK).padStart(4)} ` +
              `gain vs retry ${gain ? `${pct(gain.estimate)} [${pct(gain.low)}, ${pct(gain.high)}]` : '–'} ` +
              `format failures ${pct(record.formatFailureRate)}`,
          );
        }
        lines.push(
          `${envId}: ${ran.length} episodes in ${seconds.toFixed(0)} s, ${(tokens / seconds).toFixed(1)} tokens/s`,
        );
        // Written after every environment, so a long run cut short keeps what it measured.
        save();
        mkdirSync(EPISODES_DIR, { recursive: true });
        writeFileSync(
          `${EPISODES_DIR}/${envId}.json`,
          JSON.stringify({
            model: model.name,
            measuredAt: new Date().toISOString(),
            seconds,
            tokens,
            // The prompts are rebuilt from the config; the chart and the metrics need none of them.
            episodes: ran.map((r) => ({
              ...r.input,
              turns: r.turns.map((t) => ({ ...t, studentPrompt: [] })),
            })),
          }),
        );
        console.log(lines.join('\n'));
        if (CORPUS) {
          mkdirSync('test/fixtures/real-outputs', { recursive: true });
          // One reply per item and condition at most, first turns first: a varied, bounded corpus.
          // Each reply keeps its task: the corpus must outlive the generator's next version.
          const seen = ran.flatMap((r) =>
            r.turns.slice(0, 2).map((t) => ({
              envId,
              task: env.generate(r.input.config.params, r.input.config.taskSeed, r.input.config.index),
              attempt: t.attempt,
              correct: t.diagnosis.correct,
              codes: t.diagnosis.issues.map((i) => i.code),
            })),
          );
          const unique = [...new Map(seen.map((s) => [s.attempt + s.task.index, s])).values()].slice(0, 60);
          writeFileSync(
            `test/fixtures/real-outputs/${envId}.jsonl`,
            unique.map((s) => JSON.stringify(s)).join('\n') + '\n',
          );
        }
      }
      save();
      console.log(
        `Plasticity benchmark, ${model.name}, ${ITEMS} items × ${CONDITIONS.length} conditions, ${TURNS} turns\n` +
          lines.join('\n') +
          `\nepisodes/min: sequential ${episodesPerMinute.sequential.toFixed(1)}, ${PARALLEL} at once ` +
          `${episodesPerMinute.parallel.toFixed(1)} (${episodesPerMinute.ratio.toFixed(2)}×)`,
      );
    } finally {
      await server.close();
    }
  });
});
