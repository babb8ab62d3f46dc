/**
 * Which web-llm models this device can run, decided before any download. Pure: takes model records
 * and the preflight report, so it is unit-tested in Node.
 */
import type { PreflightReport } from '../preflight';

/** The fields of web-llm's `ModelRecord` the catalog reads. */
export interface ModelRecordLike {
  model: string;
  model_id: string;
  model_lib: string;
  vram_required_MB?: number;
  low_resource_required?: boolean;
  buffer_size_required_bytes?: number;
  required_features?: string[];
  model_type?: number;
  overrides?: { context_window_size?: number };
}

export interface ModelOption {
  id: string;
  vramMB: number | null;
  contextWindow: number | null;
  needsShaderF16: boolean;
  lowResource: boolean;
  fits: boolean;
  /** Why it cannot run here, when it cannot. */
  reason: string | null;
}

/**
 * Whether a record needs shader-f16. Several q4f16 records in web-llm's list do not declare
 * `required_features`, so the quantisation in the id counts as well (q4f16_1, q0f16, …).
 */
export function needsShaderF16(record: ModelRecordLike): boolean {
  return (
    Boolean(record.required_features?.includes('shader-f16')) || /-q\df16(_\d)?(-|$)/.test(record.model_id)
  );
}

/** The f32 variant's id for an f16 model id, if the list has one. */
function f32Variant(id: string, ids: Set<string>): string | null {
  const candidate = id.replace(/-q(\d)f16/, '-q$1f32');
  return candidate !== id && ids.has(candidate) ? candidate : null;
}

/** Decide for one record whether it fits, and why not. */
export function fitOf(record: ModelRecordLike, device: PreflightReport, ids: Set<string>): string | null {
  if (!device.webgpu) return 'WebGPU is not available in this browser';
  if (needsShaderF16(record) && !device.shaderF16) {
    const alt = f32Variant(record.model_id, ids);
    return (
      'it needs the WebGPU feature shader-f16, which this GPU lacks' +
      (alt ? `: choose its f32 variant (${alt})` : ': choose a q4f32 model')
    );
  }
  const need = record.buffer_size_required_bytes;
  if (need && need > device.maxStorageBufferBindingSize) {
    const mb = (n: number) => `${Math.round(n / 2 ** 20)} MB`;
    return `it needs GPU buffers of ${mb(need)}, and this GPU allows ${mb(device.maxStorageBufferBindingSize)}`;
  }
  return null;
}

/**
 * Chat models (LLM type only) with their sizes and whether they fit, smallest first.
 * @param records web-llm's `prebuiltAppConfig.model_list` plus custom records.
 */
export function buildCatalog(records: readonly ModelRecordLike[], device: PreflightReport): ModelOption[] {
  const chat = records.filter((r) => (r.model_type ?? 0) === 0);
  const ids = new Set(chat.map((r) => r.model_id));
  return chat
    .map((r) => {
      const reason = fitOf(r, device, ids);
      return {
        id: r.model_id,
        vramMB: r.vram_required_MB ?? null,
        contextWindow: r.overrides?.context_window_size ?? null,
        needsShaderF16: needsShaderF16(r),
        lowResource: Boolean(r.low_resource_required),
        fits: reason === null,
        reason,
      };
    })
    .sort((a, b) => (a.vramMB ?? Infinity) - (b.vramMB ?? Infinity) || a.id.localeCompare(b.id));
}
