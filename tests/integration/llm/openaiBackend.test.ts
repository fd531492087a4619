import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EndpointPool, PoolCallError, type PoolOptions } from '../../../server/llm/openai/endpointPool';
import { OpenAiEmbedder } from '../../../server/llm/openai/openAiEmbedder';
import { OpenAiLanguageModel } from '../../../server/llm/openai/openAiLanguageModel';
import { defineTask, runTask, TaskCounters } from '../../../server/llm/task';
import type { GenerateRequest } from '../../../server/llm/types';
import { deadEndpointUrl, startFakeOpenAiServer, type FakeOpenAiServer, type FakeServerOptions } from '../../support/fakeOpenAiServer';

const servers: FakeOpenAiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(options?: FakeServerOptions): Promise<FakeOpenAiServer> {
  const s = await startFakeOpenAiServer(options);
  servers.push(s);
  return s;
}

/** A pool with fast backoff; `sleeps` records every wait it asked for (and waits 0 ms). */
function pool(urls: string[], overrides: Partial<PoolOptions> = {}) {
  const sleeps: number[] = [];
  const p = new EndpointPool({
    urls,
    apiKey: 'sk-test-key-123456',
    concurrency: 4,
    timeoutMs: 400,
    maxRetries: 3,
    cooldownMs: 60_000,
    backoff: { baseMs: 10, maxMs: 40 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { pool: p, sleeps };
}

const schemaRequest: GenerateRequest = {
  system: 'You answer in JSON.',
  messages: [{ role: 'user', content: 'Rate: ate breakfast' }],
  schema: { name: 'rate', schema: { type: 'object', properties: { score: { type: 'integer' } }, required: ['score'] } },
  maxTokens: 20,
  temperature: 0,
  tag: { task: 'rate' },
};

describe('OpenAI-compatible chat', () => {
  it('answers with json_schema structured output and the server usage', async () => {
    const s = await server();
    s.script('chat', { kind: 'ok', text: '{"score": 3}', usage: { prompt_tokens: 41, completion_tokens: 5 } });
    const model = new OpenAiLanguageModel({ pool: pool([s.url]).pool, model: 'qwen-test', structuredOutput: 'auto' });
    const r = await model.generate(schemaRequest);
    expect(r).toEqual({ text: '{"score": 3}', json: { score: 3 }, usage: { inputTokens: 41, outputTokens: 5 }, model: 'qwen-test' });
    const sent = s.requests[0];
    expect(sent.body).toMatchObject({
      model: 'qwen-test',
      max_tokens: 20,
      temperature: 0,
      messages: [
        { role: 'system', content: 'You answer in JSON.' },
        { role: 'user', content: 'Rate: ate breakfast' },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'rate', schema: schemaRequest.schema!.schema } },
    });
    expect(sent.headers.authorization).toBe('Bearer sk-test-key-123456');
    expect(model.name).toBe(`qwen-test · openai-compatible 127.0.0.1:${s.port}`);
  });

  it('estimates usage (and says so) when the server gives none', async () => {
    const s = await server();
    s.script('chat', { kind: 'ok', text: 'hello there', usage: null });
    const model = new OpenAiLanguageModel({ pool: pool([s.url]).pool, model: 'm', structuredOutput: 'auto' });
    const r = await model.generate({ messages: [{ role: 'user', content: 'x'.repeat(40) }], maxTokens: 5 });
    expect(r.usage).toEqual({ inputTokens: 10, outputTokens: 3, estimated: true });
  });

  it('retries a 429 after the Retry-After the server asked for', async () => {
    const s = await server();
    s.script('chat', { kind: 'rate-limit', retryAfterMs: 25, retryAfterS: 1 });
    const { pool: p, sleeps } = pool([s.url]);
    const model = new OpenAiLanguageModel({ pool: p, model: 'm', structuredOutput: 'auto' });
    const r = await model.generate(schemaRequest);
    expect(r.json).toMatchObject({ model: 'm' });
    expect(s.counts.chat).toBe(2);
    expect(sleeps).toEqual([25]); // retry-after-ms wins over retry-after seconds
  });

  it('reads Retry-After in seconds', async () => {
    const s = await server();
    s.script('chat', { kind: 'rate-limit', retryAfterS: 2 });
    const { pool: p, sleeps } = pool([s.url]);
    await new OpenAiLanguageModel({ pool: p, model: 'm', structuredOutput: 'auto' }).generate(schemaRequest);
    expect(sleeps).toEqual([2000]);
  });

  it('retries 500s with growing, jittered, bounded backoff', async () => {
    const s = await server();
    s.script('chat', { kind: 'status', status: 500 }, { kind: 'status', status: 502 }, { kind: 'status', status: 503 });
    const { pool: p, sleeps } = pool([s.url], { random: () => 1 });
    const r = await new OpenAiLanguageModel({ pool: p, model: 'm', structuredOutput: 'auto' }).generate(schemaRequest);
    expect(r.text).toContain('echo');
    expect(s.counts.chat).toBe(4);
    expect(sleeps).toEqual([10, 20, 40]);
    expect(p.stats()).toMatchObject({ calls: 1, retries: 3, failedCalls: 0 });
  });

  it('gives up after maxRetries with the last failure', async () => {
    const s = await server();
    s.setDefault('chat', { kind: 'status', status: 500, message: 'boom' });
    const { pool: p } = pool([s.url], { maxRetries: 2 });
    const model = new OpenAiLanguageModel({ pool: p, model: 'm', structuredOutput: 'auto' });
    const err = await model.generate(schemaRequest).catch((e) => e);
    expect(err).toBeInstanceOf(PoolCallError);
    expect(err).toMatchObject({ kind: 'server-error', attempts: 3 });
    expect(err.message).toMatch(/HTTP 500/);
    expect(s.counts.chat).toBe(3);
  });

  it('does not retry a client error', async () => {
    const s = await server();
    s.script('chat', { kind: 'status', status: 401, message: 'bad key' });
    const model = new OpenAiLanguageModel({ pool: pool([s.url]).pool, model: 'm', structuredOutput: 'auto' });
    await expect(model.generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 5 })).rejects.toMatchObject({ status: 401 });
    expect(s.counts.chat).toBe(1);
  });

  it('times out a hanging request and retries it', async () => {
    const s = await server();
    s.script('chat', { kind: 'hang' });
    const { pool: p } = pool([s.url], { timeoutMs: 300 });
    const r = await new OpenAiLanguageModel({ pool: p, model: 'm', structuredOutput: 'auto' }).generate(schemaRequest);
    expect(r.text).toContain('echo');
    expect(s.counts.chat).toBe(2);
  });

  it('retries malformed bodies and dropped connections', async () => {
    const s = await server();
    s.script('chat', { kind: 'malformed' }, { kind: 'malformed', body: '<html>bad gateway</html>', contentType: 'text/html' }, { kind: 'drop' });
    const { pool: p } = pool([s.url]);
    const r = await new OpenAiLanguageModel({ pool: p, model: 'm', structuredOutput: 'auto' }).generate(schemaRequest);
    expect(r.text).toContain('echo');
    expect(s.counts.chat).toBe(4);
  });

  it('steps down from json_schema to json_object and remembers it per endpoint', async () => {
    const s = await server({ rejectJsonSchema: true });
    const logs: string[] = [];
    const model = new OpenAiLanguageModel({ pool: pool([s.url]).pool, model: 'm', structuredOutput: 'auto', log: (l) => logs.push(l) });
    await model.generate(schemaRequest);
    await model.generate(schemaRequest);
    expect(s.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object', 'json_object']);
    // Without enforced schema the prompt carries it.
    expect(s.requests[1].body.messages[0].content).toMatch(/matches this JSON schema/);
    expect(logs[0]).toMatch(/refused response_format json_schema/);
  });

  it('falls back to prompt-only JSON when the server takes no response_format', async () => {
    const s = await server({ rejectJsonObject: true });
    const model = new OpenAiLanguageModel({ pool: pool([s.url]).pool, model: 'm', structuredOutput: 'auto' });
    await model.generate(schemaRequest);
    await model.generate(schemaRequest);
    expect(s.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_object', undefined, undefined]);
  });

  it('keeps json_schema when a 400 is about something else', async () => {
    const s = await server();
    s.script('chat', { kind: 'status', status: 400, message: "This model's maximum context length is 4096 tokens" });
    const model = new OpenAiLanguageModel({ pool: pool([s.url]).pool, model: 'm', structuredOutput: 'auto' });
    await expect(model.generate(schemaRequest)).rejects.toMatchObject({ status: 400 });
    await model.generate(schemaRequest);
    expect(s.requests.map((r) => r.body.response_format?.type)).toEqual(['json_schema', 'json_schema']);
  });

  it('honours a fixed structured-output mode', async () => {
    const s = await server();
    const model = new OpenAiLanguageModel({ pool: pool([s.url]).pool, model: 'm', structuredOutput: 'none' });
    await model.generate(schemaRequest);
    expect(s.requests[0].body.response_format).toBeUndefined();
  });

  it('switches to max_completion_tokens when the server asks for it', async () => {
    const s = await server();
    s.script('chat', { kind: 'status', status: 400, message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead." });
    const model = new OpenAiLanguageModel({ pool: pool([s.url]).pool, model: 'm', structuredOutput: 'auto' });
    await model.generate(schemaRequest);
    expect(s.requests[1].body).toMatchObject({ max_completion_tokens: 20 });
    expect(s.requests[1].body.max_tokens).toBeUndefined();
  });

  it('stops at once when the caller aborts', async () => {
    const s = await server();
    s.setDefault('chat', { kind: 'hang' });
    const model = new OpenAiLanguageModel({ pool: pool([s.url], { timeoutMs: 10_000 }).pool, model: 'm', structuredOutput: 'auto' });
    const controller = new AbortController();
    const pending = model.generate({ ...schemaRequest, signal: controller.signal });
    const started = performance.now();
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeDefined();
    // "At once": long before the 10 s request timeout would have ended the hang on its own.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(s.counts.chat).toBe(1);
  });
});

describe('endpoint pool', () => {
  it('skips a dead endpoint and serves every call from the live one', async () => {
    const live = await server();
    const dead = await deadEndpointUrl();
    const { pool: p } = pool([dead, live.url]);
    const model = new OpenAiLanguageModel({ pool: p, model: 'm', structuredOutput: 'auto' });
    const results = await Promise.all(Array.from({ length: 12 }, () => model.generate(schemaRequest)));
    expect(results).toHaveLength(12);
    expect(live.counts.chat).toBe(12);
    const stats = p.stats();
    expect(stats.failedCalls).toBe(0);
    expect(stats.endpoints[0]).toMatchObject({ url: dead });
    expect(stats.endpoints[0].coolingForMs).toBeGreaterThan(0);
    // Once marked failing, the dead endpoint gets no more calls during the cool-down.
    const deadBefore = stats.endpoints[0].requests;
    await Promise.all(Array.from({ length: 6 }, () => model.generate(schemaRequest)));
    expect(p.stats().endpoints[0].requests).toBe(deadBefore);
  });

  it('spreads concurrent calls over endpoints within each concurrency limit', async () => {
    const a = await server({ latencyMs: 15 });
    const b = await server({ latencyMs: 15 });
    const { pool: p } = pool([a.url, b.url], { concurrency: 2 });
    const model = new OpenAiLanguageModel({ pool: p, model: 'm', structuredOutput: 'auto' });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => model.generate({ messages: [{ role: 'user', content: `n${i}` }], maxTokens: 5 })));
    const usage = results.reduce((sum, r) => sum + r.usage.inputTokens + r.usage.outputTokens, 0);
    expect(usage).toBeGreaterThan(0);
    expect(a.counts.chat + b.counts.chat).toBe(20);
    expect(a.counts.chat).toBeGreaterThanOrEqual(8);
    expect(b.counts.chat).toBeGreaterThanOrEqual(8);
    expect(a.maxInFlight).toBeLessThanOrEqual(2);
    expect(b.maxInFlight).toBeLessThanOrEqual(2);
  });

  it('moves a retry to another endpoint at once instead of sleeping', async () => {
    const a = await server();
    const b = await server();
    a.setDefault('chat', { kind: 'status', status: 503 });
    const { pool: p, sleeps } = pool([a.url, b.url], { maxRetries: 1 });
    // The first pick is a (round robin starts at 0): 503, then b at once.
    const r = await new OpenAiLanguageModel({ pool: p, model: 'm', structuredOutput: 'auto' }).generate(schemaRequest);
    expect(r.text).toContain('echo');
    expect(sleeps).toEqual([0]);
  });
});

describe('OpenAI-compatible embeddings', () => {
  it('returns unit vectors in input order and learns the width', async () => {
    const s = await server({ embedDimensions: 24 });
    const embedder = new OpenAiEmbedder({ pool: pool([s.url]).pool, model: 'embed-test', batchSize: 2 });
    await embedder.init();
    expect(embedder.dimensions).toBe(24);
    const texts = ['the cafe opens at eight', 'coffee at the cafe', 'a mayoral election'];
    const vectors = await embedder.embed(texts);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    const again = await embedder.embed([texts[2]]);
    expect(Array.from(again[0])).toEqual(Array.from(vectors[2]));
    expect(s.counts.embeddings).toBe(1 + 2 + 1); // probe, two batches, one
    expect(s.requests.at(-1)?.body).toMatchObject({ model: 'embed-test', input: [texts[2]], encoding_format: 'float' });
  });

  it('retries embedding failures', async () => {
    const s = await server();
    s.script('embeddings', { kind: 'status', status: 500 }, { kind: 'malformed', body: '{"data": []}' });
    const embedder = new OpenAiEmbedder({ pool: pool([s.url]).pool, model: 'e' });
    const [v] = await embedder.embed(['hello']);
    expect(v.length).toBe(16);
    expect(s.counts.embeddings).toBe(3);
  });
});

describe('typed tasks over the OpenAI-compatible backend', () => {
  const task = defineTask({
    name: 'rate',
    build: (text: string) => ({ messages: [{ role: 'user' as const, content: `Rate "${text}" 1-10 as {"score": n}` }] }),
    schema: z.object({ score: z.number().int().min(1).max(10) }),
    maxTokens: 20,
    failSafe: () => ({ score: 4 }),
  });

  it('returns the fail-safe, never throwing, when the server keeps failing', async () => {
    const s = await server();
    s.setDefault('chat', { kind: 'status', status: 500 });
    const { pool: p } = pool([s.url], { maxRetries: 1 });
    const model = new OpenAiLanguageModel({ pool: p, model: 'm', structuredOutput: 'auto' });
    const r = await runTask(model, task, 'lunch', {}, { counters: new TaskCounters() });
    expect(r).toMatchObject({ outcome: 'fail-safe', value: { score: 4 }, attempts: 3 });
    expect(s.counts.chat).toBe(6); // 3 task attempts × (1 + 1 retry)
  });

  it('repairs a sloppy answer from the server', async () => {
    const s = await server();
    s.script('chat', { kind: 'ok', text: 'Sure: {score: "eight",}' });
    const model = new OpenAiLanguageModel({ pool: pool([s.url]).pool, model: 'm', structuredOutput: 'auto' });
    const r = await runTask(model, task, 'wedding', {}, { counters: new TaskCounters() });
    expect(r).toMatchObject({ outcome: 'repaired', value: { score: 8 }, attempts: 1 });
    expect(r.usage.inputTokens).toBeGreaterThan(0);
  });
});
