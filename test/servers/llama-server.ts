/**
 * Starts llama.cpp's own `llama-server` (built by `npm run models`) on loopback, serving a real GGUF
 * model through its OpenAI-compatible API: the lab's scale-out path tested on the real thing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { llamaServerPath, realModel, type RealModelId } from '../real-models';

export interface LlamaServer {
  /** e.g. http://127.0.0.1:40123 (the API is under /v1). */
  url: string;
  /** The model name the server reports (its GGUF file name). */
  model: string;
  close: () => Promise<void>;
}

export interface LlamaServerOptions {
  model?: RealModelId;
  /** Request slots served at once (continuous batching). Default 4. */
  parallel?: number;
  /** Context window per slot in tokens. Default 4096. */
  slotContext?: number;
  /** CPU threads. Default: the machine's cores. */
  threads?: number;
}

/** A free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with ${child.exitCode}:\n${log()}`);
    if (child.signalCode !== null) {
      throw new Error(
        `llama-server was killed by ${child.signalCode} while starting. A server built for another CPU ` +
          `crashes so: delete its folder under ${'$'}LAB_CACHE_DIR/llama-server and run \`npm run models\` ` +
          `again.\n${log()}`,
      );
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`llama-server did not become healthy within 120 s:\n${log()}`);
}

/**
 * Start llama-server with a real model on a free loopback port and wait until it serves.
 * @throws when the binary or the model is missing (the message says `npm run models`), or it fails to start.
 */
export async function startLlamaServer(options: LlamaServerOptions = {}): Promise<LlamaServer> {
  const binary = llamaServerPath();
  const model = realModel(options.model);
  const parallel = options.parallel ?? 4;
  const slotContext = options.slotContext ?? 4096;
  const port = await freePort();
  const args = [
    '--model',
    model.path,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--parallel',
    String(parallel),
    '--ctx-size',
    String(slotContext * parallel),
    '--no-webui',
    // Without an alias the server names its model by the full path; the lab and the tests use the file name.
    '--alias',
    model.file,
  ];
  if (options.threads) args.push('--threads', String(options.threads));
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    model: model.file,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
