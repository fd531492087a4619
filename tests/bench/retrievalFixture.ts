/**
 * The retrieval benchmark's data: one agent's stream of structured 384-d vectors (a 24-d topic
 * source projected up, plus noise; uniformly random vectors would make ANN recall look
 * misleadingly bad), shared by the benchmark and the profile script.
 */
import { Rng } from '../../server/engine/rng';
import type { Embedder } from '../../server/llm/types';
import { CachedEmbedder } from '../../server/mind/memory/cachedEmbedder';
import { MemoryStream } from '../../server/mind/memory/memoryStream';
import { unitVector } from '../../server/mind/memory/scoring';
import type { GameMoment, MemoryType } from '../../server/mind/memory/types';
import { asAgentId } from '../../server/engine/ids';

export const DIMS = 384;
const SOURCE_DIMS = 24;
const TOPICS = 400;
const STEP_MS = 10_000;
const T0 = Date.UTC(2026, 1, 13, 6);
/** Memories span 40 game days, so some thoughts (30-day lifetime) have expired by query time. */
export const BENCH_SPAN_STEPS = 40 * 8_640;

export class StructuredVectors {
  private readonly rng = new Rng('retrieval-bench');
  private readonly projection: Float32Array[];
  private readonly topics: Float64Array[];

  constructor() {
    this.projection = Array.from({ length: SOURCE_DIMS }, () => Float32Array.from({ length: DIMS }, () => this.gauss()));
    this.topics = Array.from({ length: TOPICS }, () => Float64Array.from({ length: SOURCE_DIMS }, () => this.gauss()));
  }

  /** A topic's source point plus source noise, projected to 384-d, plus isotropic noise. */
  next(): Float32Array {
    const topic = this.topics[this.rng.int(TOPICS)];
    const v = new Float32Array(DIMS);
    for (let s = 0; s < SOURCE_DIMS; s++) {
      const w = topic[s] + 0.6 * this.gauss();
      const row = this.projection[s];
      for (let d = 0; d < DIMS; d++) v[d] += w * row[d];
    }
    for (let d = 0; d < DIMS; d++) v[d] += 2.5 * this.gauss();
    return unitVector(v);
  }

  int(n: number): number {
    return this.rng.int(n);
  }

  private gauss(): number {
    return Math.sqrt(-2 * Math.log(1 - this.rng.next())) * Math.cos(2 * Math.PI * this.rng.next());
  }
}

/** The stream only needs the embedder's name and size: every vector here is precomputed. */
const noEmbedder: Embedder = {
  name: 'bench-precomputed',
  dimensions: DIMS,
  embed: async () => {
    throw new Error('the benchmark inserts precomputed vectors');
  },
};

const IMPORTANCE = [1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 7, 8, 9, 10];
export const benchMoment = (step: number): GameMoment => ({ step, time: T0 + step * STEP_MS });

/** One agent's stream of `size` memories (85% events, 10% thoughts, 5% chats) spread over 40 game days. */
export async function buildBenchStream(size: number, vectors: StructuredVectors) {
  const stream = new MemoryStream({ embedder: new CachedEmbedder(noEmbedder), exactScanBelow: 0 });
  await stream.load([asAgentId('ada')]);
  const started = performance.now();
  for (let i = 0; i < size; i++) {
    const roll = vectors.int(100);
    const type: MemoryType = roll < 85 ? 'event' : roll < 95 ? 'thought' : 'chat';
    const at = benchMoment(Math.floor((i * BENCH_SPAN_STEPS) / size));
    stream.insert(asAgentId('ada'), { type, description: `m${i}`, triple: ['Ada', 'saw', `m${i}`], importance: IMPORTANCE[vectors.int(IMPORTANCE.length)] }, { key: `m${i}`, vector: vectors.next() }, at);
    // The agent retrieves (and so touches) now and then, as a mind does.
    if (i % 200 === 199) stream.retrieveVector(asAgentId('ada'), vectors.next(), { at, n: 30 });
  }
  return { stream, buildMs: performance.now() - started };
}
