/**
 * Writes web-llm's prebuilt model list (`prebuiltAppConfig.model_list` of the installed
 * @mlc-ai/web-llm) to src/engines/webllm/prebuilt-models.json, so the lab reads its model list without
 * loading web-llm (6 MB of JavaScript) until a model is loaded. Run after updating web-llm:
 * `npm run models:webllm`; test/unit/webllm-model-list.test.ts fails until the two are equal again.
 */
import { writeFile } from 'node:fs/promises';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';

const out = new URL('../src/engines/webllm/prebuilt-models.json', import.meta.url);
await writeFile(out, `${JSON.stringify(prebuiltAppConfig.model_list, null, 2)}\n`);
console.log(`Wrote ${prebuiltAppConfig.model_list.length} records to ${out.pathname}.`);
