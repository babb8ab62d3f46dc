/**
 * A GGUF download from a URL (issue 18, points 6 and 12): one that never answers can be cancelled, and
 * a URL that serves something else is named in the refusal (not "the chosen file"). Real fetch against
 * the loopback test server, through LabService as the worker runs it.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { LoadCancelledError, NotGgufError } from '../../src/engines/errors';
import { downloadGguf } from '../../src/engines/wllama/loader';
import { LabService } from '../../src/lab/lab-service';
import { openLabStore } from '../../src/store';
import { softwarePreflight } from '../helpers/lab-services';

const server = inject('openaiTestUrl');
const names: string[] = [];

function service(): LabService {
  const name = `gguf-download-${crypto.randomUUID()}`;
  names.push(name);
  return new LabService({
    openStore: () => openLabStore({ name }),
    records: async () => [],
    loadEngine: async () => {
      throw new Error('no web-llm here');
    },
    loadGguf: async () => {
      throw new Error('the test never gets this far');
    },
    preflight: async () => softwarePreflight('test'),
    appVersion: 'test',
  });
}

afterEach(() => {
  for (const name of names.splice(0)) indexedDB.deleteDatabase(name);
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected a rejection');
}

describe('GGUF download', () => {
  it('cancels a download that never answers', async () => {
    const controller = new AbortController();
    const reports: string[] = [];
    const pending = downloadGguf(`${server}/hang`, (_p, text) => reports.push(text), controller.signal);
    setTimeout(() => controller.abort(), 200);
    const begun = performance.now();
    const error = await failure(pending);
    expect(performance.now() - begun).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(LoadCancelledError);
    expect(error.message).toMatch(/was cancelled\. Nothing was downloaded\./);
    expect(reports[0]).toMatch(/^Connecting to /);
  });

  it('lets the page cancel it by the URL it shows, through the lab service', async () => {
    const lab = service();
    const url = `${server}/hang`;
    const pending = lab.loadGguf({ url });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await lab.cancelLoad(url);
    const error = await failure(pending);
    expect(error).toBeInstanceOf(LoadCancelledError);
  });

  it('names the URL of a download that is not a GGUF model', async () => {
    const url = `${server}/v1/models`;
    const error = await failure(service().loadGguf({ url }));
    expect(error).toBeInstanceOf(NotGgufError);
    expect(error.message).toContain(url);
    expect(error.message).not.toContain('the chosen file');
  });
});
