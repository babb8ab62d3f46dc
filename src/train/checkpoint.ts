/**
 * Checkpoints: the model's weights, the optimizer's state and the step count in one safetensors
 * file, so a run resumes exactly where it stopped (float32 values round-trip bit for bit). Weights
 * sit under their own names (`wte`, `h.0.attn.wq`, …), so a weights-only export is an ordinary
 * safetensors model file; the optimizer's tensors are under `optimizer.`.
 */
import { numpy as np, tree } from '@jax-js/jax';
import { initAdamW, type AdamWOptions, type AdamWState } from './optimizer';
import { decodeSafetensors, encodeSafetensors, SafetensorsError, type HostTensor } from './safetensors';
import { parameterSpecs, validateConfig, type Params, type TransformerConfig } from './transformer';

/** Value of the `format` metadata: which kind of file this is. */
export const CHECKPOINT_FORMAT = 'plasticity-lab/byte-transformer';
/** Version of the layout; a reader refuses a newer one. */
export const CHECKPOINT_VERSION = 1;

/** What a checkpoint holds. `optimizer` is null in a weights-only file. */
export interface TrainingSnapshot {
  config: TransformerConfig;
  params: Params;
  optimizer: { state: AdamWState; options: AdamWOptions } | null;
  /** Optimizer steps taken. */
  step: number;
}

async function hostTensor(array: np.Array): Promise<HostTensor> {
  // `.data()` consumes its array, so it reads a reference and the caller's array stays alive.
  const data = (await array.ref.data()) as Float32Array<ArrayBuffer>;
  return { shape: array.shape, data };
}

/** Encodes `snapshot` as safetensors bytes. Consumes nothing: every array is read through a reference. */
export async function saveCheckpoint(snapshot: TrainingSnapshot): Promise<Uint8Array<ArrayBuffer>> {
  const tensors: Record<string, HostTensor> = {};
  for (const [name, value] of Object.entries(snapshot.params)) tensors[name] = await hostTensor(value);
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    version: String(CHECKPOINT_VERSION),
    config: JSON.stringify(snapshot.config),
    step: String(snapshot.step),
  };
  if (snapshot.optimizer) {
    const { state, options } = snapshot.optimizer;
    tensors['optimizer.count'] = await hostTensor(state.count);
    for (const [name, value] of Object.entries(state.mu))
      tensors[`optimizer.mu.${name}`] = await hostTensor(value);
    for (const [name, value] of Object.entries(state.nu))
      tensors[`optimizer.nu.${name}`] = await hostTensor(value);
    metadata.optimizer = JSON.stringify(options);
  }
  return encodeSafetensors(tensors, metadata);
}

function parseJson(text: string | undefined, what: string): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    throw new SafetensorsError(`Checkpoint: its ${what} is missing or not JSON`);
  }
}

function readConfig(metadata: Record<string, string>): TransformerConfig {
  if (metadata.format !== CHECKPOINT_FORMAT) {
    throw new SafetensorsError(
      `Not a checkpoint of this lab's byte model (format "${metadata.format ?? 'none'}")`,
    );
  }
  if (Number(metadata.version) > CHECKPOINT_VERSION) {
    throw new SafetensorsError(
      `Checkpoint version ${metadata.version} is newer than this build reads: update the lab`,
    );
  }
  const config = parseJson(metadata.config, 'model config') as TransformerConfig;
  try {
    validateConfig(config);
  } catch (error) {
    throw new SafetensorsError(`Checkpoint: ${(error as Error).message}`);
  }
  return config;
}

/** Takes a tensor out of `tensors` as an array, checking its shape. */
function takeArray(tensors: Record<string, HostTensor>, name: string, shape: number[]): np.Array {
  const tensor = tensors[name];
  if (!tensor) throw new SafetensorsError(`Checkpoint: tensor "${name}" is missing`);
  if (tensor.shape.join() !== shape.join()) {
    throw new SafetensorsError(
      `Checkpoint: tensor "${name}" has shape [${tensor.shape}], expected [${shape}]`,
    );
  }
  delete tensors[name];
  return np.array(tensor.data, { shape });
}

function readOptimizer(
  tensors: Record<string, HostTensor>,
  metadata: Record<string, string>,
  params: Params,
): TrainingSnapshot['optimizer'] {
  if (metadata.optimizer === undefined) return null;
  const options = parseJson(metadata.optimizer, 'optimizer settings') as AdamWOptions;
  const state = initAdamW(params);
  // Zeros from initAdamW are replaced one by one, so a missing tensor still leaves no array leaked.
  const replace = (moments: Params, prefix: string) => {
    for (const [name, zero] of Object.entries(moments)) {
      const loaded = takeArray(tensors, `${prefix}.${name}`, zero.shape);
      zero.dispose();
      moments[name] = loaded;
    }
  };
  try {
    const count = takeArray(tensors, 'optimizer.count', []);
    state.count.dispose();
    state.count = count;
    replace(state.mu, 'optimizer.mu');
    replace(state.nu, 'optimizer.nu');
  } catch (error) {
    tree.dispose(state);
    throw error;
  }
  return { state, options };
}

/**
 * Decodes a checkpoint (or a weights-only file) into arrays on the default device.
 * @throws {SafetensorsError} when the file is not this lab's model, a tensor is missing, has the
 * wrong shape, or is one the model does not have.
 */
export function loadCheckpoint(bytes: Uint8Array): TrainingSnapshot {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const config = readConfig(metadata);
  const step = Number(metadata.step ?? 0);
  if (!Number.isSafeInteger(step) || step < 0)
    throw new SafetensorsError(`Checkpoint: step "${metadata.step}" invalid`);
  const params: Params = {};
  try {
    for (const spec of parameterSpecs(config)) params[spec.name] = takeArray(tensors, spec.name, spec.shape);
    const optimizer = readOptimizer(tensors, metadata, params);
    const extra = Object.keys(tensors);
    if (extra.length > 0) {
      tree.dispose(optimizer?.state);
      throw new SafetensorsError(
        `Checkpoint: tensors the model does not have: ${extra.slice(0, 5).join(', ')}`,
      );
    }
    return { config, params, optimizer, step };
  } catch (error) {
    tree.dispose(params);
    throw error;
  }
}
