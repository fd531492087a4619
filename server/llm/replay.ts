/**
 * Replays the model calls of a recorded simulation: a call is answered from the record with the
 * same task, agent, step and prompt hash (repeats in the order they were recorded), so a past
 * run can be re-simulated exactly, failures included. A call with no record goes to the live
 * model (or fails when there is none). Hits and misses are counted.
 */
import { promptHash } from './recorder';
import { strictJson } from './schemaPrompt';
import type { Embedder, GenerateRequest, GenerateResult, LanguageModel } from './types';

/** What replay needs of a recorded call (server/store/llmCalls.ts loads these). */
export interface ReplayRecord {
  task: string;
  agentId?: string | null;
  step?: number | null;
  promptHash: string;
  /** The answer, or null/undefined when the recorded call failed. */
  answer?: string | null;
  error?: string | null;
  model: string;
  tokensIn: number;
  tokensOut: number;
}

/** Thrown on a miss when there is no live model to ask. */
export class ReplayMissError extends Error {
  constructor(readonly key: string) {
    super(`no recorded answer for ${key} and no live model to ask`);
    this.name = 'ReplayMissError';
  }
}

/** Thrown to repeat a call that failed in the recorded run. */
export class RecordedFailureError extends Error {
  constructor(message: string) {
    super(`(replayed failure) ${message}`);
    this.name = 'RecordedFailureError';
  }
}

export interface ReplayStats {
  hits: number;
  misses: number;
  /** Recorded calls not used (yet). */
  unused: number;
}

function replayKey(task: string, agentId: string | null | undefined, step: number | null | undefined, hash: string): string {
  return `${task}|${agentId ?? ''}|${step ?? ''}|${hash}`;
}

export class ReplayLanguageModel implements LanguageModel {
  readonly name: string;
  private readonly queues = new Map<string, ReplayRecord[]>();
  private hits = 0;
  private misses = 0;

  /** `records` in recorded call order; `live` answers misses. */
  constructor(
    records: Iterable<ReplayRecord>,
    private readonly live?: LanguageModel,
  ) {
    for (const r of records) {
      const key = replayKey(r.task, r.agentId, r.step, r.promptHash);
      const queue = this.queues.get(key);
      if (queue) queue.push(r);
      else this.queues.set(key, [r]);
    }
    this.name = live ? `replay → ${live.name}` : 'replay';
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const tag = request.tag ?? { task: 'untagged' };
    const key = replayKey(tag.task, tag.agentId, tag.step, promptHash(request.system, request.messages));
    const record = this.queues.get(key)?.shift();
    if (!record) {
      this.misses++;
      if (!this.live) {
        this.missed ??= key;
        throw new ReplayMissError(key);
      }
      return this.live.generate(request);
    }
    this.hits++;
    if (record.answer === null || record.answer === undefined) throw new RecordedFailureError(record.error ?? 'recorded call failed');
    return {
      text: record.answer,
      json: request.schema ? strictJson(record.answer) : undefined,
      usage: { inputTokens: record.tokensIn, outputTokens: record.tokensOut },
      model: record.model,
      cached: true,
    };
  }

  /** The first call the record lacked (with no live model to ask), if any. */
  get firstMiss(): string | undefined {
    return this.missed;
  }
  private missed: string | undefined;

  stats(): ReplayStats {
    let unused = 0;
    for (const q of this.queues.values()) unused += q.length;
    return { hits: this.hits, misses: this.misses, unused };
  }

  async close(): Promise<void> {
    await this.live?.close?.();
  }
}

/**
 * Embeddings from a recorded simulation file, for a replay with no live backend: under the
 * recorded embedder's name (so cache keys match the record), each text answered by `lookup`;
 * a text the record lacks fails with ReplayMissError.
 */
export class ReplayEmbedder implements Embedder {
  constructor(
    readonly name: string,
    readonly dimensions: number,
    private readonly lookup: (text: string) => Float32Array | undefined,
  ) {}

  /** The first text the record lacked, if any. */
  firstMiss: string | undefined;

  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => {
      const vector = this.lookup(text);
      if (!vector) {
        const key = `the embedding of "${text.slice(0, 60)}"`;
        this.firstMiss ??= key;
        throw new ReplayMissError(key);
      }
      return vector;
    });
  }
}
