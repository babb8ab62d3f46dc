import { describe, expect, it } from 'vitest';
import { prebuiltAppConfig } from '@mlc-ai/web-llm';
import { prebuiltRecords } from '../../src/engines/webllm/loader';

describe("web-llm's model list as JSON", () => {
  it('is exactly the installed web-llm list (run `npm run models:webllm` after updating web-llm)', async () => {
    expect(await prebuiltRecords()).toEqual(prebuiltAppConfig.model_list);
  }, 60_000);
});
