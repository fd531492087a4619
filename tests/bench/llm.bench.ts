/**
 * Language-model benchmark.
 *  - Local backend (transformers.js): embeddings per second and generated tokens per second.
 *    By default on the tiny random-weight models the tests build; set HAMLET_BENCH_MODEL (chat)
 *    and/or HAMLET_BENCH_EMBED_MODEL to measure real models (downloaded to the cache, or found in
 *    HAMLET_MODELS_DIR), with HAMLET_DEVICE / HAMLET_DTYPE / HAMLET_EMBED_DTYPE as usual.
 *  - OpenAI-compatible backend: calls per second at concurrency 1, 8 and 32 through the endpoint
 *    pool, against the fake server in a separate process, or against a real server when
 *    LLM_BASE_URL (and LLM_MODEL, LLM_API_KEY) are set. BENCH_CALLS sets calls per level.
 * Run: npx tsx tests/bench/llm.bench.ts        Prints a table and, last, one JSON line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createProgressPrinter } from '../../server/llm/local/progress';
import { LocalEmbedder } from '../../server/llm/local/localEmbedder';
import { LocalLanguageModel } from '../../server/llm/local/localLanguageModel';
import { resolveLlmConfig } from '../../server/llm/config';
import { EndpointPool } from '../../server/llm/openai/endpointPool';
import { OpenAiLanguageModel } from '../../server/llm/openai/openAiLanguageModel';
import { buildTinyModels } from '../support/tinyOnnx';
import { percentile } from './percentile';

const here = dirname(fileURLToPath(import.meta.url));
const figures: Record<string, number | string> = {};
const rows: string[] = [];
const row = (label: string, amount: string, rate: string, extra = '') => rows.push(`  ${label.padEnd(34)} ${amount.padStart(12)}   ${rate.padStart(18)}   ${extra}`);

const SENTENCES = [
  'Isabella Rodriguez is opening Hobbs Cafe for the morning crowd',
  'Klaus Mueller is reading a book about urban gentrification in the library',
  'Maria Lopez is studying for her physics exam at Oak Hill College',
  'the coffee machine is brewing coffee',
  'Sam Moore wants to run for mayor in the local election',
  'Tom is talking with Jennifer about the Valentine party at the cafe',
  'Eddy Lin is composing a new piece of music at home',
  'the bed is being slept in',
];
const textOf = (i: number) => `${SENTENCES[i % SENTENCES.length]} (${i})`;

async function benchLocal(): Promise<void> {
  const config = resolveLlmConfig({ env: process.env, flags: {} });
  const chatId = process.env.HAMLET_BENCH_MODEL;
  const embedId = process.env.HAMLET_BENCH_EMBED_MODEL;
  const tiny = !chatId || !embedId ? buildTinyModels() : undefined;
  const progress = createProgressPrinter();
  const source = (real: boolean) =>
    real
      ? { modelsDir: config.local.modelsDir, cacheDir: config.local.cacheDir, offline: config.local.offline, remoteHost: config.local.remoteHost }
      : { modelsDir: tiny!.root, cacheDir: join(tiny!.root, '.cache'), offline: true };
  try {
    const embedder = await LocalEmbedder.load({
      ...source(Boolean(embedId)),
      model: embedId ?? tiny!.encoderId,
      device: embedId ? config.local.device : 'cpu',
      dtype: embedId ? config.local.embedDtype : 'fp32',
      onProgress: progress,
    });
    const llm = await LocalLanguageModel.load({
      ...source(Boolean(chatId)),
      model: chatId ?? tiny!.decoderId,
      device: chatId ? config.local.device : 'cpu',
      dtype: chatId ? config.local.dtype : 'fp32',
      onProgress: progress,
    });
    rows.push(`local backend (transformers.js): ${embedder.name}, ${embedder.dimensions}-d  |  ${llm.name}${tiny ? '  [tiny random-weight test models]' : ''}`);
    figures.embedModel = embedder.name;
    figures.chatModel = llm.name;

    // Embeddings: batched (as the memory stream embeds a step's new memories) and one per call.
    const texts = Array.from({ length: embedId ? 256 : 1024 }, (_, i) => textOf(i));
    await embedder.embed(texts.slice(0, 32)); // warm-up
    let t0 = performance.now();
    await embedder.embed(texts);
    let s = (performance.now() - t0) / 1000;
    figures.embedTextsPerSecBatched = round(texts.length / s);
    row('embeddings, batches of 32', `${texts.length} texts`, `${figures.embedTextsPerSecBatched} texts/s`);
    const singles = texts.slice(0, embedId ? 64 : 256);
    t0 = performance.now();
    for (const t of singles) await embedder.embed([t]);
    s = (performance.now() - t0) / 1000;
    figures.embedCallsPerSecSingle = round(singles.length / s);
    row('embeddings, one text per call', `${singles.length} calls`, `${figures.embedCallsPerSecSingle} calls/s`);

    // Generation: a typical short task prompt, greedy, fixed number of new tokens.
    const maxTokens = chatId ? 64 : 32;
    const calls = chatId ? 4 : 12;
    const request = (i: number) => ({
      system: 'You are Isabella Rodriguez, who runs Hobbs Cafe. Answer with JSON only.',
      messages: [{ role: 'user' as const, content: `On a scale of 1 to 10, how important is this memory: "${textOf(i)}"? Answer as {"score": n}.` }],
      maxTokens,
      temperature: 0,
    });
    await llm.generate({ ...request(0), maxTokens: 4 }); // warm-up
    let prompt = 0;
    let generated = 0;
    t0 = performance.now();
    for (let i = 0; i < calls; i++) {
      const r = await llm.generate(request(i));
      prompt += r.usage.inputTokens;
      generated += r.usage.outputTokens;
    }
    s = (performance.now() - t0) / 1000;
    figures.genTokensPerSec = round(generated / s);
    figures.genCallsPerSec = round(calls / s);
    row(`generation, ≤${maxTokens} new tokens`, `${calls} calls`, `${figures.genTokensPerSec} tokens/s`, `(${round(prompt / calls)} prompt tokens/call, ${figures.genCallsPerSec} calls/s)`);
    await llm.close();
    await embedder.close();
  } finally {
    if (tiny) rmSync(tiny.root, { recursive: true, force: true });
  }
}

/** Starts the fake server in its own process; resolves with its URL. */
function startServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, '..', 'support', 'fakeOpenAiServerProcess.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n')) resolve({ url: line.trim(), child });
    });
    child.on('exit', (code) => reject(new Error(`fake server exited with ${code}`)));
  });
}

async function benchOpenAi(): Promise<void> {
  const realUrl = process.env.LLM_BASE_URL;
  const server = realUrl ? undefined : await startServerProcess();
  const urls = realUrl ? realUrl.split(',').map((u) => u.trim()) : [server!.url];
  const model = process.env.LLM_MODEL ?? 'fake-model';
  const callsPerLevel = Number(process.env.BENCH_CALLS ?? (realUrl ? 64 : 600));
  rows.push(`openai-compatible backend: ${realUrl ? `${model} at ${urls.join(', ')}` : 'fake server in a separate process (no model latency)'}`);
  try {
    for (const concurrency of [1, 8, 32]) {
      const pool = new EndpointPool({ urls, apiKey: process.env.LLM_API_KEY, concurrency, timeoutMs: 120_000, maxRetries: 2, cooldownMs: 5_000 });
      const llm = new OpenAiLanguageModel({ pool, model, structuredOutput: 'auto' });
      const call = (i: number) =>
        llm.generate({
          system: 'Answer with JSON only.',
          messages: [{ role: 'user', content: `How important is "${textOf(i)}" from 1 to 10? {"score": n}` }],
          schema: { name: 'score', schema: { type: 'object', properties: { score: { type: 'integer' } }, required: ['score'] } },
          maxTokens: 16,
          temperature: 0,
        });
      await Promise.all(Array.from({ length: Math.min(concurrency, 8) }, (_, i) => call(i))); // warm-up (connections)
      const latencies: number[] = [];
      let tokens = 0;
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < callsPerLevel) {
            const i = next++;
            const started = performance.now();
            const r = await call(i);
            latencies.push(performance.now() - started);
            tokens += r.usage.outputTokens;
          }
        }),
      );
      const s = (performance.now() - t0) / 1000;
      latencies.sort((a, b) => a - b);
      const p = (q: number) => round(percentile(latencies, q));
      figures[`callsPerSecC${concurrency}`] = round(callsPerLevel / s);
      figures[`p50MsC${concurrency}`] = p(50);
      row(`chat completions, concurrency ${concurrency}`, `${callsPerLevel} calls`, `${figures[`callsPerSecC${concurrency}`]} calls/s`, `p50 ${p(50)} ms, p95 ${p(95)} ms${realUrl ? `, ${round(tokens / s)} output tokens/s` : ''}`);
    }
  } finally {
    server?.child.kill('SIGTERM');
  }
}

function round(x: number): number {
  return x >= 100 ? Math.round(x) : Math.round(x * 10) / 10;
}

console.log(`LLM benchmark — ${cpus().length} CPU cores (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`);
await benchLocal();
await benchOpenAi();
console.log(rows.join('\n'));
console.log(JSON.stringify(figures));
