/**
 * Issues 3 and 11: tokens/s through the lab versus calling wllama directly, on the same prompts, as a
 * ratio in one run (target ≥ 0.95): with the generated tiny llama (`wllama.*` rows), and with the real
 * model (SmolLM2-135M-Instruct, `wllama.real.*` rows; `scripts/bench.mjs` passes its dev-server URL as
 * `?realModel=`, or why it is missing as `?realModelError=`, which fails the benchmark with the way to
 * get it).
 *
 * Definition, the same on both sides: tokens = completion tokens of each student generation; time =
 * wall time of each student generation, from the request to the finished reply (prefill included).
 * - Through the lab: `LabService.runEpisode` with the wllama engine as the model student (maze, rule
 *   teacher, 5 turns, temperature 0, 64 tokens a turn). Tokens and time are the stored turns'
 *   `studentUsage.completionTokens` and `studentMs`, as the lab measured them (its clock made precise),
 *   so the lab's prompt building, token events and callbacks count against it.
 * - Directly: each of those student prompts, with the same seed, temperature and max tokens, sent to
 *   the raw `Wllama` instance's own streaming `createChatCompletion`, timed around the call.
 *
 * Pairing: the machine is shared, so the two sides alternate generation by generation rather than
 * episode by episode. The direct call of turn t runs while the lab is between turns (inside its store
 * write of turn t, which is outside every measured window), right after the lab's generation of turn t
 * in even episodes, right before it in odd ones (the prompt built with the protocol's own
 * `buildStudentMessages`, then checked against the stored one).
 *
 * Prompt caching is off on both sides (the loader's `cachePrompt: false`; `cache_prompt: false`):
 * with it on, the second of two calls with the same prompt reuses the first one's prefill (llama.cpp
 * keeps recent prompts' KV state, even past an unrelated request), which would reward whichever side
 * goes second. Off, every generation prefills its whole prompt, the same work on both sides.
 */
import type { ChatMessage } from '../../src/core/engine';
import type { Task } from '../../src/core/envs/types';
import {
  buildStudentMessages,
  defaultEpisodeConfig,
  deriveSeed,
  type EpisodeConfig,
  type TurnRecord,
} from '../../src/core/protocol';
import { loadWllamaEngine } from '../../src/engines/wllama/loader';
import { LabService } from '../../src/lab/lab-service';
import { openLabStore, type LabStore } from '../../src/store';
import { buildTinyLlamaGguf } from '../../test/fixtures/gguf/tiny-llama';
import { idle, median, preciseClock, type BenchRow } from './bench-row';

const MAX_TOKENS = 64;
const TURN_BUDGET = 5;

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

/** One raw streaming chat completion; returns its completion tokens, wall time and text. */
async function direct(wllama: Wllama, messages: ChatMessage[], seed: number, maxTokens: number) {
  let text = '';
  let chunks = 0;
  let reported: number | undefined;
  const started = performance.now();
  await wllama.createChatCompletion({
    messages,
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
    seed,
    max_tokens: maxTokens,
    cache_prompt: false,
  });
  return { tokens: reported ?? chunks, ms: performance.now() - started, text };
}

/**
 * Runs the direct side between the lab's turns (called from the lab's store writes) and checks that
 * both sides saw the same prompts and gave the same replies.
 */
class DirectSide {
  directFirst = false;
  readonly side: Side = { tokens: 0, ms: 0 };
  /** Milliseconds of each direct generation, by turn number. */
  readonly msByTurn = new Map<number, number>();
  generations = 0;
  textMismatches = 0;
  promptMismatches = 0;
  private config: EpisodeConfig | null = null;
  private task: Task | null = null;
  private readonly past: TurnRecord[] = [];
  /** Direct-first: the reply and prompt of the turn the lab is about to generate. */
  private ahead: { turn: number; messages: ChatMessage[]; text: string } | null = null;

  constructor(private readonly wllama: Wllama) {}

  reset(): void {
    this.side.tokens = this.side.ms = this.generations = this.textMismatches = this.promptMismatches = 0;
    this.msByTurn.clear();
  }

  private async generate(turn: number, messages: ChatMessage[]): Promise<string> {
    const seed = deriveSeed(this.config!.studentSampling.seed, turn);
    const result = await direct(this.wllama, messages, seed, MAX_TOKENS);
    this.side.tokens += result.tokens;
    this.side.ms += result.ms;
    this.msByTurn.set(turn, result.ms);
    this.generations++;
    return result.text;
  }

  private async generateAhead(turn: number): Promise<void> {
    const messages = buildStudentMessages(this.task!, this.past, this.config!.history);
    this.ahead = { turn, messages, text: await this.generate(turn, messages) };
  }

  async episodeCreated(config: EpisodeConfig, task: Task): Promise<void> {
    [this.config, this.task, this.ahead] = [config, task, null];
    this.past.length = 0;
    if (this.directFirst) await this.generateAhead(1);
  }

  async turnStored(record: TurnRecord): Promise<void> {
    this.past.push(record);
    if (!this.directFirst) {
      const text = await this.generate(record.turn, record.studentPrompt);
      if (text !== record.attempt) this.textMismatches++;
      return;
    }
    const ahead = this.ahead;
    if (ahead?.turn !== record.turn)
      throw new Error(`No direct generation ran ahead of turn ${record.turn}.`);
    if (JSON.stringify(ahead.messages) !== JSON.stringify(record.studentPrompt)) this.promptMismatches++;
    if (ahead.text !== record.attempt) this.textMismatches++;
    this.ahead = null;
    if (!record.diagnosis.correct && record.turn < TURN_BUDGET) await this.generateAhead(record.turn + 1);
  }
}

/** The store, calling `pair` after the lab's own writes (between its turns). */
function pairedStore(store: LabStore, pair: DirectSide): LabStore {
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop === 'createEpisode') {
        return async (input: Parameters<LabStore['createEpisode']>[0]) => {
          const created = await target.createEpisode(input);
          await pair.episodeCreated(input.config, input.task);
          return created;
        };
      }
      if (prop === 'appendTurn') {
        return async (episodeId: string, turn: TurnRecord) => {
          const updated = await target.appendTurn(episodeId, turn);
          await pair.turnStored(turn);
          return updated;
        };
      }
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

export async function run(params: URLSearchParams): Promise<BenchRow[]> {
  const url = params.get('realModel');
  if (!url) throw new Error(params.get('realModelError') ?? 'No real model was given (?realModel=).');
  const tiny = await measure(
    new Blob([buildTinyLlamaGguf() as BlobPart]),
    'tiny-llama',
    Number(params.get('rounds') ?? 16),
    'wllama',
    'the generated tiny llama',
  );
  // The real model decodes about 20× slower on two cores: fewer episodes, the same pairing.
  const real = await measure(
    await (await fetch(url)).blob(),
    'smollm2-135m',
    Number(params.get('realRounds') ?? 4),
    'wllama.real',
    'SmolLM2-135M-Instruct Q4_1',
  );
  return [...tiny, ...real];
}

/** One model's paired run; rows named `${prefix}.lab-tokens-per-s` etc. */
async function measure(
  model: Blob,
  modelName: string,
  rounds: number,
  prefix: string,
  label: string,
): Promise<BenchRow[]> {
  const loaded = await loadWllamaEngine({ file: model }, () => undefined, {
    modelId: modelName,
    cachePrompt: false,
  });
  const pair = new DirectSide(loaded.instance);
  const name = `bench-wllama-${crypto.randomUUID()}`;
  let store: LabStore | undefined;
  const lab = new LabService({
    openStore: async () => {
      store = await openLabStore({ name });
      return pairedStore(store, pair);
    },
    records: async () => [],
    loadEngine: async () => {
      throw new Error('no web-llm models in this benchmark');
    },
    loadGguf: async () => ({ engine: loaded.engine, unload: async () => undefined }),
    clock: preciseClock,
    appVersion: 'bench',
  });
  try {
    const modelId = await lab.loadGguf({ file: model, name: `${modelName}.gguf` });
    const labSide: Side = { tokens: 0, ms: 0 };
    const directSide: Side = { tokens: 0, ms: 0 };
    const roundRatios: number[] = [];
    /** Per generation, lab time ÷ its direct twin's time (the same tokens): its tokens/s ratio inverted. */
    const pairRatios: number[] = [];
    let [generations, textMismatches, promptMismatches, labTurns] = [0, 0, 0, 0];
    // Episode 0 warms everything up and is not counted.
    for (let r = 0; r <= rounds; r++) {
      pair.reset();
      pair.directFirst = r % 2 === 1;
      const summary = await lab.runEpisode(episodeConfig(modelId, r), () => undefined);
      if (summary.outcome === 'error') throw new Error(`The lab episode failed: ${summary.error ?? ''}`);
      const stored = await lab.getEpisode(summary.episodeId);
      const roundLab: Side = { tokens: 0, ms: 0 };
      const pairs: number[] = [];
      for (const turn of stored?.turns ?? []) {
        roundLab.tokens += turn.studentUsage?.completionTokens ?? 0;
        roundLab.ms += turn.studentMs;
        const twin = pair.msByTurn.get(turn.turn);
        if (twin !== undefined) pairs.push(twin / turn.studentMs);
      }
      if (pair.generations !== (stored?.turns.length ?? -1)) {
        throw new Error(
          `Episode ${r}: ${stored?.turns.length} lab turns but ${pair.generations} direct calls.`,
        );
      }
      if (r === 0) continue;
      pairRatios.push(...pairs);
      labSide.tokens += roundLab.tokens;
      labSide.ms += roundLab.ms;
      directSide.tokens += pair.side.tokens;
      directSide.ms += pair.side.ms;
      roundRatios.push(roundLab.tokens / roundLab.ms / (pair.side.tokens / pair.side.ms));
      generations += pair.generations;
      textMismatches += pair.textMismatches;
      promptMismatches += pair.promptMismatches;
      labTurns += stored?.turns.length ?? 0;
      await idle();
    }
    const labTps = (labSide.tokens / labSide.ms) * 1000;
    const directTps = (directSide.tokens / directSide.ms) * 1000;
    const ratio = labTps / directTps;
    // Uncertainty from the paired generations: the geometric mean of (direct time ÷ lab time), which is
    // lab ÷ direct tokens/s per pair (equal tokens), with a normal 95% interval on its logarithm.
    const logs = pairRatios.map(Math.log);
    const meanLog = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sdLog = Math.sqrt(logs.reduce((a, b) => a + (b - meanLog) ** 2, 0) / Math.max(logs.length - 1, 1));
    const halfWidth = (1.96 * sdLog) / Math.sqrt(logs.length);
    const pairedGeoMean = Math.exp(meanLog);
    const interval = [Math.exp(meanLog - halfWidth), Math.exp(meanLog + halfWidth)] as const;
    const data = {
      rounds,
      generations,
      labTurns,
      maxTokens: MAX_TOKENS,
      lab: labSide,
      direct: directSide,
      roundRatios: roundRatios.map((x) => Number(x.toFixed(4))),
      medianRoundRatio: median(roundRatios),
      medianPairRatio: median(pairRatios),
      pairedGeoMean,
      pairedInterval95: interval,
      pairRatios: pairRatios.map((x) => Number(x.toFixed(4))),
      promptMismatches,
      textMismatches,
      threads: loaded.info.threads,
      crossOriginIsolated: globalThis.crossOriginIsolated === true,
    };
    const how =
      `${rounds} episodes × ${TURN_BUDGET} turns × ${MAX_TOKENS} tokens, each generation paired with its ` +
      `direct twin, prompt cache off, ${loaded.info.threads} thread(s), ${label}`;
    return [
      {
        id: `${prefix}.lab-tokens-per-s`,
        figure: `wllama tokens/s through the lab (LabService.runEpisode), ${label}`,
        value: Number(labTps.toFixed(1)),
        unit: 'tok/s',
        detail: `${labSide.tokens} tokens in ${labSide.ms.toFixed(0)} ms of student generation; ${how}`,
      },
      {
        id: `${prefix}.direct-tokens-per-s`,
        figure: `wllama tokens/s called directly (Wllama.createChatCompletion), ${label}`,
        value: Number(directTps.toFixed(1)),
        unit: 'tok/s',
        detail: `${directSide.tokens} tokens in ${directSide.ms.toFixed(0)} ms; the lab's prompts, seeds, sampling`,
      },
      {
        id: `${prefix}.ratio`,
        figure: `wllama tokens/s ratio, lab ÷ direct, ${label}`,
        value: Number(ratio.toFixed(4)),
        unit: '×',
        target: { op: '>=', value: 0.95 },
        detail:
          `Σ tokens / Σ time of each side; over the ${pairRatios.length} paired generations the geometric ` +
          `mean is ${pairedGeoMean.toFixed(3)}, 95% interval ${interval[0].toFixed(3)}–${interval[1].toFixed(3)}; ` +
          `per-episode ratios ${Math.min(...roundRatios).toFixed(2)}–${Math.max(...roundRatios).toFixed(2)}; ` +
          `${textMismatches} of ${generations} direct replies ` +
          `differ from the lab's, ${promptMismatches} prompts built ahead differ from the lab's`,
        data,
      },
    ];
  } finally {
    store?.close();
    indexedDB.deleteDatabase(name);
    await loaded.unload();
  }
}
