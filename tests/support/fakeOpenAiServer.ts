/**
 * A real HTTP server (port 0) speaking the OpenAI chat-completions, embeddings and models API,
 * with scriptable behaviours per route: success, 429 with Retry-After, 5xx, hanging, malformed
 * bodies, dropped connections, answers without usage, servers that reject json_schema. It
 * counts and records requests so tests can check retries, spreading and usage figures.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HashEmbedder } from './scriptedModel';

export type Route = 'chat' | 'embeddings' | 'models';

export type Behaviour =
  /** 200 with a completion; `text` defaults to the server's chatText. `usage: null` leaves usage out. */
  | { kind: 'ok'; text?: string; usage?: { prompt_tokens: number; completion_tokens: number } | null; delayMs?: number }
  /** Any status with a JSON error body. */
  | { kind: 'status'; status: number; message?: string; headers?: Record<string, string> }
  /** 429 with retry-after (seconds) and/or retry-after-ms. */
  | { kind: 'rate-limit'; retryAfterS?: number; retryAfterMs?: number }
  /** Never answers (the client must time out). */
  | { kind: 'hang' }
  /** 200 with a body that is not valid (JSON by default: truncated). */
  | { kind: 'malformed'; body?: string; contentType?: string }
  /** Closes the socket without an answer. */
  | { kind: 'drop' };

export interface RecordedRequest {
  route: Route;
  body: any;
  headers: IncomingMessage['headers'];
}

export interface FakeServerOptions {
  /** Model ids listed by GET /v1/models. */
  models?: string[];
  /** Answer 400 to response_format json_schema (like a server without structured output). */
  rejectJsonSchema?: boolean;
  /** Answer 400 to response_format json_object too. */
  rejectJsonObject?: boolean;
  /** Width of the embeddings (not unit length, so clients must normalise). */
  embedDimensions?: number;
  /** Text of a successful chat answer (default: a small JSON object echoing the request). */
  chatText?: (body: any) => string;
  /** Delay every successful answer (real ms; for concurrency checks). */
  latencyMs?: number;
}

export interface FakeOpenAiServer {
  /** Base URL including /v1. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  counts: Record<Route, number>;
  /** Requests being handled right now, and the most at once. */
  inFlight: number;
  maxInFlight: number;
  /** Queue behaviours for a route, used in order before the default. */
  script(route: Route, ...behaviours: Behaviour[]): void;
  /** Behaviour once the queue is empty (default ok). */
  setDefault(route: Route, behaviour: Behaviour): void;
  close(): Promise<void>;
}

const embedder = new HashEmbedder(16);

function defaultChatText(body: any): string {
  const last = Array.isArray(body?.messages) ? body.messages[body.messages.length - 1] : undefined;
  return JSON.stringify({ echo: String(last?.content ?? '').slice(0, 40), model: body?.model });
}

export async function startFakeOpenAiServer(options: FakeServerOptions = {}): Promise<FakeOpenAiServer> {
  const queues: Record<Route, Behaviour[]> = { chat: [], embeddings: [], models: [] };
  const defaults: Record<Route, Behaviour> = { chat: { kind: 'ok' }, embeddings: { kind: 'ok' }, models: { kind: 'ok' } };
  const dims = options.embedDimensions ?? 16;
  const vectorEmbedder = dims === 16 ? embedder : new HashEmbedder(dims);

  const state: FakeOpenAiServer = {
    url: '',
    port: 0,
    requests: [],
    counts: { chat: 0, embeddings: 0, models: 0 },
    inFlight: 0,
    maxInFlight: 0,
    script: (route, ...b) => queues[route].push(...b),
    setDefault: (route, b) => (defaults[route] = b),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };

  const server: Server = createServer(async (req, res) => {
    const route = routeOf(req);
    if (!route) return json(res, 404, { error: { message: `no route ${req.method} ${req.url}` } });
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    state.counts[route]++;
    state.requests.push({ route, body, headers: req.headers });
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on('close', () => state.inFlight--);
    const behaviour = queues[route].shift() ?? defaults[route];
    await answer(route, behaviour, body, res);
  });

  async function answer(route: Route, b: Behaviour, body: any, res: ServerResponse): Promise<void> {
    switch (b.kind) {
      case 'hang':
        return; // the socket stays open until the client gives up or the server closes
      case 'drop':
        res.socket?.destroy();
        return;
      case 'status':
        return json(res, b.status, { error: { message: b.message ?? `fake error ${b.status}`, type: 'fake' } }, b.headers);
      case 'rate-limit': {
        const headers: Record<string, string> = {};
        if (b.retryAfterS !== undefined) headers['retry-after'] = String(b.retryAfterS);
        if (b.retryAfterMs !== undefined) headers['retry-after-ms'] = String(b.retryAfterMs);
        return json(res, 429, { error: { message: 'rate limited', type: 'rate_limit' } }, headers);
      }
      case 'malformed':
        res.writeHead(200, { 'content-type': b.contentType ?? 'application/json' });
        res.end(b.body ?? '{"id": "chatcmpl-1", "choices": [{"message": {"content": "trunc');
        return;
      case 'ok': {
        const latency = b.delayMs ?? options.latencyMs ?? 0;
        if (latency > 0) await new Promise((r) => setTimeout(r, latency));
        if (route === 'models') return json(res, 200, { object: 'list', data: (options.models ?? ['fake-model']).map((id) => ({ id, object: 'model', owned_by: 'fake' })) });
        if (route === 'embeddings') return embeddings(res, body);
        return chat(res, body, b);
      }
    }
  }

  function chat(res: ServerResponse, body: any, b: Extract<Behaviour, { kind: 'ok' }>): void {
    const format = body?.response_format?.type;
    if ((format === 'json_schema' && (options.rejectJsonSchema || options.rejectJsonObject)) || (format === 'json_object' && options.rejectJsonObject)) {
      return json(res, 400, { error: { message: `response_format ${format} is not supported by this server`, type: 'invalid_request_error', param: 'response_format' } });
    }
    const text = b.text ?? (options.chatText ?? defaultChatText)(body);
    const promptChars = (body?.messages ?? []).map((m: any) => String(m.content ?? '')).join('\n').length;
    const usage =
      b.usage === null
        ? undefined
        : (b.usage ?? { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: Math.ceil(text.length / 4) });
    if (body?.stream === true) {
      // Server-sent events as OpenAI sends them: role, content pieces, finish, usage, [DONE].
      const id = `chatcmpl-${state.counts.chat}`;
      const model = body?.model ?? 'fake-model';
      const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model, choices, ...extra })}\n\n`;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
      for (let i = 0; i < text.length; i += 5) res.write(chunk([{ index: 0, delta: { content: text.slice(i, i + 5) }, finish_reason: null }]));
      res.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
      if (usage && body?.stream_options?.include_usage) res.write(chunk([], { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } }));
      res.end('data: [DONE]\n\n');
      return;
    }
    json(res, 200, {
      id: `chatcmpl-${state.counts.chat}`,
      object: 'chat.completion',
      created: 0,
      model: body?.model ?? 'fake-model',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      ...(usage ? { usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens } } : {}),
    });
  }

  async function embeddings(res: ServerResponse, body: any): Promise<void> {
    const input: string[] = Array.isArray(body?.input) ? body.input : [String(body?.input ?? '')];
    const vectors = await vectorEmbedder.embed(input);
    json(res, 200, {
      object: 'list',
      model: body?.model,
      // Scaled ×3 and in reverse order: clients must normalise and sort by index.
      data: vectors.map((v, index) => ({ object: 'embedding', index, embedding: Array.from(v, (x) => x * 3) })).reverse(),
      usage: { prompt_tokens: input.join(' ').length, total_tokens: input.join(' ').length },
    });
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}/v1`;
  return state;
}

function routeOf(req: IncomingMessage): Route | undefined {
  const path = (req.url ?? '').split('?')[0];
  if (req.method === 'POST' && path === '/v1/chat/completions') return 'chat';
  if (req.method === 'POST' && path === '/v1/embeddings') return 'embeddings';
  if (req.method === 'GET' && path === '/v1/models') return 'models';
  return undefined;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/** A base URL where nothing listens (connection refused). */
export async function deadEndpointUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}/v1`;
}
