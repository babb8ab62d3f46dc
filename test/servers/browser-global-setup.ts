/**
 * Global setup of the `browser` project: starts the OpenAI-compatible test server (Node, 127.0.0.1)
 * for test/browser/openai-engine.test.ts and llama.cpp's real llama-server with the real model (4 slots)
 * for test/browser/llama-server-experiment.test.ts, and closes them when the run ends. A missing binary
 * or model is handed on as its message, for the test that needs it to fail with.
 */
import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startOpenAiTestServer, type OpenAiTestServer } from './openai-test-server';
import { provideRealModel, type RealModelProvided } from './real-model-provide';
import { startLlamaServer, type LlamaServer } from './llama-server';

let server: OpenAiTestServer | undefined;
let llama: LlamaServer | undefined;

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
  try {
    llama = await startLlamaServer({ parallel: 4, slotContext: 2048 });
    project.provide('llamaServer', { url: llama.url, model: llama.model });
  } catch (error) {
    project.provide('llamaServer', { error: error instanceof Error ? error.message : String(error) });
  }
}

export async function teardown(): Promise<void> {
  await server?.close();
  server = undefined;
  await llama?.close();
  llama = undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The OpenAI-compatible test server, e.g. 'http://127.0.0.1:41234' (API under /v1). */
    openaiTestUrl: string;
    /** A loopback URL with nothing listening. */
    openaiDeadUrl: string;
    /** The real test model as the dev server serves it, or why it is missing. */
    realModel: RealModelProvided;
    /** llama.cpp's llama-server serving the real model with 4 slots, or why it could not start. */
    llamaServer: { url: string; model: string; error?: undefined } | { error: string };
  }
}
