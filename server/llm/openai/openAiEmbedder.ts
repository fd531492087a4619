/**
 * Embedder over an OpenAI-compatible /embeddings endpoint (through an EndpointPool). Vectors
 * are normalised to unit length (not every server does). The width is learnt by `init()`.
 */
import { MalformedResponseError } from './retry';
import type { EndpointPool } from './endpointPool';
import type { Embedder } from '../types';

export interface OpenAiEmbedderOptions {
  pool: EndpointPool;
  model: string;
  /** Known width; otherwise `init()` asks the server once. */
  dimensions?: number;
  /** Texts per request (default 128). */
  batchSize?: number;
}

export class OpenAiEmbedder implements Embedder {
  readonly name: string;
  private width: number | undefined;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.name = `${options.model} · openai-compatible ${options.pool.where}`;
    this.width = options.dimensions;
  }

  get dimensions(): number {
    if (this.width === undefined) throw new Error('OpenAiEmbedder: call init() before reading dimensions');
    return this.width;
  }

  /** Learns the vector width with one short request (also checks that the server answers). */
  async init(): Promise<void> {
    if (this.width === undefined) await this.embed(['dimension probe']);
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const size = this.options.batchSize ?? 128;
    for (let i = 0; i < texts.length; i += size) out.push(...(await this.embedBatch(texts.slice(i, i + size))));
    return out;
  }

  private async embedBatch(batch: string[]): Promise<Float32Array[]> {
    if (batch.length === 0) return [];
    // Validation runs inside the pool call so a malformed answer is retried like a 5xx.
    return this.options.pool.run(async (endpoint, signal) => {
      const response = await endpoint.client.embeddings.create({ model: this.options.model, input: batch, encoding_format: 'float' }, { signal });
      return this.vectorsOf((response as { data?: unknown })?.data, batch.length);
    });
  }

  private vectorsOf(data: unknown, expected: number): Float32Array[] {
    if (!Array.isArray(data) || data.length !== expected) {
      throw new MalformedResponseError(`embeddings answer has ${Array.isArray(data) ? data.length : 'no'} vectors for ${expected} texts`);
    }
    const ordered = [...(data as { index?: number; embedding?: unknown }[])].sort((a, b) => (a?.index ?? 0) - (b?.index ?? 0));
    const vectors = ordered.map((item) => {
      if (!Array.isArray(item?.embedding) || item.embedding.length === 0 || typeof item.embedding[0] !== 'number') {
        throw new MalformedResponseError('embedding is not a list of numbers');
      }
      return normalise(Float32Array.from(item.embedding as number[]));
    });
    const width = this.width ?? vectors[0].length;
    if (vectors.some((v) => v.length !== width)) throw new MalformedResponseError(`embedding width is not ${width}`);
    this.width = width;
    return vectors;
  }
}

export function normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i] /= norm;
  return v;
}
