/**
 * The real transformers.js path (tokenizers, ONNX Runtime, generation with a KV cache) on tiny
 * random-weight models the suite builds itself; offline except for a local fake hub.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoModelForCausalLM, Tensor } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LocalEmbedder } from '../../../server/llm/local/localEmbedder';
import { LocalLanguageModel, plainChatPrompt } from '../../../server/llm/local/localLanguageModel';
import { ModelUnavailableError } from '../../../server/llm/local/modelSource';
import type { ModelLoadEvent } from '../../../server/llm/local/progress';
import { defineTask, runTask, TaskCounters } from '../../../server/llm/task';
import { startFakeHub } from '../../support/fakeHub';
import { buildTinyModels, writeTinyDecoder, type TinyModels } from '../../support/tinyOnnx';
import { deadEndpointUrl } from '../../support/fakeOpenAiServer';

let models: TinyModels;
let scratch: string;
const cleanup: string[] = [];

beforeAll(() => {
  models = buildTinyModels();
  scratch = mkdtempSync(join(tmpdir(), 'hamlet-llm-cache-'));
  cleanup.push(models.root, scratch);
});
afterAll(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

const offline = () => ({ modelsDir: models.root, cacheDir: join(scratch, 'unused-cache'), offline: true });

describe('LocalEmbedder (feature extraction)', () => {
  let embedder: LocalEmbedder;
  beforeAll(async () => {
    embedder = await LocalEmbedder.load({ ...offline(), model: models.encoderId, device: 'cpu', dtype: 'fp32', batchSize: 4 });
  });

  it('gives unit vectors of the model width, one per text', async () => {
    expect(embedder.dimensions).toBe(models.encoder.hidden);
    expect(embedder.name).toBe('tiny-bert · local cpu fp32');
    const vectors = await embedder.embed(['the cafe opens at eight', 'Isabella is planning a party', 'sleeping']);
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(models.encoder.hidden);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    expect(Array.from(vectors[0])).not.toEqual(Array.from(vectors[1]));
  });

  it('is deterministic: the same text gives the same vector, alone or in a batch', async () => {
    const [a] = await embedder.embed(['coffee at hobbs cafe']);
    const batch = await embedder.embed(['x', 'coffee at hobbs cafe', 'y', 'z', 'w', 'v']);
    expect(Array.from(batch[1])).toEqual(Array.from(a));
    expect((await embedder.embed([])).length).toBe(0);
  });

  it('loads the file for the dtype (q8 = model_quantized.onnx)', async () => {
    const q8 = await LocalEmbedder.load({ ...offline(), model: models.encoderId, device: 'cpu', dtype: 'q8' });
    expect(q8.name).toBe('tiny-bert · local cpu q8');
    expect((await q8.embed(['hello']))[0].length).toBe(models.encoder.hidden);
  });

  it('names what is missing when a dtype file is absent offline', async () => {
    const err = await LocalEmbedder.load({ ...offline(), model: models.encoderId, device: 'cpu', dtype: 'q4' }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelUnavailableError);
    expect(err).toMatchObject({ model: models.encoderId, reason: 'not-downloaded' });
    expect(err.detail).toMatch(/model_q4\.onnx/);
  });
});

describe('LocalLanguageModel (text generation)', () => {
  let llm: LocalLanguageModel;
  beforeAll(async () => {
    llm = await LocalLanguageModel.load({ ...offline(), model: models.decoderId, device: 'cpu', dtype: 'fp32' });
  });

  it('generates through the chat template and counts tokens with the tokenizer', async () => {
    expect(llm.name).toBe('tiny-llama · local cpu fp32');
    expect(llm.hasChatTemplate).toBe(true);
    const request = { system: 'You are Klaus.', messages: [{ role: 'user' as const, content: 'Good morning!' }], maxTokens: 7 };
    const r = await llm.generate(request);
    expect(typeof r.text).toBe('string');
    expect(r.usage.outputTokens).toBe(7); // end-of-sequence is suppressed in the tiny model
    const chatml = '<|im_start|>system\nYou are Klaus.<|im_end|>\n<|im_start|>user\nGood morning!<|im_end|>\n<|im_start|>assistant\n';
    // Byte-level tokenizer: every byte is a token, special tokens are one each.
    const specials = 5;
    expect(r.usage.inputTokens).toBe(Buffer.byteLength(chatml.replace(/<\|im_(start|end)\|>/g, '')) + specials);
    expect(r.model).toBe(llm.name);
    // Greedy decoding at temperature 0 is repeatable.
    expect((await llm.generate(request)).text).toBe(r.text);
  });

  it('puts the schema into the prompt (local models cannot enforce it)', () => {
    const base = { messages: [{ role: 'user' as const, content: 'hi' }] };
    const withSchema = llm.promptIds({ ...base, schema: { name: 's', schema: { type: 'object' } } });
    expect(withSchema.length).toBeGreaterThan(llm.promptIds(base).length);
  });

  it('queues concurrent calls on its one session', async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) => llm.generate({ messages: [{ role: 'user', content: `call ${n}` }], maxTokens: 3 })),
    );
    expect(results.map((r) => r.usage.outputTokens)).toEqual([3, 3, 3]);
  });

  it('rejects an aborted call', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(llm.generate({ messages: [{ role: 'user', content: 'x' }], maxTokens: 3, signal: controller.signal })).rejects.toThrow();
  });

  it('serves typed tasks; random text ends in the fail-safe without crashing', async () => {
    const task = defineTask({
      name: 'tinyTask',
      build: () => ({ messages: [{ role: 'user' as const, content: 'JSON please' }] }),
      schema: z.object({ ok: z.boolean() }),
      maxTokens: 4,
      maxRetries: 1,
      failSafe: () => ({ ok: false }),
    });
    const r = await runTask(llm, task, undefined, {}, { counters: new TaskCounters() });
    expect(r).toMatchObject({ outcome: 'fail-safe', value: { ok: false }, attempts: 2 });
    expect(r.usage.outputTokens).toBe(8);
  });

  it('falls back to a plain prompt when the tokenizer has no chat template', async () => {
    const id = 'hamlet-test/no-template';
    writeTinyDecoder(join(models.root, id), { chatTemplate: false });
    const plain = await LocalLanguageModel.load({ ...offline(), model: id, device: 'cpu', dtype: 'fp32' });
    expect(plain.hasChatTemplate).toBe(false);
    const messages = [{ role: 'user' as const, content: 'hello' }];
    const r = await plain.generate({ system: 'Be kind.', messages, maxTokens: 2 });
    expect(r.usage.inputTokens).toBe(Buffer.byteLength(plainChatPrompt([{ role: 'system', content: 'Be kind.' }, ...messages])));
  });

  it('uses device auto and falls back to cpu when cuda and webgpu are unavailable', async () => {
    const lines: string[] = [];
    const auto = await LocalLanguageModel.load({ ...offline(), model: models.decoderId, device: 'auto', dtype: 'fp32', log: (l) => lines.push(l) });
    expect(auto.device).toBe('cpu');
    expect(auto.deviceSummary).toMatch(/^cpu \(cuda: .+; webgpu: .+\)$/);
    expect(lines.join('\n')).toMatch(/device: using cpu/);
    expect((await auto.generate({ messages: [{ role: 'user', content: 'hi' }], maxTokens: 2 })).usage.outputTokens).toBe(2);
  });
});

describe('the tiny decoder KV cache', () => {
  it('returns present = past ++ new keys/values, so the cache grows by the new tokens', async () => {
    const model = await AutoModelForCausalLM.from_pretrained(join(models.root, models.decoderId), { local_files_only: true, dtype: 'fp32' });
    const { layers, heads, headDim } = models.decoder;
    const ids = (xs: number[]) => new Tensor('int64', BigInt64Array.from(xs.map(BigInt)), [1, xs.length]);
    const empty = Object.fromEntries(
      Array.from({ length: layers }, (_, i) => ['key', 'value'].map((k) => [`past_key_values.${i}.${k}`, new Tensor('float32', new Float32Array(0), [1, heads, 0, headDim])])).flat(),
    );
    // Run the ONNX session itself: the graph's contract, independent of the generation loop.
    const session = (model as unknown as { sessions: Record<string, { run(feeds: Record<string, unknown>): Promise<Record<string, { dims: number[]; data: unknown }>> }> }).sessions.model;
    const ort = (feeds: Record<string, Tensor>) => Object.fromEntries(Object.entries(feeds).map(([k, t]) => [k, (t as unknown as { ort_tensor: unknown }).ort_tensor]));
    const first = await session.run(ort({ input_ids: ids([65, 66, 67]), attention_mask: ids([1, 1, 1]), position_ids: ids([0, 1, 2]), ...empty }));
    expect(first.logits.dims).toEqual([1, 3, models.decoder.vocabSize]);
    expect(first['present.0.key'].dims).toEqual([1, heads, 3, headDim]);
    const past = Object.fromEntries(
      Array.from({ length: layers }, (_, i) =>
        ['key', 'value'].map((k) => {
          const p = first[`present.${i}.${k}`];
          return [`past_key_values.${i}.${k}`, new Tensor('float32', p.data as Float32Array, p.dims)];
        }),
      ).flat(),
    );
    const second = await session.run(ort({ input_ids: ids([68]), attention_mask: ids([1, 1, 1, 1]), position_ids: ids([3]), ...past }));
    expect(second['present.1.value'].dims).toEqual([1, heads, 4, headDim]);
    // The first three positions of the grown cache are the old cache, unchanged (per head).
    const oldKey = first['present.0.key'].data as Float32Array;
    const newKey = second['present.0.key'].data as Float32Array;
    for (let h = 0; h < heads; h++) {
      expect(Array.from(newKey.slice(h * 4 * headDim, h * 4 * headDim + 3 * headDim))).toEqual(Array.from(oldKey.slice(h * 3 * headDim, (h + 1) * 3 * headDim)));
    }
    await model.dispose();
  });
});

describe('first use downloads into the cache', () => {
  it('downloads from the hub with progress, then loads offline from the cache', async () => {
    const hub = await startFakeHub(models.root);
    try {
      const cacheDir = join(scratch, 'download-cache');
      const events: ModelLoadEvent[] = [];
      const embedder = await LocalEmbedder.load({
        model: models.encoderId,
        cacheDir,
        offline: false,
        remoteHost: hub.url,
        device: 'cpu',
        dtype: 'fp32',
        onProgress: (e) => events.push(e),
      });
      expect(embedder.dimensions).toBe(models.encoder.hidden);
      expect(hub.downloads).toContain(`${models.encoderId}/onnx/model.onnx`);
      const bytes = events.filter((e): e is Extract<ModelLoadEvent, { kind: 'download' }> => e.kind === 'download' && e.file === 'onnx/model.onnx');
      expect(bytes.length).toBeGreaterThan(1);
      expect(bytes.at(-1)).toMatchObject({ loaded: bytes.at(-1)!.total });
      expect(events.some((e) => e.kind === 'file-done' && e.file === 'onnx/model.onnx')).toBe(true);
      expect(events.at(-1)).toEqual({ kind: 'ready', model: models.encoderId });

      const before = hub.downloads.length;
      const again = await LocalEmbedder.load({ model: models.encoderId, cacheDir, offline: true, device: 'cpu', dtype: 'fp32' });
      expect(again.dimensions).toBe(models.encoder.hidden);
      expect(hub.downloads.length).toBe(before);
      // Connected once is enough: with the hub gone and no --offline, the cache still serves.
      await hub.close();
      const gone = (await deadEndpointUrl()).replace(/v1$/, '');
      const cached = await LocalEmbedder.load({ model: models.encoderId, cacheDir, offline: false, remoteHost: gone, device: 'cpu', dtype: 'fp32' });
      expect(cached.dimensions).toBe(models.encoder.hidden);
    } finally {
      await hub.close();
    }
  });

  it('says the hub is unreachable when it cannot download', async () => {
    const dead = await deadEndpointUrl();
    const err = await LocalLanguageModel.load({
      model: 'hamlet-test/never-downloaded',
      cacheDir: join(scratch, 'empty-cache'),
      offline: false,
      remoteHost: dead.replace(/v1$/, ''),
      device: 'cpu',
      dtype: 'q4',
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ModelUnavailableError);
    expect(err).toMatchObject({ reason: 'network', model: 'hamlet-test/never-downloaded' });
  });

  it('says the model was not downloaded when offline with an empty cache', async () => {
    const err = await LocalLanguageModel.load({ model: 'hamlet-test/never-downloaded', cacheDir: join(scratch, 'empty-cache'), offline: true, device: 'cpu', dtype: 'q4' }).catch((e) => e);
    expect(err).toMatchObject({ reason: 'not-downloaded' });
    expect(err.searched).toEqual([join(scratch, 'empty-cache', 'hamlet-test/never-downloaded')]);
  });
});
