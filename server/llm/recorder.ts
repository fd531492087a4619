/**
 * The one place every model call passes through on its way to a backend: the recorder stores
 * each call (task, agent, step, prompt hash, prompt, answer, tokens, ms, cached?, outcome) in a
 * CallSink (the simulation file's llm_calls table), so cost per agent per game hour is always
 * measurable and a run can be replayed exactly. Embedding calls are counted apart.
 */
import { createHash } from 'node:crypto';
import type { CallOutcome, CallTag, ChatMessage, Embedder, GenerateRequest, GenerateResult, LanguageModel } from './types';

/** One recorded model call. */
export interface RecordedCall {
  task: string;
  agentId?: string;
  step?: number;
  attempt?: number;
  runId?: string;
  promptHash: string;
  /** JSON of { system, messages, schema } as sent. */
  prompt: string;
  /** The model's text; undefined when the call failed. */
  answer?: string;
  /** Why the call failed. */
  error?: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  /** Token counts were estimated (server gave none). */
  estimated: boolean;
  ms: number;
  /** Answered from a record or cache. */
  cached: boolean;
  outcome?: CallOutcome;
}

export interface RecordedEmbedding {
  model: string;
  texts: number;
  ms: number;
  /** Set when the call failed. */
  error?: string;
}

/** Where the recorder writes; server/store/llmCalls.ts implements it with SQLite. */
export interface CallSink {
  /** Stores a call; returns its id. */
  recordCall(call: RecordedCall): number;
  /** Sets the outcome (and problem) of a stored call once runTask knows it. */
  setOutcome(id: number, outcome: CallOutcome, detail?: string): void;
  recordEmbedding(call: RecordedEmbedding): void;
}

/** Stable hash of what the model saw: system prompt and messages (16 hex chars of SHA-256). */
export function promptHash(system: string | undefined, messages: readonly ChatMessage[]): string {
  const h = createHash('sha256');
  h.update(system ?? '');
  for (const m of messages) h.update(`\u0000${m.role}\u0000${m.content}`);
  return h.digest('hex').slice(0, 16);
}

export interface RecorderTotals {
  calls: number;
  failedCalls: number;
  cachedCalls: number;
  tokensIn: number;
  tokensOut: number;
  ms: number;
  embeddingCalls: number;
  embeddedTexts: number;
  embeddingMs: number;
}

function emptyTotals(): RecorderTotals {
  return { calls: 0, failedCalls: 0, cachedCalls: 0, tokensIn: 0, tokensOut: 0, ms: 0, embeddingCalls: 0, embeddedTexts: 0, embeddingMs: 0 };
}

const MAX_PENDING_OUTCOMES = 10_000;

/** A LanguageModel that records every call of the model it wraps. */
export class RecordingLanguageModel implements LanguageModel {
  readonly name: string;
  private readonly totalsSoFar = emptyTotals();
  /** runId#attempt → stored call id, until runTask reports the outcome. */
  private readonly pending = new Map<string, number>();

  constructor(
    private readonly inner: LanguageModel,
    private readonly sink: CallSink,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.name = inner.name;
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const started = this.now();
    const tag: CallTag = request.tag ?? { task: 'untagged' };
    const base = {
      task: tag.task,
      agentId: tag.agentId,
      step: tag.step,
      attempt: tag.attempt,
      runId: tag.runId,
      promptHash: promptHash(request.system, request.messages),
      prompt: JSON.stringify({ system: request.system, messages: request.messages, schema: request.schema?.name }),
    };
    let result: GenerateResult;
    try {
      result = await this.inner.generate(request);
    } catch (err) {
      const ms = this.now() - started;
      this.totalsSoFar.calls++;
      this.totalsSoFar.failedCalls++;
      this.totalsSoFar.ms += ms;
      this.remember(tag, this.sink.recordCall({ ...base, error: errorText(err), model: this.inner.name, tokensIn: 0, tokensOut: 0, estimated: false, ms, cached: false }));
      throw err;
    }
    const ms = this.now() - started;
    const t = this.totalsSoFar;
    t.calls++;
    t.ms += ms;
    t.tokensIn += result.usage.inputTokens;
    t.tokensOut += result.usage.outputTokens;
    if (result.cached) t.cachedCalls++;
    const id = this.sink.recordCall({
      ...base,
      answer: result.text,
      model: result.model,
      tokensIn: result.usage.inputTokens,
      tokensOut: result.usage.outputTokens,
      estimated: Boolean(result.usage.estimated),
      ms,
      cached: Boolean(result.cached),
    });
    this.remember(tag, id);
    return result;
  }

  reportOutcome(tag: CallTag, outcome: CallOutcome, detail?: string): void {
    const key = outcomeKey(tag);
    const id = key ? this.pending.get(key) : undefined;
    if (id === undefined) return;
    this.pending.delete(key!);
    this.sink.setOutcome(id, outcome, detail);
  }

  /** Calls, tokens and time so far in this process. */
  totals(): RecorderTotals {
    return { ...this.totalsSoFar };
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }

  /** Counts embedding calls into the same totals (used by RecordingEmbedder). */
  countEmbedding(texts: number, ms: number): void {
    this.totalsSoFar.embeddingCalls++;
    this.totalsSoFar.embeddedTexts += texts;
    this.totalsSoFar.embeddingMs += ms;
  }

  private remember(tag: CallTag, id: number): void {
    const key = outcomeKey(tag);
    if (!key) return;
    if (this.pending.size >= MAX_PENDING_OUTCOMES) this.pending.delete(this.pending.keys().next().value!);
    this.pending.set(key, id);
  }
}

function outcomeKey(tag: CallTag): string | undefined {
  return tag.runId ? `${tag.runId}#${tag.attempt ?? 1}` : undefined;
}

function errorText(err: unknown): string {
  return String((err as Error)?.message ?? err).slice(0, 500);
}

/** An Embedder that records each call (model, number of texts, ms) apart from chat calls. */
export class RecordingEmbedder implements Embedder {
  readonly name: string;

  constructor(
    private readonly inner: Embedder,
    private readonly sink: CallSink,
    private readonly totals?: RecordingLanguageModel,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.name = inner.name;
  }

  get dimensions(): number {
    return this.inner.dimensions;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const started = this.now();
    try {
      const vectors = await this.inner.embed(texts);
      const ms = this.now() - started;
      this.sink.recordEmbedding({ model: this.inner.name, texts: texts.length, ms });
      this.totals?.countEmbedding(texts.length, ms);
      return vectors;
    } catch (err) {
      this.sink.recordEmbedding({ model: this.inner.name, texts: texts.length, ms: this.now() - started, error: errorText(err) });
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }
}
