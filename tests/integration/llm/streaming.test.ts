/**
 * Streaming (GenerateRequest.onText) on the real backends: the OpenAI-compatible client against
 * the fake server's server-sent events, and transformers.js' TextStreamer on a tiny ONNX model.
 * Either way the pieces add up to the final text, and the result is what a plain call gives.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalLanguageModel } from '../../../server/llm/local/localLanguageModel';
import { EndpointPool } from '../../../server/llm/openai/endpointPool';
import { OpenAiLanguageModel } from '../../../server/llm/openai/openAiLanguageModel';
import { startFakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { buildTinyModels } from '../../support/tinyOnnx';

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup) await c();
});

describe('streaming', () => {
  it('OpenAI-compatible: stream: true delivers the pieces of the same answer, with usage', async () => {
    const answer = '{"answer":"I love the bread at Willow Cafe, honestly."}';
    const server = await startFakeOpenAiServer({ chatText: () => answer });
    cleanup.push(() => server.close());
    const pool = new EndpointPool({ urls: [server.url], apiKey: 'sk-test', concurrency: 2, timeoutMs: 2000, maxRetries: 1, cooldownMs: 1000 });
    const llm = new OpenAiLanguageModel({ pool, model: 'fake-model', structuredOutput: 'auto' });
    const request = { messages: [{ role: 'user' as const, content: 'hi' }], maxTokens: 50, schema: { name: 'a', schema: { type: 'object' } } };
    const pieces: string[] = [];
    const streamed = await llm.generate({ ...request, onText: (p) => pieces.push(p) });
    const plain = await llm.generate(request);
    expect(server.requests[0].body.stream).toBe(true);
    expect(server.requests[1].body.stream).toBeUndefined();
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(answer);
    expect(streamed.text).toBe(plain.text);
    expect(streamed.json).toEqual({ answer: 'I love the bread at Willow Cafe, honestly.' });
    expect(streamed.usage).toEqual(plain.usage);
    expect(streamed.usage.estimated).toBeUndefined();
  });

  it("transformers.js: the TextStreamer's pieces add up to the generated text", async () => {
    const models = buildTinyModels();
    cleanup.push(() => rmSync(models.root, { recursive: true, force: true }));
    const llm = await LocalLanguageModel.load({ modelsDir: models.root, cacheDir: `${models.root}/cache`, offline: true, model: models.decoderId, device: 'cpu', dtype: 'fp32' });
    cleanup.push(() => llm.close());
    const request = { messages: [{ role: 'user' as const, content: 'tell me a story' }], maxTokens: 12 };
    let streamed = '';
    const r = await llm.generate({ ...request, onText: (p) => (streamed += p) });
    expect(r.text.length).toBeGreaterThan(0);
    expect(streamed.trim()).toBe(r.text);
    expect((await llm.generate(request)).text).toBe(r.text);
  });
});
