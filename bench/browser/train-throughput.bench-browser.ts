/**
 * Issue 17: training tokens/s in a Chromium dedicated worker (where the lab trains), per model
 * preset, on WebAssembly and on WebGPU. tokens = batch × context positions of a step; time = wall
 * time of each step after the first (which compiles), median over the timed steps. WebGPU is
 * measured on every preset only on a hardware adapter; on a software one (SwiftShader here, no GPU)
 * the full presets would take minutes a step, so only the bench's small judged model is timed there,
 * and the row says which adapter it was. Without any adapter the row says so (value 0).
 * Runs only when named (`--only train` or `--bench train-throughput`).
 */
import { MODEL_PRESETS, type TransformerConfig } from '../../src/train/transformer';
import { JUDGED_MODEL } from '../shared/judge-twins';
import { median, type BenchRow } from './bench-row';
import type { ThroughputReply, ThroughputRequest } from './train-throughput.worker';

function inWorker(request: ThroughputRequest): Promise<ThroughputReply> {
  const worker = new Worker(new URL('./train-throughput.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<ThroughputReply>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<ThroughputReply>) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}

async function measure(
  id: string,
  label: string,
  request: ThroughputRequest,
  note: string,
): Promise<BenchRow> {
  const reply = await inWorker(request);
  if (reply.error || !reply.stepMs || !reply.tokensPerStep) throw new Error(`${label}: ${reply.error}`);
  const timed = reply.stepMs.slice(1);
  const ms = median(timed);
  console.log(`[bench] train ${label}: ${((reply.tokensPerStep * 1000) / ms).toFixed(0)} tokens/s`);
  return {
    id,
    figure: `training tokens/s, ${label}`,
    value: Math.round((reply.tokensPerStep * 1000) / ms),
    unit: 'tokens/s',
    detail:
      `Chromium dedicated worker, jax-js ${reply.backend}, batch ${request.batch} × context ` +
      `${request.model.context}, median of ${timed.length} steps (first, compiling: ` +
      `${reply.stepMs[0]!.toFixed(0)} ms)${note}`,
    data: { stepMs: reply.stepMs, tokensPerStep: reply.tokensPerStep, model: request.model },
  };
}

export async function run(params: URLSearchParams): Promise<BenchRow[]> {
  const steps = Number(params.get('trainSteps') ?? 3);
  const presets: [string, TransformerConfig][] = [...Object.entries(MODEL_PRESETS), ['judged', JUDGED_MODEL]];
  const rows: BenchRow[] = [];
  const threads = `; ${navigator.hardwareConcurrency} cores, crossOriginIsolated ${String(crossOriginIsolated)}`;
  for (const [name, model] of presets)
    rows.push(
      await measure(
        `train.worker.wasm.${name}`,
        `${name}, wasm`,
        { backend: 'wasm', model, batch: 4, steps },
        threads,
      ),
    );

  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) {
    rows.push({
      id: 'train.worker.webgpu',
      figure: 'training tokens/s, WebGPU',
      value: 0,
      unit: 'tokens/s',
      detail: 'not measured: this browser has no WebGPU adapter',
    });
    return rows;
  }
  const software = adapter.info.isFallbackAdapter;
  const which = `; adapter ${adapter.info.vendor || '?'} ${adapter.info.architecture || '?'}${software ? ' (software: only the judged model timed)' : ''}`;
  const gpuPresets = software ? presets.filter(([name]) => name === 'judged') : presets;
  for (const [name, model] of gpuPresets) {
    const label = `${name}, WebGPU${software ? ' (software adapter)' : ''}`;
    try {
      rows.push(
        await measure(
          `train.worker.webgpu.${name}`,
          label,
          { backend: 'webgpu', model, batch: 4, steps: software ? 1 : steps },
          which,
        ),
      );
    } catch (error) {
      // The wasm rows stand on their own: a WebGPU failure is a row that says so, not a lost run.
      rows.push({
        id: `train.worker.webgpu.${name}`,
        figure: `training tokens/s, ${label}`,
        value: 0,
        unit: 'tokens/s',
        detail: `failed: ${error instanceof Error ? error.message : String(error)}${which}`,
      });
    }
  }
  return rows;
}
