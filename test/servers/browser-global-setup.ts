/**
 * Global setup of the `browser` project: starts the OpenAI-compatible test server (Node, 127.0.0.1)
 * for test/browser/openai-engine.test.ts, and closes it when the run ends.
 */
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startOpenAiTestServer, type OpenAiTestServer } from './openai-test-server';
import { provideRealModel, type RealModelProvided } from './real-model-provide';

let server: OpenAiTestServer | undefined;

/** A loopback URL on which nothing listens: a port taken from the OS and let go. */
async function deadUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No port for the dead URL.');
  return `http://127.0.0.1:${address.port}`;
}

export async function setup(project: TestProject): Promise<void> {
  server = await startOpenAiTestServer();
  project.provide('openaiTestUrl', server.url);
  project.provide('openaiDeadUrl', await deadUrl());
  project.provide('realModel', provideRealModel());
}

export async function teardown(): Promise<void> {
  await server?.close();
  server = undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The OpenAI-compatible test server, e.g. 'http://127.0.0.1:41234' (API under /v1). */
    openaiTestUrl: string;
    /** A loopback URL with nothing listening. */
    openaiDeadUrl: string;
    /** The real test model as the dev server serves it, or why it is missing. */
    realModel: RealModelProvided;
  }
}
