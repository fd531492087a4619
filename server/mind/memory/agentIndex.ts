/**
 * One agent's approximate-nearest-neighbour index over its memory embeddings (hnswlib, cosine
 * space), labelled by memory id. Built single-threaded with a fixed seed, so the same memories
 * inserted in the same order give the same graph and the same search results.
 */
import hnswlib from 'hnswlib-node';
import { closeSync, openSync, readSync, renameSync } from 'node:fs';

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

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

export const DEFAULT_INDEX_PARAMS: IndexParams = { m: 16, efConstruction: 100, ef: 100, seed: 100, initialCapacity: 1024 };

export class AgentIndex {
  private constructor(
    private readonly hnsw: Hnsw,
    readonly dims: number,
    readonly params: IndexParams,
  ) {
    hnsw.setEf(params.ef);
  }

  /** An empty index. */
  static create(dims: number, params: IndexParams): AgentIndex {
    const hnsw = new HierarchicalNSW('cosine', dims);
    hnsw.initIndex({ maxElements: Math.max(1, params.initialCapacity), m: params.m, efConstruction: params.efConstruction, randomSeed: params.seed });
    return new AgentIndex(hnsw, dims, params);
  }

  /** Reads an index file written by `write` (throws when it is unreadable or has other dimensions). */
  static read(path: string, dims: number, params: IndexParams): AgentIndex {
    // hnswlib trusts the caller's dimensions; a file of another size would be misread.
    const stored = indexFileDims(path);
    if (stored !== dims) throw new Error(`${path}: index has ${stored} dimensions, expected ${dims}`);
    const hnsw = new HierarchicalNSW('cosine', dims);
    hnsw.readIndexSync(path);
    // readIndex resets ef to hnswlib's default (10): the constructor sets ours again.
    return new AgentIndex(hnsw, dims, params);
  }

  get size(): number {
    return this.hnsw.getCurrentCount();
  }

  get capacity(): number {
    return this.hnsw.getMaxElements();
  }

  /** Adds a memory's vector under its id, doubling the capacity when full. */
  add(id: number, vector: Float32Array): void {
    if (this.size >= this.capacity) this.hnsw.resizeIndex(this.capacity * 2);
    this.hnsw.addPoint(Array.from(vector), id);
  }

  /** Ids of up to `k` nearest memories, nearest first; `allow` filters ids during the search. */
  search(query: Float32Array, k: number, allow?: (id: number) => boolean): number[] {
    const count = Math.min(k, this.size);
    if (count <= 0) return [];
    const result = allow ? this.hnsw.searchKnn(Array.from(query), count, allow) : this.hnsw.searchKnn(Array.from(query), count);
    return result.neighbors;
  }

  /** Writes the index file atomically (a crash never leaves a half-written file under `path`). */
  write(path: string): void {
    this.hnsw.writeIndexSync(`${path}.tmp`);
    renameSync(`${path}.tmp`, path);
  }
}

/**
 * Dimensions recorded in an hnswlib index file: its header starts with six size_t fields, of
 * which label_offset − offsetData is the byte size of one float32 vector.
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
