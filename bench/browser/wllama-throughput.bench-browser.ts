/**
 * Issue 3: tokens/s through the lab versus calling wllama directly, on the same prompts with the
 * generated tiny llama, as a ratio in one run (target ≥ 0.95).
 *
 * Definition, the same on both sides: tokens = completion tokens of each student generation; time =
 * wall time of each student generation, from the request to the finished reply (prefill included).
 * - Through the lab: `LabService.runEpisode` with the wllama engine as the model student (maze, rule
 *   teacher, 5 turns, temperature 0, 64 tokens a turn). Tokens and time are the stored turns'
 *   `studentUsage.completionTokens` and `studentMs`, as the lab measured them (its clock made precise),
 *   so the lab's prompt building, token events and callbacks count against it.
 * - Directly: the stored turns' `studentPrompt`s, with the same seeds, temperature and max tokens, sent
 *   to the raw `Wllama` instance's own streaming `createChatCompletion`, timed around each call.
 * The prompts are collected by one unmeasured lab run per episode (also the warm-up). Before every
 * episode of either side, one 1-token request on an unrelated prompt resets llama.cpp's prompt cache,
 * so each starts from the same state (which also keeps the greedy replies identical run to run) and
 * neither inherits the other's cached prefix. The measured rounds rotate the order of the sides.
 *
 * A third side, for the analysis only: the direct call with the lab's extra request options
 * (`timings_per_token`, which the lab asks for to keep token counts when a generation is stopped).
 * Lab ÷ that side is the cost of the lab's own JavaScript; that side ÷ direct is the cost of the option.
 */
import type { ChatMessage } from '../../src/core/engine';
import { defaultEpisodeConfig, deriveSeed, type EpisodeConfig } from '../../src/core/protocol';
import { loadWllamaEngine } from '../../src/engines/wllama-loader';
import { LabService } from '../../src/lab/lab-service';
import { openLabStore, type LabStore } from '../../src/store';
import { buildTinyLlamaGguf } from '../../test/fixtures/gguf/tiny-llama';
import { idle, median, preciseClock, type BenchRow } from './bench-row';

const MAX_TOKENS = 64;
const TURN_BUDGET = 5;

interface Generation {
  messages: ChatMessage[];
  seed: number;
  text: string;
}

interface Side {
  tokens: number;
  ms: number;
}

type Wllama = Awaited<ReturnType<typeof loadWllamaEngine>>['instance'];

function episodeConfig(modelId: string, index: number): EpisodeConfig {
  return defaultEpisodeConfig('maze', {
    taskSeed: 11,
    index,
    student: { kind: 'model', modelId },
    condition: { kind: 'rule-teacher', level: 2 },
    turnBudget: TURN_BUDGET,
    studentSampling: { temperature: 0, seed: 100 + index, maxTokens: MAX_TOKENS },
  });
}

/** One lab episode: its student generations and the lab's own token and time counts. */
async function labEpisode(lab: LabService, config: EpisodeConfig): Promise<Side & { gens: Generation[] }> {
  const summary = await lab.runEpisode(config, () => undefined);
  if (summary.outcome === 'error') throw new Error(`The lab episode failed: ${summary.error ?? ''}`);
  const stored = await lab.getEpisode(summary.episodeId);
  if (!stored || stored.turns.length === 0) throw new Error('The lab stored no turns.');
  let tokens = 0;
  let ms = 0;
  for (const turn of stored.turns) {
    tokens += turn.studentUsage?.completionTokens ?? 0;
    ms += turn.studentMs;
  }
  const gens = stored.turns.map((t) => ({
    messages: t.studentPrompt,
    seed: deriveSeed(config.studentSampling.seed, t.turn),
    text: t.attempt,
  }));
  return { tokens, ms, gens };
}

/** One raw streaming chat completion; returns its completion tokens, wall time and text. */
async function direct(wllama: Wllama, gen: Generation, maxTokens: number, timingsPerToken = false) {
  let text = '';
  let chunks = 0;
  let reported: number | undefined;
  const started = performance.now();
  await wllama.createChatCompletion({
    messages: gen.messages,
    stream: true,
    onData: (chunk) => {
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) {
        text += delta;
        chunks++;
      }
      reported = chunk.usage?.completion_tokens ?? chunk.timings?.predicted_n ?? reported;
    },
    temperature: 0,
    seed: gen.seed,
    max_tokens: maxTokens,
    cache_prompt: true,
    ...(timingsPerToken ? { timings_per_token: true } : {}),
  });
  return { tokens: reported ?? chunks, ms: performance.now() - started, text };
}

/** A 1-token request on an unrelated prompt: llama.cpp's cached prefix no longer matches the lab's. */
async function resetPromptCache(wllama: Wllama): Promise<void> {
  await direct(wllama, { messages: [{ role: 'user', content: 'zzz' }], seed: 0, text: '' }, 1);
}

export async function run(params: URLSearchParams): Promise<BenchRow[]> {
  const rounds = Number(params.get('rounds') ?? 9);
  const bytes = buildTinyLlamaGguf();
  const loaded = await loadWllamaEngine({ file: new Blob([bytes as BlobPart]) }, () => undefined, {
    modelId: 'tiny-llama',
  });
  const name = `bench-wllama-${crypto.randomUUID()}`;
  let store: LabStore | undefined;
  const lab = new LabService({
    openStore: async () => (store = await openLabStore({ name })),
    records: async () => [],
    loadEngine: async () => {
      throw new Error('no web-llm models in this benchmark');
    },
    loadGguf: async () => ({ engine: loaded.engine, unload: async () => undefined }),
    clock: preciseClock,
    appVersion: 'bench',
  });
  try {
    const modelId = await lab.loadGguf({ file: new Blob([bytes as BlobPart]), name: 'tiny-llama.gguf' });
    const configs = Array.from({ length: rounds }, (_, i) => episodeConfig(modelId, i));
    // Unmeasured: collect each episode's prompts (and warm everything up).
    const collected: Generation[][] = [];
    for (const config of configs) {
      await resetPromptCache(loaded.instance);
      collected.push((await labEpisode(lab, config)).gens);
    }

    const labSide: Side = { tokens: 0, ms: 0 };
    const directSide: Side = { tokens: 0, ms: 0 };
    const optionSide: Side = { tokens: 0, ms: 0 };
    const roundRatios: number[] = [];
    let promptMismatches = 0;
    let textMismatches = 0;
    let generations = 0;
    const tps = (side: Side) => side.tokens / side.ms;
    for (let r = 0; r < rounds; r++) {
      const gens = collected[r]!;
      const roundLab: Side = { tokens: 0, ms: 0 };
      const roundDirect: Side = { tokens: 0, ms: 0 };
      const runLab = async () => {
        await resetPromptCache(loaded.instance);
        const result = await labEpisode(lab, configs[r]!);
        roundLab.tokens += result.tokens;
        roundLab.ms += result.ms;
        result.gens.forEach((g, i) => {
          if (JSON.stringify(g.messages) !== JSON.stringify(gens[i]?.messages)) promptMismatches++;
        });
      };
      const runDirect = (into: Side, timingsPerToken: boolean) => async () => {
        await resetPromptCache(loaded.instance);
        for (const gen of gens) {
          const result = await direct(loaded.instance, gen, MAX_TOKENS, timingsPerToken);
          into.tokens += result.tokens;
          into.ms += result.ms;
          if (result.text !== gen.text) textMismatches++;
          generations++;
        }
      };
      // Each side takes each place in the order once every three rounds.
      const sides = [runLab, runDirect(roundDirect, false), runDirect(optionSide, true)];
      for (let k = 0; k < sides.length; k++) await sides[(k + r) % sides.length]!();
      labSide.tokens += roundLab.tokens;
      labSide.ms += roundLab.ms;
      directSide.tokens += roundDirect.tokens;
      directSide.ms += roundDirect.ms;
      roundRatios.push(tps(roundLab) / tps(roundDirect));
      await idle();
    }
    const labTps = (labSide.tokens / labSide.ms) * 1000;
    const directTps = (directSide.tokens / directSide.ms) * 1000;
    const optionTps = (optionSide.tokens / optionSide.ms) * 1000;
    const ratio = labTps / directTps;
    const data = {
      rounds,
      generations,
      maxTokens: MAX_TOKENS,
      lab: labSide,
      direct: directSide,
      directWithLabOptions: optionSide,
      roundRatios: roundRatios.map((x) => Number(x.toFixed(4))),
      medianRoundRatio: median(roundRatios),
      promptMismatches,
      textMismatches,
      threads: loaded.info.threads,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
    };
    const how = `${rounds} episodes × ${TURN_BUDGET} turns × ${MAX_TOKENS} tokens each side, ${loaded.info.threads} thread(s)`;
    return [
      {
        id: 'wllama.lab-tokens-per-s',
        figure: 'wllama tokens/s through the lab (LabService.runEpisode)',
        value: Number(labTps.toFixed(1)),
        unit: 'tok/s',
        detail: `${labSide.tokens} tokens in ${labSide.ms.toFixed(0)} ms of student generation; ${how}`,
      },
      {
        id: 'wllama.direct-tokens-per-s',
        figure: 'wllama tokens/s called directly (Wllama.createChatCompletion)',
        value: Number(directTps.toFixed(1)),
        unit: 'tok/s',
        detail: `${directSide.tokens} tokens in ${directSide.ms.toFixed(0)} ms; same prompts, seeds, sampling`,
      },
      {
        id: 'wllama.direct-lab-options-tokens-per-s',
        figure: "wllama tokens/s direct, with the lab's timings_per_token",
        value: Number(optionTps.toFixed(1)),
        unit: 'tok/s',
        detail:
          `${optionSide.tokens} tokens in ${optionSide.ms.toFixed(0)} ms (analysis only): lab ÷ this ` +
          `${(labTps / optionTps).toFixed(3)} is the lab's JavaScript, this ÷ direct ` +
          `${(optionTps / directTps).toFixed(3)} the option`,
      },
      {
        id: 'wllama.ratio',
        figure: 'wllama tokens/s ratio, lab ÷ direct',
        value: Number(ratio.toFixed(4)),
        unit: '×',
        target: { op: '>=', value: 0.95 },
        detail:
          `per-round ratios ${Math.min(...roundRatios).toFixed(3)}–${Math.max(...roundRatios).toFixed(3)}; ` +
          `${textMismatches} of ${generations} direct replies differ from the lab's, ` +
          `${promptMismatches} prompts differ between lab runs`,
        data,
      },
    ];
  } finally {
    store?.close();
    indexedDB.deleteDatabase(name);
    await loaded.unload();
  }
}
