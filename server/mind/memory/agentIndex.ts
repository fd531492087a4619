/**
 * One agent's approximate-nearest-neighbour index over its memory embeddings (hnswlib), labelled
 * by the memory's position in its agent's stream (0, 1, 2, ...). Built single-threaded with a
 * fixed seed, so the same memories inserted in the same order give the same graph and results.
 *
 * Each point is the unit embedding plus one coordinate, IMPORTANCE_SCALE·importance, in
 * hnswlib's inner-product space. A query [q, 0] ranks by cosine similarity (the embeddings are
 * unit length); a query [q, λ/IMPORTANCE_SCALE] ranks by similarity + λ·importance, which is how
 * retrieval finds the memories that are good on both relevance and importance in one search.
 */
import hnswlib from 'hnswlib-node';
import { closeSync, openSync, readSync, renameSync } from 'node:fs';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

/** Small, so points stay close to unit length and the graph close to a cosine graph. */
export const IMPORTANCE_SCALE = 0.05;

export interface IndexParams {
  /** Graph degree (hnswlib M). */
  m: number;
  /** Candidate list size while building. */
  efConstruction: number;
  /** Candidate list size while searching (hnswlib uses max(ef, k)). */
  ef: number;
  /** Seed of hnswlib's level generator. */
  seed: number;
  /** Points allocated up front; the index doubles when full. */
  initialCapacity: number;
}

/** Search list size for the single most / least similar point (a cheap search suffices). */
const EXTREME_EF = 32;

/**
 * ef 150 with 80 candidates per source keeps retrieval's top-30 agreement with a full scan ≥ 0.99 at
 * 100k points (see DEFAULT_CANDIDATES_PER_SOURCE and tests/bench/retrieval.bench.ts).
 */
export const DEFAULT_INDEX_PARAMS: IndexParams = { m: 16, efConstruction: 100, ef: 150, seed: 100, initialCapacity: 1024 };

export class AgentIndex {
  private ef: number;

  private constructor(
    private readonly hnsw: Hnsw,
    /** Embedding dimensions (the index holds one more). */
    readonly dims: number,
    params: IndexParams,
  ) {
    this.ef = params.ef;
    hnsw.setEf(params.ef);
  }

  /** An empty index. */
  static create(dims: number, params: IndexParams): AgentIndex {
    const hnsw = new HierarchicalNSW('ip', dims + 1);
    hnsw.initIndex({ maxElements: Math.max(1, params.initialCapacity), m: params.m, efConstruction: params.efConstruction, randomSeed: params.seed });
    return new AgentIndex(hnsw, dims, params);
  }

  /** Reads an index file written by `write` (throws when it is unreadable or has other dimensions). */
  static read(path: string, dims: number, params: IndexParams): AgentIndex {
    // hnswlib trusts the caller's dimensions; a file of another size would be misread.
    const stored = indexFileDims(path);
    if (stored !== dims + 1) throw new Error(`${path}: index holds ${stored - 1}-d embeddings, expected ${dims}`);
    const hnsw = new HierarchicalNSW('ip', dims + 1);
    hnsw.readIndexSync(path);
    // readIndex resets ef to hnswlib's default (10): the constructor sets ours again.
    return new AgentIndex(hnsw, dims, params);
  }

  /** Changes the search candidate list size (recall vs latency). */
  setEf(ef: number): void {
    this.ef = ef;
    this.hnsw.setEf(ef);
  }

  get size(): number {
    return this.hnsw.getCurrentCount();
  }

  get capacity(): number {
    return this.hnsw.getMaxElements();
  }

  /** Adds a unit embedding and its importance under a label, doubling the capacity when full. */
  add(label: number, unit: Float32Array, importance: number): void {
    if (this.size >= this.capacity) this.hnsw.resizeIndex(this.capacity * 2);
    this.hnsw.addPoint(pointOf(unit, IMPORTANCE_SCALE * importance), label);
  }

  /**
   * Labels of up to `k` points with the highest similarity + importanceWeight·importance
   * (default weight 0: plain cosine similarity), best first; `allow` filters labels during the search.
   */
  search(query: Float32Array, k: number, allow?: (label: number) => boolean, importanceWeight = 0): number[] {
    const count = Math.min(k, this.size);
    if (count <= 0) return [];
    const point = pointOf(query, importanceWeight / IMPORTANCE_SCALE);
    const result = allow ? this.hnsw.searchKnn(point, count, allow) : this.hnsw.searchKnn(point, count);
    return result.neighbors;
  }

  /** The label most similar to `query`, or null when nothing is allowed. */
  nearest(query: Float32Array, allow?: (label: number) => boolean): number | null {
    return this.withEf(EXTREME_EF, () => this.search(query, 1, allow)[0] ?? null);
  }

  /** The label least similar to `query` (nearest to its opposite), or null when nothing is allowed. */
  farthest(query: Float32Array, allow?: (label: number) => boolean): number | null {
    return this.nearest(query.map((x) => -x), allow);
  }

  private withEf<T>(ef: number, run: () => T): T {
    this.hnsw.setEf(Math.min(ef, this.ef));
    try {
      return run();
    } finally {
      this.hnsw.setEf(this.ef);
    }
  }

  /** Writes the index file atomically (a crash never leaves a half-written file under `path`). */
  write(path: string): void {
    this.hnsw.writeIndexSync(`${path}.tmp`);
    renameSync(`${path}.tmp`, path);
  }
}

/** The plain array hnswlib takes: the vector and one more coordinate (a loop: Array.from over a typed array is several times slower). */
function pointOf(vector: Float32Array, last: number): number[] {
  const point = new Array<number>(vector.length + 1);
  for (let i = 0; i < vector.length; i++) point[i] = vector[i];
  point[vector.length] = last;
  return point;
}

/**
 * Dimensions recorded in an hnswlib index file: its header starts with six size_t fields, of
 * which label_offset − offsetData is the byte size of one float32 point.
 */
function indexFileDims(path: string): number {
  const header = Buffer.alloc(48);
  const fd = openSync(path, 'r');
  try {
    if (readSync(fd, header, 0, 48, 0) < 48) throw new Error(`${path}: not an hnswlib index (too short)`);
  } finally {
    closeSync(fd);
  }
  const bytes = Number(header.readBigUInt64LE(32) - header.readBigUInt64LE(40));
  return bytes / Float32Array.BYTES_PER_ELEMENT;
}
