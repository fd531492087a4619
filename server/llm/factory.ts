/**
 * Builds the language model and embedder a configuration asks for, or explains in one message
 * why none can be had and the three ways out. The caller (CLI/server) wraps the result in the
 * recorder (and replay), or runs the rule-based mind when the result is `unavailable`.
 */
import { APIConnectionError, APIError } from 'openai';
import { KNOWN_MODEL_SIZES, redactUrl, type LlmConfig, type LocalDtype } from './config';
import { DeviceUnavailableError } from './local/device';
import { LocalEmbedder } from './local/localEmbedder';
import { LocalLanguageModel } from './local/localLanguageModel';
import { ModelUnavailableError, type ModelSourceOptions } from './local/modelSource';
import type { ProgressListener } from './local/progress';
import { EndpointPool } from './openai/endpointPool';
import { OpenAiEmbedder } from './openai/openAiEmbedder';
import { OpenAiLanguageModel } from './openai/openAiLanguageModel';
import { describeFailure } from './openai/retry';
import { RecordingEmbedder, RecordingLanguageModel, type CallSink } from './recorder';
import { ReplayLanguageModel, type ReplayRecord } from './replay';
import type { Embedder, LanguageModel } from './types';

export type LanguageModelsResult =
  | {
      kind: 'ready';
      llm: LanguageModel;
      embedder: Embedder;
      /** Shown by the page and CLI, e.g. "Qwen2.5-0.5B-Instruct · local cpu q4". */
      label: string;
      /** Facts worth printing at start (device chosen and why, model picked from the server). */
      notes: string[];
    }
  | {
      kind: 'unavailable';
      reason: 'disabled' | 'missing-model' | 'missing-embedder' | 'server-unreachable' | 'load-failed';
      /** One multi-line explanation: what is missing and the ways out. */
      message: string;
      /** The same in one line, for headless runs (the message is for --verbose and the summary). */
      summary: string;
    };

export interface FactoryOptions {
  /** Download progress of local models (see createProgressPrinter). */
  onProgress?: ProgressListener;
  log?: (line: string) => void;
  /** Ask OpenAI-compatible servers for their model list at start (default true). */
  probe?: boolean;
}

export async function createLanguageModels(config: LlmConfig, options: FactoryOptions = {}): Promise<LanguageModelsResult> {
  switch (config.backend) {
    case 'none':
      return {
        kind: 'unavailable',
        reason: 'disabled',
        message: 'Language model switched off (backend none): the town runs the rule-based mind (no language model).',
        summary: 'switched off (--llm-backend none)',
      };
    case 'local':
      return createLocal(config, options);
    case 'openai':
      return createOpenAi(config, options);
  }
}

function sourceOptions(config: LlmConfig): ModelSourceOptions {
  const l = config.local;
  return { modelsDir: l.modelsDir, cacheDir: l.cacheDir, offline: l.offline, remoteHost: l.remoteHost };
}

async function loadLocalEmbedder(config: LlmConfig, options: FactoryOptions): Promise<LocalEmbedder> {
  const l = config.local;
  return LocalEmbedder.load({ ...sourceOptions(config), model: l.embedModel, device: l.device, dtype: l.embedDtype, onProgress: options.onProgress, log: options.log });
}

async function createLocal(config: LlmConfig, options: FactoryOptions): Promise<LanguageModelsResult> {
  const l = config.local;
  // Try both so one message can name everything that is missing.
  const [chat, embed] = [
    await LocalLanguageModel.load({ ...sourceOptions(config), model: l.chatModel, device: l.device, dtype: l.dtype, onProgress: options.onProgress, log: options.log }).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
    await loadLocalEmbedder(config, options).then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    ),
  ];
  if (chat.ok && embed.ok) {
    const notes = [`chat model on ${chat.value.deviceSummary}`, `embeddings on ${embed.value.deviceSummary}`];
    return { kind: 'ready', llm: chat.value, embedder: embed.value, label: chat.value.name, notes };
  }
  if (chat.ok) await chat.value.close();
  if (embed.ok) await embed.value.close();
  const failures = [
    ...(chat.ok ? [] : [{ error: chat.error, dtype: l.dtype }]),
    ...(embed.ok ? [] : [{ error: embed.error, dtype: l.embedDtype }]),
  ];
  const missing = failures.filter((f) => f.error instanceof ModelUnavailableError);
  if (missing.length === failures.length) {
    const errors = missing.map((f) => f.error as ModelUnavailableError);
    return {
      kind: 'unavailable',
      reason: 'missing-model',
      message: missingModelsMessage(config, missing.map((f) => ({ error: f.error as ModelUnavailableError, dtype: f.dtype }))),
      summary: errors.map((e) => `${e.model}: ${e.summary}`).join('; '),
    };
  }
  const other = failures.find((f) => !(f.error instanceof ModelUnavailableError))!.error;
  return { kind: 'unavailable', reason: 'load-failed', message: loadFailedMessage(config, other), summary: `the local model could not be loaded: ${firstLine(other)}` };
}

function firstLine(error: unknown): string {
  return String((error as Error)?.message ?? error).split('\n')[0];
}

function sizeOf(model: string, dtype: LocalDtype): string {
  const size = KNOWN_MODEL_SIZES[model]?.[dtype];
  return size ? `, ${size}` : '';
}

function missingModelsMessage(config: LlmConfig, missing: { error: ModelUnavailableError; dtype: LocalDtype }[]): string {
  const l = config.local;
  const lines = ['No language model available:'];
  for (const { error, dtype } of missing) {
    lines.push(`  - ${error.model} (${dtype}${sizeOf(error.model, dtype)}): ${error.summary}`);
    if (error.searched.length) lines.push(`    looked in: ${error.searched.join(', ')}`);
  }
  lines.push('Three ways out:');
  lines.push(`  1. Connect to the internet once (without --offline): the models download into ${l.cacheDir} and are used offline after that.`);
  lines.push(`  2. Copy the model folders to a directory and pass --models-dir DIR (or set HAMLET_MODELS_DIR), laid out as DIR/${missing[0].error.model}/config.json, onnx/...`);
  lines.push('  3. Use an OpenAI-compatible server: --llm-base-url http://localhost:11434/v1 --llm-model qwen2.5:7b-instruct (or LLM_BASE_URL / LLM_MODEL).');
  lines.push(fallbackLine(config));
  return lines.join('\n');
}

function loadFailedMessage(config: LlmConfig, error: unknown): string {
  const lines: string[] = [];
  if (error instanceof DeviceUnavailableError) {
    lines.push(`The local model could not run on device "${error.requested}":`);
    for (const a of error.attempts) lines.push(`  - ${a.device}: ${a.failure}`);
    lines.push('Use --device auto (falls back to cpu) or --device cpu; for CUDA see the README section "Enabling CUDA".');
  } else {
    lines.push(`The local model could not be loaded: ${(error as Error)?.message ?? String(error)}`);
    lines.push('Remove the model from the cache to download it again, pass --models-dir with a good copy, or use an OpenAI-compatible server (--llm-base-url).');
  }
  lines.push(fallbackLine(config));
  return lines.join('\n');
}

function fallbackLine(config: LlmConfig): string {
  return config.requireModel
    ? 'Stopping, because --require-model is set.'
    : 'Hamlet continues with the rule-based mind (no language model); pass --require-model to stop with an error instead.';
}

// ---------------------------------------------------------------- OpenAI-compatible

interface ProbeResult {
  reachable: number;
  models: string[];
  problems: string[];
  /** Endpoints that refused the API key (401/403). */
  refused: string[];
}

/** Asks each endpoint for its models; an HTTP error still means the server is there. */
async function probe(pool: EndpointPool): Promise<ProbeResult> {
  const result: ProbeResult = { reachable: 0, models: [], problems: [], refused: [] };
  await Promise.all(
    pool.endpoints.map(async (endpoint) => {
      try {
        const page = await endpoint.client.models.list({ timeout: Math.min(endpoint.timeoutMs, 10_000), maxRetries: 0 });
        result.reachable++;
        for (const m of page.data ?? []) if (m?.id && !result.models.includes(m.id)) result.models.push(m.id);
      } catch (err) {
        if (err instanceof APIConnectionError) result.problems.push(`${endpoint.url}: ${describeFailure(err)}`);
        else if (err instanceof APIError && (err.status === 401 || err.status === 403)) result.refused.push(`${endpoint.url}: ${describeFailure(err)}`);
        else result.reachable++; // answered, just not with a model list
      }
    }),
  );
  return result;
}

async function createOpenAi(config: LlmConfig, options: FactoryOptions): Promise<LanguageModelsResult> {
  const o = config.openai;
  const poolFor = (urls: string[], apiKey: string | undefined) =>
    new EndpointPool({ urls, apiKey, concurrency: o.concurrency, timeoutMs: o.timeoutMs, maxRetries: o.maxRetries, cooldownMs: o.cooldownMs, log: options.log });
  const pool = poolFor(o.baseUrls, o.apiKey);
  const notes: string[] = [];
  let model = o.model;

  let found: ProbeResult | undefined;
  if (options.probe ?? true) {
    found = await probe(pool);
    if (found.reachable === 0 && found.refused.length === 0) {
      return {
        kind: 'unavailable',
        reason: 'server-unreachable',
        message: [
          `No language model available: no OpenAI-compatible server answered at ${o.baseUrls.join(', ')}.`,
          ...found.problems.map((p) => `  - ${p}`),
          'Start the server (e.g. `ollama serve`, `vllm serve <model>`, `llama-server -m <file>.gguf`), check LLM_BASE_URL (it usually ends in /v1),',
          'or run without LLM_BASE_URL to use the local model.',
          fallbackLine(config),
        ].join('\n'),
        summary: `no OpenAI-compatible server answered at ${o.baseUrls.join(', ')}`,
      };
    }
    if (found.refused.length && found.reachable === 0) {
      return {
        kind: 'unavailable',
        reason: 'server-unreachable',
        message: [
          'No language model available: the server refused the API key.',
          ...found.refused.map((p) => `  - ${p}`),
          'Set LLM_API_KEY (or --llm-api-key) to a valid key for this server.',
          fallbackLine(config),
        ].join('\n'),
        summary: `the server refused the API key (${found.refused.join('; ')})`,
      };
    }
    if (found.problems.length) notes.push(`not answering: ${found.problems.join('; ')}`);
    if (!model && found.models.length) {
      model = found.models[0];
      notes.push(`chat model ${model} (first model the server lists; set LLM_MODEL to choose)`);
    } else if (model && found.models.length && !found.models.includes(model)) {
      notes.push(`the server lists ${found.models.slice(0, 5).join(', ')} but not ${model}; using ${model} anyway`);
    }
  }
  if (!model) {
    return {
      kind: 'unavailable',
      reason: 'missing-model',
      message: ['No chat model named and the server listed none: set LLM_MODEL (or --llm-model) to the model name the server serves.', fallbackLine(config)].join('\n'),
      summary: 'no chat model named and the server listed none (set LLM_MODEL)',
    };
  }
  const llm = new OpenAiLanguageModel({ pool, model, structuredOutput: o.structuredOutput, log: options.log });

  let embedder: Embedder;
  if (o.embedModel) {
    const sameServer = !o.embedBaseUrls?.length && (!o.embedApiKey || o.embedApiKey === o.apiKey);
    const embedPool = sameServer ? pool : poolFor(o.embedBaseUrls?.length ? o.embedBaseUrls : o.baseUrls, o.embedApiKey ?? o.apiKey);
    const remote = new OpenAiEmbedder({ pool: embedPool, model: o.embedModel });
    try {
      await remote.init();
    } catch (err) {
      const why = describeFailure((err as { cause?: unknown })?.cause ?? err);
      return {
        kind: 'unavailable',
        reason: 'load-failed',
        message: [
          `The embedding model ${o.embedModel} at ${embedPool.endpoints.map((e) => e.url).join(', ')} did not answer: ${why}`,
          'Set EMBED_MODEL to an embedding model the server serves (e.g. nomic-embed-text on Ollama), EMBED_BASE_URL to a server that has one, or leave EMBED_MODEL unset to embed locally.',
          fallbackLine(config),
        ].join('\n'),
        summary: `the embedding model ${o.embedModel} did not answer: ${why}`,
      };
    }
    embedder = remote;
    notes.push(`embeddings: ${o.embedModel}, ${remote.dimensions}-d`);
  } else {
    // No EMBED_MODEL: an embedding model the server lists comes first, then the local embedder,
    // then the server's embeddings endpoint with any model it lists (Ollama embeds with chat
    // models). A chat server that answers is never reported as "no language model".
    const listed = found?.models ?? [];
    const named = listed.filter((m) => EMBEDDING_MODEL_NAME.test(m));
    const tried: string[] = [];
    const onServer = async (candidates: string[]): Promise<Embedder | undefined> => {
      for (const name of candidates) {
        if (tried.includes(name)) continue;
        tried.push(name);
        const remote = await probeEmbeddings(pool, name);
        if (remote.ok) {
          notes.push(`embeddings: ${name} on the server, ${remote.embedder.dimensions}-d (EMBED_MODEL was not set; set it to choose)`);
          return remote.embedder;
        }
        embedProblems.push(`${name}: ${remote.problem}`);
      }
      return undefined;
    };
    const embedProblems: string[] = [];
    let chosen = await onServer(named);
    if (!chosen) {
      try {
        const local = await loadLocalEmbedder(config, options);
        notes.push(`embeddings: ${local.name} on ${local.deviceSummary}`);
        chosen = local;
      } catch (localError) {
        chosen = await onServer([model, ...listed]);
        if (!chosen) {
          return missingEmbedderResult(config, model, localError, embedProblems);
        }
      }
    }
    embedder = chosen;
  }
  return { kind: 'ready', llm, embedder, label: llm.name, notes };
}

/** Names that say "embedding model" (nomic-embed-text, text-embedding-3-small, bge-m3, e5, all-MiniLM, gte). */
const EMBEDDING_MODEL_NAME = /embed|bge|\be5\b|e5-|minilm|gte-|mxbai/i;

/** One tiny embedding request with a short timeout and no retries: does the server embed with `model`? */
async function probeEmbeddings(pool: EndpointPool, model: string): Promise<{ ok: true; embedder: OpenAiEmbedder } | { ok: false; problem: string }> {
  let problem = 'no endpoint answered';
  // The first endpoint of a pool that answers at all decides; one that is down is skipped.
  for (const endpoint of pool.endpoints) {
    try {
      const response = await endpoint.client.embeddings.create(
        { model, input: ['dimension probe'], encoding_format: 'float' },
        { timeout: Math.min(endpoint.timeoutMs, 5_000), maxRetries: 0 },
      );
      const vector = (response as { data?: { embedding?: unknown }[] })?.data?.[0]?.embedding;
      if (!Array.isArray(vector) || vector.length === 0 || typeof vector[0] !== 'number') return { ok: false, problem: 'the answer holds no embedding' };
      return { ok: true, embedder: new OpenAiEmbedder({ pool, model, dimensions: vector.length }) };
    } catch (err) {
      problem = describeFailure(err);
      if (!(err instanceof APIConnectionError)) return { ok: false, problem };
    }
  }
  return { ok: false, problem };
}

/** The chat model answers but nothing embeds: say exactly that, and the ways to add an embedding model. */
function missingEmbedderResult(config: LlmConfig, chatModel: string, localError: unknown, serverProblems: string[]): LanguageModelsResult {
  const l = config.local;
  const where = config.openai.baseUrls.map(redactUrl).join(', ');
  const local =
    localError instanceof ModelUnavailableError
      ? `${localError.model} (${l.embedDtype}${sizeOf(localError.model, l.embedDtype)}): ${localError.summary}${localError.searched.length ? `; looked in ${localError.searched.join(', ')}` : ''}`
      : `${l.embedModel}: ${firstLine(localError)}`;
  const lines = [
    `Embedding model missing: the chat model ${chatModel} at ${where} is ready, but nothing can embed the agents' memories.`,
    `  - the server: no embeddings endpoint for ${serverProblems.length ? serverProblems.join('; ') : 'its models'}`,
    `  - the local embedder ${local}`,
    'Ways out:',
    '  1. Set EMBED_MODEL (or --embed-model) to an embedding model this server serves (e.g. nomic-embed-text on Ollama).',
    '  2. Set EMBED_BASE_URL (and EMBED_MODEL, EMBED_API_KEY) to another server that embeds.',
    `  3. Let the local embedder download once (${KNOWN_MODEL_SIZES[l.embedModel]?.[l.embedDtype] ?? 'small'}; without --offline, into ${l.cacheDir}) or copy it into --models-dir DIR (DIR/${l.embedModel}/config.json, onnx/...).`,
    fallbackLine(config),
  ];
  return { kind: 'unavailable', reason: 'missing-embedder', message: lines.join('\n'), summary: `the chat model ${chatModel} is ready but no embedding model is (set EMBED_MODEL, EMBED_BASE_URL, or get the local embedder)` };
}

// ---------------------------------------------------------------- recording and replay

export interface InstrumentedModels {
  /** Records every call into the sink; answers from the replay record first when there is one. */
  llm?: RecordingLanguageModel;
  embedder?: RecordingEmbedder;
  /** The replay layer (for hit/miss counts), when replaying. */
  replay?: ReplayLanguageModel;
}

/**
 * Wraps the models of a simulation so every call is recorded into its file (`sink`, e.g.
 * `new LlmCallStore(db)`), optionally answering from a recorded run first (`replayRecords`,
 * from `LlmCallStore.loadReplayRecords()` of the old file). With replay records but no live
 * model, misses fail and the tasks use their fail-safes.
 */
export function instrumentModels(
  sink: CallSink,
  models: { llm?: LanguageModel; embedder?: Embedder; replayRecords?: ReplayRecord[] },
): InstrumentedModels {
  const replay = models.replayRecords ? new ReplayLanguageModel(models.replayRecords, models.llm) : undefined;
  const answering = replay ?? models.llm;
  const llm = answering ? new RecordingLanguageModel(answering, sink) : undefined;
  const embedder = models.embedder ? new RecordingEmbedder(models.embedder, sink, llm) : undefined;
  return { llm, embedder, replay };
}
