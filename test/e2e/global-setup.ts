/**
 * Starts the lab's own Vite dev server (the one `npm start` runs) for the end-to-end tests, on a free
 * port, and hands its URL to the tests.
 */
import { createServer, type ViteDevServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { startOpenAiTestServer, type OpenAiTestServer } from '../servers/openai-test-server';

let server: ViteDevServer | undefined;
let openai: OpenAiTestServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  server = await createServer({
    configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
    server: {
      port: 0,
      strictPort: false,
      host: '127.0.0.1',
      // Transform the page's and the worker's modules before the first test asks for them.
      warmup: { clientFiles: ['./src/main.ts', './workers/lab.worker.ts'] },
    },
    logLevel: 'warn',
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The Vite dev server did not report a URL.');
  project.provide('baseUrl', url.replace(/\/$/, ''));
  openai = await startOpenAiTestServer();
  project.provide('openaiTestUrl', openai.url);
}

export async function teardown(): Promise<void> {
  await server?.close();
  await openai?.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
