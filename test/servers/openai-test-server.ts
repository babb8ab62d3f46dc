/**
 * A tiny OpenAI-compatible server for the browser tests of the HTTP engine: 127.0.0.1 only, a random
 * port, closed by the global teardown. The requested model name picks the behaviour; text after '#'
 * is a tag that only keeps each test's statistics apart ('echo#serial' behaves like 'echo').
 *
 * - echo: the last user message back word by word (15 ms apart), then usage; honours max_tokens ('length')
 * - no-usage: like echo, without the usage chunk
 * - slow: 200 chunks 20 ms apart (for abort); stops writing when the client goes away
 * - length: three words, then finish_reason 'length'
 * - split-N: a reply with CRLF line ends, comments and multi-byte text, written N bytes per write
 * - malformed: one good chunk, then `data: {not json`
 * - stream-error: one good chunk, then an `{"error": …}` chunk (what llama.cpp and vLLM do)
 * - hang-up: one good chunk, then the socket is destroyed
 * - no-stream: a plain JSON completion, ignoring `stream: true`
 * - error-500: HTTP 500 with a JSON error body; error-502-text: HTTP 502 with a plain text body
 * - missing-model: HTTP 404 with Ollama's "model not found" JSON body
 * - auth: needs `Authorization: Bearer test-key-123`; a 401 otherwise, whose body quotes the key sent
 *
 * Hostile servers (issue 18), each until the client goes away:
 * - bad-usage: a maze-style answer, then usage `{prompt_tokens: -5, completion_tokens: "many"}`
 * - bad-usage-2: a chunk whose content is a number and one whose choices is a string, then usage
 *   `{prompt_tokens: 2.5, completion_tokens: -1}`
 * - endless: 64 KB deltas as fast as the socket takes them, never finishing
 * - many-deltas: one-character deltas without end (ignores max_tokens)
 * - huge-line: one `data:` line that never ends (64 KB writes, no line break)
 * - headerless: accepts the request and never answers (no headers)
 * - silent: headers, then nothing
 * - keep-alive: headers, then only `: keep-alive` comments every 20 ms
 * - stall: one token, then only keep-alive comments
 *
 * Routes: POST /v1/chat/completions, GET /v1/models, GET /hang… (never answers: a download or model list that hangs),
 * GET /__stats?model=NAME (per-model counts of
 * requests, concurrent requests and connections the client closed early), anything under /no-cors/
 * (answered without CORS headers, as a server that does not allow the page's origin), else 404.
 *
 * Tagged routes (issue 18, point 9: which origin saw which key): /t/TAG/… is served as …, and every
 * request under it is logged with the Host it was sent to and its Authorization header; GET
 * /__seen?tag=TAG returns that log. /t/TAG/to/ORIGIN/… (ORIGIN URI-encoded, e.g. http://localhost:PORT,
 * the same server under another origin) answers 307 to ORIGIN/t/TAG/….
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SPLIT_REPLY, TEST_API_KEY } from './openai-test-fixtures';

/** What the server saw for one model name. */
export interface ModelStats {
  requests: number;
  active: number;
  maxActive: number;
  /** Streams whose connection closed before the server finished writing. */
  closedEarly: number;
  lastBody: unknown;
  lastAuthorization: string | null;
}

/** One request under a tagged route, as the server saw it. */
export interface SeenRequest {
  /** The Host header: '127.0.0.1:PORT' or 'localhost:PORT' tell the two origins of this server apart. */
  host: string;
  method: string;
  path: string;
  authorization: string | null;
}

export interface OpenAiTestServer {
  /** e.g. 'http://127.0.0.1:41234' (no path, no trailing slash). */
  url: string;
  close(): Promise<void>;
}

interface ChatBody {
  model?: string;
  messages?: { role: string; content: string }[];
  max_tokens?: number;
}

const corsHeaders: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, Accept',
  'Access-Control-Allow-Private-Network': 'true',
  'Access-Control-Max-Age': '600',
};
// The Vitest page is cross-origin isolated (COEP require-corp).
const corpHeader = { 'Cross-Origin-Resource-Policy': 'cross-origin' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function chunk(model: string, content: string | undefined, finish: string | null = null, usage?: object) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model,
    choices: usage
      ? []
      : [{ index: 0, delta: content === undefined ? {} : { content }, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  };
}

const sse = (data: unknown) => `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** Start the server on 127.0.0.1 and a free port. */
export async function startOpenAiTestServer(): Promise<OpenAiTestServer> {
  const stats = new Map<string, ModelStats>();
  const statsFor = (model: string): ModelStats => {
    let s = stats.get(model);
    if (!s) {
      s = { requests: 0, active: 0, maxActive: 0, closedEarly: 0, lastBody: null, lastAuthorization: null };
      stats.set(model, s);
    }
    return s;
  };

  const seen = new Map<string, SeenRequest[]>();

  const server = createServer({ noDelay: true }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { ...corsHeaders, ...corpHeader });
      res.end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const tagged = /^\/t\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (tagged) {
      const [, tag = '', rest = '/'] = tagged;
      const log = seen.get(tag) ?? [];
      seen.set(tag, log);
      log.push({
        host: req.headers.host ?? '',
        method: req.method ?? '',
        path: rest,
        authorization: req.headers.authorization ?? null,
      });
      url.pathname = rest;
      const to = /^\/to\/([^/]+)(\/.*)$/.exec(rest);
      // A preflight is answered as any other (a redirected preflight fails CORS); the request itself moves.
      if (to && req.method !== 'OPTIONS') {
        res.writeHead(307, {
          ...corsHeaders,
          ...corpHeader,
          Location: `${decodeURIComponent(to[1] ?? '')}/t/${tag}${to[2]}`,
        });
        res.end();
        return;
      }
    }
    if (url.pathname.startsWith('/no-cors/')) {
      res.writeHead(200, { 'Content-Type': 'application/json', ...corpHeader });
      res.end('{}');
      return;
    }
    const headers = { ...corsHeaders, ...corpHeader };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/__seen') {
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
      res.end(JSON.stringify(seen.get(url.searchParams.get('tag') ?? '') ?? []));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/__stats') {
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
      res.end(JSON.stringify(statsFor(url.searchParams.get('model') ?? '')));
      return;
    }
    if (req.method === 'GET' && url.pathname.startsWith('/hang')) {
      const s = statsFor('/hang');
      s.requests++;
      res.on('close', () => s.closedEarly++);
      await closedPromise(res);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v1/models') {
      const ids = ['echo', 'slow', 'length', 'split-7', 'auth', 'endless', 'bad-usage', 'bad-usage-2'];
      res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: ids.map((id) => ({ id, object: 'model' })) }));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/v1/chat/completions') {
      await chat(req, res, headers);
      return;
    }
    res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' });
    res.end('404 page not found');
  }

  async function chat(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>) {
    const body = JSON.parse(await readBody(req)) as ChatBody;
    const model = body.model ?? '';
    const behaviour = model.split('#')[0] ?? '';
    const s = statsFor(model);
    s.requests++;
    s.lastBody = body;
    s.lastAuthorization = req.headers.authorization ?? null;
    s.active++;
    s.maxActive = Math.max(s.maxActive, s.active);
    let finished = false;
    // Counted down when the server ends the reply (before the client can see its end) or the client leaves.
    const finish = () => {
      if (finished) return;
      finished = true;
      s.active--;
    };
    let closed = false;
    res.on('close', () => {
      closed = true;
      if (!res.writableEnded) s.closedEarly++;
      finish();
    });
    const end = (text?: string) => {
      finish();
      res.end(text);
    };
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { ...headers, 'Content-Type': 'application/json' });
      end(JSON.stringify(value));
    };
    const startStream = () => {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.flushHeaders();
      res.write(sse(chunk(model, '')));
    };

    const messages = body.messages ?? [];
    const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const promptTokens = messages.reduce((n, m) => n + wordCount(m.content), 0);

    switch (behaviour) {
      case 'echo':
      case 'no-usage': {
        const words = lastUser.split(/\s+/).filter(Boolean);
        const limit = body.max_tokens ?? Infinity;
        const sent = words.slice(0, limit);
        startStream();
        for (const [i, word] of sent.entries()) {
          await sleep(15);
          if (closed) return;
          res.write(sse(chunk(model, (i > 0 ? ' ' : '') + word)));
        }
        res.write(sse(chunk(model, undefined, sent.length < words.length ? 'length' : 'stop')));
        if (behaviour === 'echo') {
          res.write(
            sse(
              chunk(model, undefined, null, { prompt_tokens: promptTokens, completion_tokens: sent.length }),
            ),
          );
        }
        end(sse('[DONE]'));
        return;
      }
      case 'slow': {
        startStream();
        for (let i = 0; i < 200; i++) {
          await sleep(20);
          if (closed) return;
          res.write(sse(chunk(model, `tick${i} `)));
        }
        end(sse('[DONE]'));
        return;
      }
      case 'length': {
        startStream();
        for (const word of ['one', ' two', ' three']) res.write(sse(chunk(model, word)));
        res.write(sse(chunk(model, undefined, 'length')));
        res.write(sse(chunk(model, undefined, null, { prompt_tokens: promptTokens, completion_tokens: 3 })));
        end(sse('[DONE]'));
        return;
      }
      case 'malformed':
        startStream();
        res.write(sse(chunk(model, 'fine so far')));
        end('data: {not json\n\n');
        return;
      case 'stream-error':
        startStream();
        res.write(sse(chunk(model, 'fine so far')));
        end(sse({ error: { message: 'the request exceeds the context size (4096 tokens)', code: 400 } }));
        return;
      case 'hang-up':
        startStream();
        res.write(sse(chunk(model, 'fine so far')));
        await sleep(30);
        res.socket?.destroy();
        return;
      case 'no-stream':
        json(200, {
          id: 'chatcmpl-test',
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: lastUser }, finish_reason: 'stop' }],
          usage: { prompt_tokens: promptTokens, completion_tokens: wordCount(lastUser) },
        });
        return;
      case 'error-500':
        json(500, { error: { message: 'model crashed: out of memory', type: 'server_error' } });
        return;
      case 'error-502-text':
        res.writeHead(502, { ...headers, 'Content-Type': 'text/plain' });
        end('upstream timed out');
        return;
      case 'missing-model':
        json(404, {
          error: { message: `model "${model}" not found, try pulling it first`, type: 'api_error' },
        });
        return;
      case 'auth': {
        const sentKey = (req.headers.authorization ?? '').replace(/^Bearer /, '');
        if (sentKey !== TEST_API_KEY) {
          json(401, {
            error: { message: `Incorrect API key provided: ${sentKey}`, type: 'invalid_request_error' },
          });
          return;
        }
        startStream();
        res.write(sse(chunk(model, 'welcome')));
        res.write(sse(chunk(model, undefined, 'stop')));
        end(sse('[DONE]'));
        return;
      }
      case 'bad-usage':
      case 'bad-usage-2': {
        startStream();
        res.write(sse(chunk(model, 'I go <answer>RRDD</answer>')));
        if (behaviour === 'bad-usage-2') {
          res.write(sse({ ...chunk(model, ''), choices: [{ index: 0, delta: { content: 42 } }] }));
          res.write(sse({ ...chunk(model, ''), choices: 'oops' }));
        }
        res.write(sse(chunk(model, undefined, 'stop')));
        const usage =
          behaviour === 'bad-usage'
            ? { prompt_tokens: -5, completion_tokens: 'many' }
            : { prompt_tokens: 2.5, completion_tokens: -1 };
        res.write(sse(chunk(model, undefined, null, usage)));
        end(sse('[DONE]'));
        return;
      }
      case 'endless':
      case 'many-deltas':
      case 'huge-line': {
        startStream();
        const piece =
          behaviour === 'endless'
            ? sse(chunk(model, 'x'.repeat(64 * 1024)))
            : behaviour === 'many-deltas'
              ? sse(chunk(model, 'x'))
              : 'x'.repeat(64 * 1024);
        if (behaviour === 'huge-line') res.write(`data: {"choices":[{"delta":{"content":"`);
        while (!closed) {
          if (!res.write(piece)) await drainOrClose(res);
          else if (behaviour === 'many-deltas') await new Promise((resolve) => setImmediate(resolve));
        }
        return;
      }
      case 'headerless':
        await closedPromise(res);
        return;
      case 'silent':
      case 'keep-alive':
      case 'stall':
        res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
        res.flushHeaders();
        if (behaviour === 'stall') res.write(sse(chunk(model, 'one')));
        while (!closed && behaviour !== 'silent') {
          res.write(': keep-alive\n\n');
          await sleep(20);
        }
        await closedPromise(res);
        return;
      default: {
        const split = /^split-(\d+)$/.exec(behaviour);
        if (split) {
          await writeSplit(res, headers, Number(split[1]), () => closed, end);
          return;
        }
        json(400, { error: { message: `the test server has no behaviour for model "${model}"` } });
      }
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves when the socket can take more, or the client has gone. */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

/** Resolves when the client has gone (at once if it already has). */
function closedPromise(res: ServerResponse): Promise<void> {
  if (res.closed) return Promise.resolve();
  return new Promise((resolve) => res.once('close', () => resolve()));
}

/** SPLIT_REPLY as a stream with CRLF line ends, a comment and a `data:` without a space, N bytes per write. */
async function writeSplit(
  res: ServerResponse,
  headers: Record<string, string>,
  size: number,
  isClosed: () => boolean,
  end: () => void,
): Promise<void> {
  const model = 'split';
  const parts = [
    ': keep-alive comment\r\n\r\n',
    ...SPLIT_REPLY.map((piece) => `data: ${JSON.stringify(chunk(model, piece))}\r\n\r\n`),
    `data:${JSON.stringify(chunk(model, undefined, 'stop'))}\r\n\r\n`,
    `data: ${JSON.stringify(chunk(model, undefined, null, { prompt_tokens: 4, completion_tokens: SPLIT_REPLY.length }))}\r\n\r\n`,
    'data: [DONE]\r\n\r\n',
  ];
  const bytes = Buffer.from(parts.join(''), 'utf8');
  res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8' });
  res.flushHeaders();
  for (let at = 0; at < bytes.length; at += size) {
    if (isClosed()) return;
    res.write(bytes.subarray(at, at + size));
    await sleep(1);
  }
  end();
}
