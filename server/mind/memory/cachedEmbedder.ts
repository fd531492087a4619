/**
 * An Embedder that never embeds the same text twice: vectors are cached in memory and in an
 * EmbeddingStore (SQLite) under a hash of the model name and the normalised text. Misses of one
 * call go to the wrapped embedder in one batch; concurrent calls share in-flight work.
 * New vectors are buffered and written by `flush()`, which the mind calls inside the step's
 * transaction so a memory row is never committed without its embedding.
 */
import { createHash } from 'node:crypto';
import type { Embedder } from '../../llm/types';
import type { EmbeddingStore, StoredEmbedding } from './repository';

/** Whitespace-collapsed, trimmed, NFC: texts that differ only in spacing share an embedding. */
export function normaliseText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** The cache key of an (already normalised) text for a model: 128 bits of SHA-256, hex. */
export function embeddingKey(model: string, normalisedText: string): string {
  return createHash('sha256').update(model).update('\n').update(normalisedText).digest('hex').slice(0, 32);
}

export interface EmbeddingStats {
  /** Texts asked for. */
  texts: number;
  /** Texts answered from the cache (memory, store, in flight, or a duplicate in the same call). */
  hits: number;
  /** Texts sent to the wrapped embedder. */
  embedded: number;
  /** Calls made to the wrapped embedder. */
  calls: number;
}

export interface KeyedVector {
  key: string;
  vector: Float32Array;
}

export class CachedEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;
  private readonly memory = new Map<string, Float32Array>();
  private readonly inFlight = new Map<string, Promise<Float32Array>>();
  private pending: StoredEmbedding[] = [];
  private readonly counters: EmbeddingStats = { texts: 0, hits: 0, embedded: 0, calls: 0 };

  constructor(
    private readonly inner: Embedder,
    private readonly store: EmbeddingStore | null = null,
  ) {
    this.name = inner.name;
    this.dimensions = inner.dimensions;
  }

  get stats(): Readonly<EmbeddingStats> {
    return { ...this.counters };
  }

  /** The cache key `text` gets with this embedder. */
  keyOf(text: string): string {
    return embeddingKey(this.name, normaliseText(text));
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return (await this.embedKeyed(texts)).map((e) => e.vector);
  }

  /** Like `embed`, also returning each text's cache key (the memory's embedding ref). */
  async embedKeyed(texts: readonly string[]): Promise<KeyedVector[]> {
    const normalised = texts.map(normaliseText);
    const keys = normalised.map((t) => embeddingKey(this.name, t));
    this.counters.texts += texts.length;

    // Unique keys not in memory or in flight: look them up in the store, embed what is left.
    const unknown = new Map<string, string>();
    for (let i = 0; i < keys.length; i++) {
      if (!this.memory.has(keys[i]) && !this.inFlight.has(keys[i])) unknown.set(keys[i], normalised[i]);
    }
    if (unknown.size > 0) {
      for (const [key, vector] of this.fromStore([...unknown.keys()])) {
        this.memory.set(key, vector);
        unknown.delete(key);
      }
    }
    if (unknown.size > 0) this.startBatch(unknown);
    this.counters.hits += texts.length - unknown.size;

    const vectors = await Promise.all(keys.map((key) => this.memory.get(key) ?? this.inFlight.get(key)!));
    return keys.map((key, i) => ({ key, vector: vectors[i] }));
  }

  /** Vectors already known for `keys` (memory or store, this model only); unknown keys are absent. */
  lookup(keys: readonly string[]): Map<string, Float32Array> {
    const found = new Map<string, Float32Array>();
    const missing: string[] = [];
    for (const key of keys) {
      const v = this.memory.get(key);
      if (v) found.set(key, v);
      else missing.push(key);
    }
    for (const [key, vector] of this.fromStore(missing)) {
      this.memory.set(key, vector);
      found.set(key, vector);
    }
    return found;
  }

  /** The texts stored under `keys`, whatever model embedded them (to re-embed after a model change). */
  storedTexts(keys: readonly string[]): Map<string, string> {
    const texts = new Map<string, string>();
    if (this.store && keys.length) for (const [key, e] of this.store.get(keys)) texts.set(key, e.text);
    return texts;
  }

  /** Writes the vectors embedded since the last flush to the store; returns how many. */
  flush(): number {
    const batch = this.pending;
    if (batch.length === 0 || !this.store) return 0;
    this.store.put(batch);
    this.pending = [];
    return batch.length;
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }

  private fromStore(keys: readonly string[]): Map<string, Float32Array> {
    const usable = new Map<string, Float32Array>();
    if (!this.store || keys.length === 0) return usable;
    for (const [key, e] of this.store.get(keys)) {
      if (e.model === this.name && e.vector.length === this.dimensions) usable.set(key, e.vector);
    }
    return usable;
  }

  private startBatch(batch: Map<string, string>): void {
    const keys = [...batch.keys()];
    const texts = [...batch.values()];
    this.counters.embedded += texts.length;
    this.counters.calls++;
    const all = this.inner.embed(texts).then((vectors) => {
      if (vectors.length !== texts.length) {
        throw new Error(`Embedder ${this.name} returned ${vectors.length} vectors for ${texts.length} texts`);
      }
      for (const v of vectors) {
        if (v.length !== this.dimensions) {
          throw new Error(`Embedder ${this.name} returned a ${v.length}-d vector; it declares ${this.dimensions} dimensions`);
        }
      }
      return vectors;
    });
    keys.forEach((key, i) => {
      const one = all.then(
        (vectors) => {
          this.memory.set(key, vectors[i]);
          this.pending.push({ key, model: this.name, text: texts[i], vector: vectors[i] });
          this.inFlight.delete(key);
          return vectors[i];
        },
        (err: unknown) => {
          this.inFlight.delete(key);
          throw err;
        },
      );
      // Callers await their own keys; keep an unobserved rejection from crashing the process.
      one.catch(() => undefined);
      this.inFlight.set(key, one);
    });
  }
}
