import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveLlmConfig } from '../../../server/llm/config';
import { createLanguageModels } from '../../../server/llm/factory';
import { RULE_BASED_LABEL } from '../../../server/mind/rule/ruleBasedMind';
import { deadEndpointUrl, startFakeOpenAiServer, type FakeOpenAiServer } from '../../support/fakeOpenAiServer';
import { buildTinyModels, type TinyModels } from '../../support/tinyOnnx';

let models: TinyModels;
let cache: string;
const servers: FakeOpenAiServer[] = [];

beforeAll(() => {
  models = buildTinyModels();
  cache = mkdtempSync(join(tmpdir(), 'hamlet-factory-cache-'));
});
afterAll(() => {
  rmSync(models.root, { recursive: true, force: true });
  rmSync(cache, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Flags that point the local backend at the tiny models, offline. */
function tinyFlags(): Record<string, string | boolean> {
  return {
    'local-model': models.decoderId,
    'local-embed-model': models.encoderId,
    'models-dir': models.root,
    'model-cache': cache,
    offline: true,
    device: 'cpu',
    dtype: 'fp32',
    'embed-dtype': 'fp32',
  };
}

const env = { XDG_CACHE_HOME: '/nonexistent-cache-home' };

describe('createLanguageModels', () => {
  it('reports backend none as unavailable (rule-based mind)', async () => {
    const r = await createLanguageModels(resolveLlmConfig({ env, flags: { 'llm-backend': 'none' } }));
    expect(r).toEqual({
      kind: 'unavailable',
      reason: 'disabled',
      message: 'Language model switched off (backend none): the town runs the rule-based mind (no language model).',
      summary: 'switched off (--llm-backend none)',
    });
    expect(RULE_BASED_LABEL).toBe('rule-based (no language model)');
  });

  it('loads the local backend with its label', async () => {
    const r = await createLanguageModels(resolveLlmConfig({ env, flags: tinyFlags() }));
    if (r.kind !== 'ready') throw new Error(r.message);
    expect(r.label).toBe('tiny-llama · local cpu fp32');
    expect(r.notes).toEqual(['chat model on cpu', 'embeddings on cpu']);
    expect(r.embedder.dimensions).toBe(models.encoder.hidden);
    const answer = await r.llm.generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 3 });
    expect(answer.usage.outputTokens).toBe(3);
  });

  it('explains what is missing and the three ways out when offline with nothing cached', async () => {
    const r = await createLanguageModels(resolveLlmConfig({ env, flags: { offline: true, 'model-cache': cache, device: 'cpu' } }));
    expect(r.kind).toBe('unavailable');
    if (r.kind !== 'unavailable') return;
    expect(r.reason).toBe('missing-model');
    const lines = r.message.split('\n');
    expect(lines[0]).toBe('No language model available:');
    expect(r.message).toContain('onnx-community/Qwen2.5-0.5B-Instruct (q4, 786 MB): not found locally and downloading is off');
    expect(r.message).toContain('Xenova/all-MiniLM-L6-v2 (q8, 23 MB)');
    expect(r.message).toContain(`looked in: ${join(cache, 'onnx-community/Qwen2.5-0.5B-Instruct')}`);
    expect(r.message).toMatch(/1\. Connect to the internet once/);
    expect(r.message).toMatch(/2\. .*--models-dir DIR \(or set HAMLET_MODELS_DIR\)/);
    expect(r.message).toMatch(/3\. Use an OpenAI-compatible server: --llm-base-url/);
    expect(lines.at(-1)).toBe('Hamlet continues with the rule-based mind (no language model); pass --require-model to stop with an error instead.');
  });

  it('says it will stop when --require-model is set', async () => {
    const r = await createLanguageModels(resolveLlmConfig({ env, flags: { offline: true, 'model-cache': cache, 'require-model': true } }));
    expect(r.kind === 'unavailable' && r.message.split('\n').at(-1)).toBe('Stopping, because --require-model is set.');
  });

  it('names only the missing model when the other one is there', async () => {
    const r = await createLanguageModels(resolveLlmConfig({ env, flags: { ...tinyFlags(), 'local-model': 'hamlet-test/absent' } }));
    expect(r.kind).toBe('unavailable');
    if (r.kind !== 'unavailable') return;
    expect(r.message).toContain('hamlet-test/absent (fp32)');
    expect(r.message).not.toContain(models.encoderId);
  });

  it('uses an OpenAI-compatible server, picking its first model, with local embeddings', async () => {
    const s = await startFakeOpenAiServer({ models: ['qwen2.5:7b', 'llama3'] });
    servers.push(s);
    const r = await createLanguageModels(resolveLlmConfig({ env: { ...env, LLM_BASE_URL: s.url }, flags: { ...tinyFlags() } }));
    if (r.kind !== 'ready') throw new Error(r.message);
    expect(r.label).toBe(`qwen2.5:7b · openai-compatible 127.0.0.1:${s.port}`);
    expect(r.notes[0]).toMatch(/chat model qwen2.5:7b \(first model the server lists/);
    expect(r.embedder.name).toBe('tiny-bert · local cpu fp32');
    await r.llm.generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 5 });
    expect(s.requests.at(-1)?.body.model).toBe('qwen2.5:7b');
  });

  it('embeds on the server when EMBED_MODEL is set', async () => {
    const s = await startFakeOpenAiServer({ embedDimensions: 12 });
    servers.push(s);
    const r = await createLanguageModels(resolveLlmConfig({ env: { ...env, LLM_BASE_URL: s.url, LLM_MODEL: 'chat', EMBED_MODEL: 'nomic-embed-text' }, flags: {} }));
    if (r.kind !== 'ready') throw new Error(r.message);
    expect(r.embedder.dimensions).toBe(12);
    expect(r.notes).toContain('embeddings: nomic-embed-text, 12-d');
  });

  it('embeds on the chat server when only LLM_BASE_URL is set and the local embedder cannot be had', async () => {
    const s = await startFakeOpenAiServer({ embedDimensions: 24 });
    servers.push(s);
    const r = await createLanguageModels(resolveLlmConfig({ env: { ...env, LLM_BASE_URL: s.url }, flags: { offline: true, 'model-cache': cache } }));
    if (r.kind !== 'ready') throw new Error(r.message);
    expect(r.embedder.dimensions).toBe(24);
    expect(r.notes).toContain('embeddings: fake-model on the server, 24-d (EMBED_MODEL was not set; set it to choose)');
    expect(s.requests.filter((q) => q.route === 'embeddings').map((q) => q.body.model)).toEqual(['fake-model']);
    const [vector] = await r.embedder.embed(['hello']);
    expect(vector).toHaveLength(24);
  });

  it('uses an embedding model the server lists before the local embedder', async () => {
    const s = await startFakeOpenAiServer({ models: ['qwen2.5:7b', 'nomic-embed-text'], embedDimensions: 8 });
    servers.push(s);
    const r = await createLanguageModels(resolveLlmConfig({ env: { ...env, LLM_BASE_URL: s.url }, flags: tinyFlags() }));
    if (r.kind !== 'ready') throw new Error(r.message);
    expect(r.label).toMatch(/^qwen2\.5:7b/);
    expect(r.embedder.name).toMatch(/^nomic-embed-text · openai-compatible/);
    expect(r.embedder.dimensions).toBe(8);
  });

  it('without an embeddings endpoint, names the missing embedding model and how to set it, never "no language model"', async () => {
    const s = await startFakeOpenAiServer();
    servers.push(s);
    s.setDefault('embeddings', { kind: 'status', status: 404, message: 'no such route' });
    const r = await createLanguageModels(resolveLlmConfig({ env: { ...env, LLM_BASE_URL: s.url }, flags: { offline: true, 'model-cache': cache } }));
    expect(r.kind).toBe('unavailable');
    if (r.kind !== 'unavailable') return;
    expect(r.reason).toBe('missing-embedder');
    expect(r.message).not.toMatch(/No language model available/);
    const lines = r.message.split('\n');
    expect(lines[0]).toBe(`Embedding model missing: the chat model fake-model at ${s.url} is ready, but nothing can embed the agents' memories.`);
    expect(r.message).toMatch(/the server: no embeddings endpoint for fake-model: HTTP 404/);
    expect(r.message).toMatch(/the local embedder Xenova\/all-MiniLM-L6-v2 \(q8, 23 MB\): not found locally and downloading is off/);
    expect(r.message).toMatch(/1\. Set EMBED_MODEL \(or --embed-model\)/);
    expect(r.message).toMatch(/2\. Set EMBED_BASE_URL/);
    expect(r.message).toMatch(/3\. Let the local embedder download once .* --models-dir DIR/);
    expect(r.summary).toMatch(/chat model fake-model is ready but no embedding model is/);
    expect(s.counts.embeddings).toBe(1); // one short probe, no retries
  });

  it('explains an embedding model the server does not have', async () => {
    const s = await startFakeOpenAiServer();
    servers.push(s);
    s.setDefault('embeddings', { kind: 'status', status: 404, message: 'model "nope" not found' });
    const r = await createLanguageModels(resolveLlmConfig({ env: { ...env, LLM_BASE_URL: s.url, LLM_MODEL: 'chat', EMBED_MODEL: 'nope' }, flags: {} }));
    expect(r.kind).toBe('unavailable');
    if (r.kind !== 'unavailable') return;
    expect(r.reason).toBe('load-failed');
    expect(r.message).toMatch(/The embedding model nope at .* did not answer: HTTP 404/);
    expect(r.message).toMatch(/leave EMBED_MODEL unset to embed locally/);
  });

  it('reports an unreachable server', async () => {
    const dead = await deadEndpointUrl();
    const r = await createLanguageModels(resolveLlmConfig({ env: { ...env, LLM_BASE_URL: dead, LLM_MODEL: 'x' }, flags: {} }));
    expect(r.kind).toBe('unavailable');
    if (r.kind !== 'unavailable') return;
    expect(r.reason).toBe('server-unreachable');
    expect(r.message).toContain(`no OpenAI-compatible server answered at ${dead}`);
  });

  it('reports a refused API key instead of starting agents that always fail', async () => {
    const s = await startFakeOpenAiServer();
    servers.push(s);
    s.setDefault('models', { kind: 'status', status: 401, message: 'Incorrect API key provided' });
    const r = await createLanguageModels(resolveLlmConfig({ env: { ...env, LLM_BASE_URL: s.url, LLM_MODEL: 'm', LLM_API_KEY: 'sk-wrong-0000000000' }, flags: {} }));
    expect(r.kind).toBe('unavailable');
    if (r.kind !== 'unavailable') return;
    expect(r.message).toMatch(/refused the API key/);
    expect(r.message).toMatch(/HTTP 401/);
    expect(r.message).toMatch(/Set LLM_API_KEY/);
  });

  it('works in a pool with one dead endpoint', async () => {
    const s = await startFakeOpenAiServer();
    servers.push(s);
    const dead = await deadEndpointUrl();
    const r = await createLanguageModels(resolveLlmConfig({ env: { ...env, LLM_BASE_URL: `${dead},${s.url}`, LLM_MODEL: 'm', EMBED_MODEL: 'e' }, flags: {} }));
    if (r.kind !== 'ready') throw new Error(r.message);
    expect(r.label).toBe('m · openai-compatible 2 endpoints');
    expect(r.notes[0]).toMatch(/^not answering: http:\/\/127\.0\.0\.1:\d+\/v1: /);
  });
});
