/**
 * Test doubles for the model interfaces (the only fakes tests use; see tests/README rule):
 *  - ScriptedModel: a LanguageModel whose answers come from per-task queues or a function of
 *    the request; it can answer realistically, with malformed text, throw, or hang until
 *    aborted; it records every request and every outcome runTask reports.
 *  - HashEmbedder: a deterministic Embedder (bag-of-words hashing) whose vectors are unit length
 *    and more similar for texts that share words.
 */
import type { CallOutcome, CallTag, Embedder, GenerateRequest, GenerateResult, LanguageModel, Usage } from '../../server/llm/types';

/** One scripted answer. */
export type ScriptedAnswer =
  | string
  | Error
  | { text: string; json?: unknown; usage?: Partial<Usage>; model?: string }
  /** Never answers; rejects when the request's signal aborts. */
  | { hang: true }
  /** Waits (real time), then gives `then`. */
  | { delayMs: number; then: ScriptedAnswer };

export type Responder = (request: GenerateRequest, callIndex: number) => ScriptedAnswer | undefined | Promise<ScriptedAnswer | undefined>;

export interface ScriptedModelOptions {
  name?: string;
  /** Used when the task's queue is empty. */
  respond?: Responder;
  /** Initial queues of answers per task name. */
  queues?: Record<string, ScriptedAnswer[]>;
  /** Used when neither a queue nor `respond` has an answer; without it such a call throws. */
  fallback?: ScriptedAnswer;
}

/** Serialises a value as a model's JSON answer. */
export function answerJson(value: unknown): string {
  return JSON.stringify(value);
}

/** Rough token count used by the fakes: ceil(chars / 4). */
export function approxTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export class ScriptedModel implements LanguageModel {
  readonly name: string;
  /** Every request, in call order. */
  readonly requests: GenerateRequest[] = [];
  /** Every outcome runTask reported, in order. */
  readonly outcomes: { tag: CallTag; outcome: CallOutcome; detail?: string }[] = [];
  private readonly queues = new Map<string, ScriptedAnswer[]>();

  constructor(private readonly options: ScriptedModelOptions = {}) {
    this.name = options.name ?? 'scripted';
    for (const [task, answers] of Object.entries(options.queues ?? {})) this.queues.set(task, [...answers]);
  }

  /** Adds answers to a task's queue (used first, in order). */
  enqueue(task: string, ...answers: ScriptedAnswer[]): this {
    this.queues.set(task, [...(this.queues.get(task) ?? []), ...answers]);
    return this;
  }

  /** Requests made for one task. */
  callsFor(task: string): GenerateRequest[] {
    return this.requests.filter((r) => r.tag?.task === task);
  }

  /** The full prompt text of a request (system + messages), for assertions. */
  static promptText(request: GenerateRequest): string {
    return [request.system ?? '', ...request.messages.map((m) => `${m.role}: ${m.content}`)].join('\n');
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const index = this.requests.length;
    this.requests.push(structuredClone({ ...request, signal: undefined, onText: undefined }));
    const task = request.tag?.task ?? '';
    const queued = this.queues.get(task)?.shift();
    const answer = queued ?? (await this.options.respond?.(request, index)) ?? this.options.fallback;
    if (answer === undefined) throw new Error(`ScriptedModel: no answer scripted for task "${task}"`);
    return this.deliver(answer, request);
  }

  reportOutcome(tag: CallTag, outcome: CallOutcome, detail?: string): void {
    this.outcomes.push({ tag: { ...tag }, outcome, detail });
  }

  private async deliver(answer: ScriptedAnswer, request: GenerateRequest): Promise<GenerateResult> {
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'object' && 'hang' in answer) {
      return new Promise((_, reject) => {
        const abort = () => reject(new Error('aborted'));
        if (request.signal?.aborted) abort();
        request.signal?.addEventListener('abort', abort, { once: true });
      });
    }
    if (typeof answer === 'object' && 'delayMs' in answer) {
      await new Promise((r) => setTimeout(r, answer.delayMs));
      return this.deliver(answer.then, request);
    }
    const text = typeof answer === 'string' ? answer : answer.text;
    if (request.onText) {
      // Streams like a server would: a few characters at a time, each piece after a pause.
      for (let i = 0; i < text.length; i += 7) {
        await new Promise((r) => setImmediate(r));
        request.onText(text.slice(i, i + 7));
      }
    }
    const prompt = ScriptedModel.promptText(request);
    const usage = {
      inputTokens: approxTokens(prompt),
      outputTokens: approxTokens(text),
      ...(typeof answer === 'object' ? answer.usage : {}),
    };
    return {
      text,
      json: typeof answer === 'object' ? answer.json : undefined,
      usage,
      model: (typeof answer === 'object' && answer.model) || this.name,
    };
  }
}

// ---------------------------------------------------------------- embeddings

const STOP_WORDS = new Set('a an the is are was were be to of and or in on at for with by it its this that as'.split(' '));

/** FNV-1a, 32 bit. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Deterministic embeddings for tests: each word (and, more weakly, each character trigram)
 * adds ±1 at a hashed position, then the vector is normalised. Texts sharing words are closer
 * than unrelated ones; the same text always gives the same vector.
 */
export class HashEmbedder implements Embedder {
  readonly name: string;
  /** Number of embed() calls and texts embedded. */
  calls = 0;
  texts = 0;

  constructor(readonly dimensions = 64) {
    this.name = `hash-embedder-${dimensions}`;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls++;
    this.texts += texts.length;
    return texts.map((t) => this.vector(t));
  }

  /** The vector of one text (synchronous, for test setup). */
  vector(text: string): Float32Array {
    const v = new Float32Array(this.dimensions);
    const words = text.toLowerCase().match(/[a-z0-9']+/g)?.filter((w) => !STOP_WORDS.has(w)) ?? [];
    const add = (feature: string, weight: number) => {
      const h = fnv1a(feature);
      v[h % this.dimensions] += (h & 0x80000000 ? -1 : 1) * weight;
    };
    for (const w of words) {
      add(`w:${w}`, 1);
      const padded = `#${w}#`;
      for (let i = 0; i + 3 <= padded.length; i++) add(`t:${padded.slice(i, i + 3)}`, 0.25);
    }
    let norm = Math.hypot(...v);
    if (norm === 0) {
      v[0] = 1; // empty or stop-words-only text: a fixed unit vector
      norm = 1;
    }
    for (let i = 0; i < v.length; i++) v[i] /= norm;
    return v;
  }
}

/** Cosine similarity of two unit vectors (their dot product). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
