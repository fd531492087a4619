/**
 * Builds the language model and embedder a configuration asks for, or explains in one message
 * why none can be had and the three ways out. The caller (CLI/server) wraps the result in the
 * recorder (and replay), or runs the rule-based mind when the result is `unavailable`.
 */
import { APIConnectionError, APIError } from 'openai';
import { KNOWN_MODEL_SIZES, type LlmConfig, type LocalDtype } from './config';
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
      reason: 'disabled' | 'missing-model' | 'server-unreachable' | 'load-failed';
      /** One multi-line explanation: what is missing and the ways out. */
      message: string;
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
    return { kind: 'unavailable', reason: 'missing-model', message: missingModelsMessage(config, missing.map((f) => ({ error: f.error as ModelUnavailableError, dtype: f.dtype }))) };
  }
  const other = failures.find((f) => !(f.error instanceof ModelUnavailableError))!.error;
  return { kind: 'unavailable', reason: 'load-failed', message: loadFailedMessage(config, other) };
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

  if (options.probe ?? true) {
    const found = await probe(pool);
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
      return {
        kind: 'unavailable',
        reason: 'load-failed',
        message: [
          `The embedding model ${o.embedModel} at ${embedPool.endpoints.map((e) => e.url).join(', ')} did not answer: ${describeFailure((err as { cause?: unknown })?.cause ?? err)}`,
          'Set EMBED_MODEL to an embedding model the server serves (e.g. nomic-embed-text on Ollama), EMBED_BASE_URL to a server that has one, or leave EMBED_MODEL unset to embed locally.',
          fallbackLine(config),
        ].join('\n'),
      };
    }
    embedder = remote;
    notes.push(`embeddings: ${o.embedModel}, ${remote.dimensions}-d`);
  } else {
    try {
      const local = await loadLocalEmbedder(config, options);
      embedder = local;
      notes.push(`embeddings: ${local.name} on ${local.deviceSummary}`);
    } catch (err) {
      if (err instanceof ModelUnavailableError) {
        const message = missingModelsMessage(config, [{ error: err, dtype: config.local.embedDtype }]).replace(
          '  3. Use an OpenAI-compatible server:',
          '  3. Embed on the server instead: set EMBED_MODEL (or --embed-model) to its embedding model. Or use an OpenAI-compatible server:',
        );
        return { kind: 'unavailable', reason: 'missing-model', message };
      }
      return { kind: 'unavailable', reason: 'load-failed', message: loadFailedMessage(config, err) };
    }
  }
  return { kind: 'ready', llm, embedder, label: llm.name, notes };
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
