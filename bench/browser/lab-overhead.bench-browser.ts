/**
 * Issue 3: the lab's own overhead per turn (time outside engine calls) with an instant test-double
 * engine, target < 1 ms at the median. Measured two ways over the same maze episodes (rule teacher,
 * turn budget 5, a wrong attempt every turn so every episode runs all five turns):
 *  (a) protocol only: `runEpisode` from src/core/protocol driven to its end;
 *  (b) the whole lab path: `LabService.runEpisode` on Chromium's real IndexedDB (episode record, one
 *      write per turn, the outcome), with every event structured-cloned through a MessageChannel as the
 *      worker's Comlink callback would.
 * Per episode: (wall time − time inside engine calls) / turns; the figure is the median over episodes.
 */
import { environments } from '../../src/core/envs';
import type { Environment, Task } from '../../src/core/envs/types';
import { defaultEpisodeConfig, runEpisode, type EpisodeConfig } from '../../src/core/protocol';
import type { LabEvent } from '../../src/lab/lab-api';
import { openLabStore, type LabStore } from '../../src/store';
import { idle, median, quantile, type BenchRow } from './bench-row';
import { InstantEngine, TimedEngine } from './engines';
import { instantLab } from './instant-lab';

const MODEL_ID = 'instant-q4f32_1-MLC';
const TURN_BUDGET = 5;
/** Store methods an episode calls; their time is reported as the IndexedDB share of the overhead. */
const STORE_WRITES = new Set<PropertyKey>(['createEpisode', 'appendTurn', 'finishEpisode']);

interface EpisodeSample {
  perTurnMs: number;
  turns: number;
  storeMsPerTurn: number;
}

/** An attempt the maze verifier rejects: the solution one move short (or a move into the void). */
function wrongAttempt(env: Environment, task: Task): string {
  const moves = String(task.solution).split(/\s+/).filter(Boolean);
  const candidates = [moves.slice(0, -1).join(' '), 'U', 'D', 'L', 'R', 'U U', 'L L'];
  for (const candidate of candidates) {
    const attempt = `I think the path is this. <answer>${candidate}</answer>`;
    if (!env.verify(task, attempt).correct) return attempt;
  }
  throw new Error(`No wrong attempt found for maze item ${task.index} (seed ${task.seed}).`);
}

function episodeConfig(index: number): EpisodeConfig {
  return defaultEpisodeConfig('maze', {
    taskSeed: 7,
    index,
    student: { kind: 'model', modelId: MODEL_ID },
    condition: { kind: 'rule-teacher', level: 2 },
    turnBudget: TURN_BUDGET,
  });
}

/** The store, with the time spent in its episode writes added to `acc.ms`. */
function timedStore(store: LabStore, acc: { ms: number }): LabStore {
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fn = (value as (...args: unknown[]) => unknown).bind(target);
      if (!STORE_WRITES.has(prop)) return fn;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await fn(...args);
        } finally {
          acc.ms += performance.now() - started;
        }
      };
    },
  });
}

async function protocolEpisode(
  config: EpisodeConfig,
  env: Environment,
  engine: TimedEngine,
): Promise<EpisodeSample> {
  engine.reset();
  let turns = 0;
  const started = performance.now();
  for await (const event of runEpisode(config, { env, studentEngine: engine, clock: () => Date.now() })) {
    if (event.type === 'turn-end') turns++;
    if (event.type === 'episode-end' && event.outcome !== 'failed') {
      throw new Error(`Episode ended ${event.outcome}: ${event.error ?? ''}`);
    }
  }
  const wall = performance.now() - started;
  return { perTurnMs: (wall - engine.engineMs) / turns, turns, storeMsPerTurn: 0 };
}

function summarise(samples: EpisodeSample[]) {
  const perTurn = samples.map((s) => s.perTurnMs);
  return {
    episodes: samples.length,
    turns: samples.reduce((n, s) => n + s.turns, 0),
    medianMsPerTurn: median(perTurn),
    p90MsPerTurn: quantile(perTurn, 0.9),
    meanMsPerTurn: perTurn.reduce((a, b) => a + b, 0) / perTurn.length,
    medianStoreMsPerTurn: median(samples.map((s) => s.storeMsPerTurn)),
  };
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

export async function run(params: URLSearchParams): Promise<BenchRow[]> {
  const episodes = Number(params.get('episodes') ?? 200);
  const warmup = Number(params.get('warmup') ?? 20);
  const env = environments.maze!;
  const instant = new InstantEngine(MODEL_ID);
  const engine = new TimedEngine(instant);
  const total = warmup + episodes;
  const configs = Array.from({ length: total }, (_, i) => episodeConfig(i));
  // Decided before timing: the reply for each episode's task.
  const replies = configs.map((c) => wrongAttempt(env, env.generate(c.params, c.taskSeed, c.index)));

  // (a) protocol only.
  const protocol: EpisodeSample[] = [];
  for (let i = 0; i < total; i++) {
    instant.reply = replies[i]!;
    const sample = await protocolEpisode(configs[i]!, env, engine);
    if (i >= warmup) protocol.push(sample);
    if (i % 50 === 49) await idle();
  }

  // (b) the whole lab path, real IndexedDB.
  const name = `bench-lab-overhead-${crypto.randomUUID()}`;
  const storeTime = { ms: 0 };
  let opened: LabStore | undefined;
  const lab = await instantLab(MODEL_ID, engine, async () => {
    opened = await openLabStore({ name });
    return timedStore(opened, storeTime);
  });
  // What crossing from the worker to the page costs the worker: a structured clone per event.
  const channel = new MessageChannel();
  channel.port2.onmessage = () => undefined;
  const onEvent = (event: LabEvent) => channel.port1.postMessage(event);
  const full: EpisodeSample[] = [];
  try {
    for (let i = 0; i < total; i++) {
      instant.reply = replies[i]!;
      engine.reset();
      storeTime.ms = 0;
      const started = performance.now();
      const summary = await lab.runEpisode(configs[i]!, onEvent);
      const wall = performance.now() - started;
      if (summary.outcome !== 'failed')
        throw new Error(`Episode ended ${summary.outcome}: ${summary.error ?? ''}`);
      if (i >= warmup) {
        full.push({
          perTurnMs: (wall - engine.engineMs) / summary.turns,
          turns: summary.turns,
          storeMsPerTurn: storeTime.ms / summary.turns,
        });
      }
      if (i % 50 === 49) await idle();
    }
  } finally {
    channel.port1.close();
    opened?.close();
    indexedDB.deleteDatabase(name);
  }

  const a = summarise(protocol);
  const b = summarise(full);
  const how = `median over ${episodes} maze episodes × ${TURN_BUDGET} turns (rule teacher), after ${warmup} warm-up`;
  return [
    {
      id: 'lab-overhead.protocol',
      figure: 'Lab overhead per turn: protocol only (runEpisode)',
      value: round(a.medianMsPerTurn),
      unit: 'ms',
      target: { op: '<', value: 1 },
      detail: `(wall − engine time) / turns, ${how}; p90 ${a.p90MsPerTurn.toFixed(3)} ms`,
      data: a,
    },
    {
      id: 'lab-overhead.lab',
      figure: 'Lab overhead per turn: LabService + IndexedDB',
      value: round(b.medianMsPerTurn),
      unit: 'ms',
      target: { op: '<', value: 1 },
      detail:
        `${how}; of which IndexedDB writes ${b.medianStoreMsPerTurn.toFixed(3)} ms (median); ` +
        `p90 ${b.p90MsPerTurn.toFixed(3)} ms`,
      data: b,
    },
    {
      id: 'lab-overhead.lab-without-store',
      figure: 'Lab overhead per turn: LabService minus IndexedDB writes',
      value: round(median(full.map((s) => s.perTurnMs - s.storeMsPerTurn))),
      unit: 'ms',
      detail:
        'the same episodes, time inside createEpisode/appendTurn/finishEpisode subtracted (informational)',
    },
  ];
}
