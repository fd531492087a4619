/**
 * One agent's memories held in memory for reads: the nodes in id order, their unit embeddings
 * in one row-major matrix, columns for the hot scoring fields, importance buckets, a keyword
 * map and the ANN index. Candidate selection and exact scoring for retrieval live here.
 */
import type { AgentIndex } from './agentIndex';
import { dotRow, rankCandidates, recencyScore } from './scoring';
import type { MemoryNode, MemoryType, RetrievalWeights, ScoredMemory } from './types';

/** The stream's own, mutable view of a node (callers only see MemoryNode). */
export type StoredNode = { -readonly [K in keyof MemoryNode]: MemoryNode[K] };

const TYPE_BIT: Record<MemoryType, number> = { event: 1, thought: 2, chat: 4, plan: 8 };
const ALL_TYPES = 15;
const MAX_IMPORTANCE = 10;

/** Bit mask of the allowed types (all when none are given). */
export function typeMask(types?: readonly MemoryType[]): number {
  if (!types || types.length === 0) return ALL_TYPES;
  return types.reduce((mask, t) => mask | TYPE_BIT[t], 0);
}

export interface CandidateOptions {
  now: number;
  mask: number;
  k: number;
  /** Score every eligible memory (no candidate pruning). */
  exhaustive: boolean;
}

export class AgentMemory {
  readonly nodes: StoredNode[] = [];
  private readonly positionOf = new Map<number, number>();
  private vectors: Float32Array;
  private lastAccessed: Float64Array;
  private expiresAt: Float64Array;
  private types: Uint8Array;
  private readonly importanceBuckets: number[][] = Array.from({ length: MAX_IMPORTANCE + 1 }, () => []);
  private readonly keywordIndex = new Map<string, number[]>();
  private earliestExpiry = Infinity;

  constructor(
    readonly agentId: string,
    readonly dims: number,
    readonly index: AgentIndex,
    capacity = 64,
  ) {
    this.vectors = new Float32Array(capacity * dims);
    this.lastAccessed = new Float64Array(capacity);
    this.expiresAt = new Float64Array(capacity);
    this.types = new Uint8Array(capacity);
  }

  get size(): number {
    return this.nodes.length;
  }

  /** Appends a node (ids must increase) with its unit vector; `indexIt` false when the index is loaded from a file. */
  append(node: StoredNode, unit: Float32Array, indexIt = true): void {
    const pos = this.nodes.length;
    if (pos > 0 && node.id <= this.nodes[pos - 1].id) throw new Error(`Memory ids must increase (${node.id} after ${this.nodes[pos - 1].id})`);
    if (pos === this.lastAccessed.length) this.grow();
    this.nodes.push(node);
    this.positionOf.set(node.id, pos);
    this.vectors.set(unit, pos * this.dims);
    this.lastAccessed[pos] = node.lastAccessed;
    this.expiresAt[pos] = node.expiresAt ?? Infinity;
    this.types[pos] = TYPE_BIT[node.type];
    this.importanceBuckets[node.importance].push(pos);
    for (const keyword of node.keywords) {
      const list = this.keywordIndex.get(keyword);
      if (list) list.push(pos);
      else this.keywordIndex.set(keyword, [pos]);
    }
    if (node.expiresAt !== null) this.earliestExpiry = Math.min(this.earliestExpiry, node.expiresAt);
    if (indexIt) this.index.add(node.id, unit);
  }

  node(id: number): StoredNode | undefined {
    const pos = this.positionOf.get(id);
    return pos === undefined ? undefined : this.nodes[pos];
  }

  byKeyword(keyword: string): StoredNode[] {
    return (this.keywordIndex.get(keyword.trim().toLowerCase()) ?? []).map((pos) => this.nodes[pos]);
  }

  /** Sets last-accessed to `time` (never backwards); returns the previous value, or null when unchanged. */
  touch(id: number, time: number): number | null {
    const pos = this.positionOf.get(id)!;
    const previous = this.lastAccessed[pos];
    if (time <= previous) return null;
    this.lastAccessed[pos] = time;
    this.nodes[pos].lastAccessed = time;
    return previous;
  }

  /**
   * Positions to score, ascending: every eligible memory when exhaustive, else the union of the
   * k most similar (ANN), the k most recently accessed and the k most important eligible memories.
   */
  candidates(query: Float32Array, options: CandidateOptions): number[] {
    const { now, mask, k } = options;
    const eligible = (pos: number) => (this.types[pos] & mask) !== 0 && now < this.expiresAt[pos];
    if (options.exhaustive) {
      const all: number[] = [];
      for (let pos = 0; pos < this.nodes.length; pos++) if (eligible(pos)) all.push(pos);
      return all;
    }
    const chosen = new Set<number>();
    const filtered = mask !== ALL_TYPES || now >= this.earliestExpiry;
    const allow = filtered ? (id: number) => eligible(this.positionOf.get(id)!) : undefined;
    for (const id of this.index.search(query, k, allow)) chosen.add(this.positionOf.get(id)!);
    for (const pos of this.mostRecent(k, eligible)) chosen.add(pos);
    for (const pos of this.mostImportant(k, eligible)) chosen.add(pos);
    return [...chosen].sort((a, b) => a - b);
  }

  /** Exact scoring of the candidates; the best `n`, highest score first, ties by smaller id. */
  score(positions: readonly number[], query: Float32Array, now: number, weights: RetrievalWeights, n: number): ScoredMemory[] {
    const count = positions.length;
    const ids = new Float64Array(count);
    const recency = new Float64Array(count);
    const similarity = new Float64Array(count);
    const importance = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const pos = positions[i];
      ids[i] = this.nodes[pos].id;
      recency[i] = recencyScore(this.lastAccessed[pos], now);
      similarity[i] = dotRow(query, this.vectors, pos);
      importance[i] = this.nodes[pos].importance;
    }
    return rankCandidates({ ids, recency, similarity, importance }, weights, n).map((c) => ({
      memory: this.nodes[positions[c.index]],
      score: c.score,
      recency: c.recency,
      relevance: c.relevance,
      importance: c.importance,
      similarity: c.similarity,
    }));
  }

  /** The unit vectors in id order (for rebuilding the index). */
  vectorAt(pos: number): Float32Array {
    return this.vectors.subarray(pos * this.dims, (pos + 1) * this.dims);
  }

  /** k eligible positions with the latest last-access (ties: larger id first). */
  private mostRecent(k: number, eligible: (pos: number) => boolean): number[] {
    // Kept sorted worst-first; scanning newest-first means few insertions after it fills.
    const top: number[] = [];
    const better = (a: number, b: number) => this.lastAccessed[a] > this.lastAccessed[b] || (this.lastAccessed[a] === this.lastAccessed[b] && a > b);
    for (let pos = this.nodes.length - 1; pos >= 0; pos--) {
      if (top.length === k && !better(pos, top[0])) continue;
      if (!eligible(pos)) continue;
      let lo = 0;
      let hi = top.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (better(pos, top[mid])) lo = mid + 1;
        else hi = mid;
      }
      top.splice(lo, 0, pos);
      if (top.length > k) top.shift();
    }
    return top;
  }

  /** k eligible positions with the highest importance (ties: larger id first). */
  private mostImportant(k: number, eligible: (pos: number) => boolean): number[] {
    const top: number[] = [];
    for (let level = MAX_IMPORTANCE; level >= 1 && top.length < k; level--) {
      const bucket = this.importanceBuckets[level];
      for (let i = bucket.length - 1; i >= 0 && top.length < k; i--) if (eligible(bucket[i])) top.push(bucket[i]);
    }
    return top;
  }

  private grow(): void {
    const capacity = this.lastAccessed.length * 2;
    const vectors = new Float32Array(capacity * this.dims);
    vectors.set(this.vectors);
    this.vectors = vectors;
    for (const key of ['lastAccessed', 'expiresAt'] as const) {
      const next = new Float64Array(capacity);
      next.set(this[key]);
      this[key] = next;
    }
    const types = new Uint8Array(capacity);
    types.set(this.types);
    this.types = types;
  }
}
