/**
 * One agent's memories held in memory for reads: the nodes in id order, their unit embeddings
 * in one row-major matrix, columns for the hot scoring fields, importance buckets, a keyword
 * map and the ANN index. Candidate selection and exact scoring for retrieval live here.
 */
import type { AgentIndex } from './agentIndex';
import { EmbeddingMatrix, QuantizedRows } from './embeddingMatrix';
import { keepBest, rankCandidates, RECENCY_DECAY_PER_HOUR, recencyScore, type RawComponents, type ScoredCandidate } from './scoring';
import type { MemoryNode, MemoryType, RetrievalWeights, ScoredMemory } from './types';

/** The stream's own, mutable view of a node (callers only see MemoryNode). */
export type StoredNode = { -readonly [K in keyof MemoryNode]: MemoryNode[K] };

const TYPE_BIT: Record<MemoryType, number> = { event: 1, thought: 2, chat: 4, plan: 8 };
const ALL_TYPES = 15;
const MAX_IMPORTANCE = 10;
const MS_PER_HOUR = 3_600_000;
/**
 * Where in the relevance search's list the bound for the recency scan is read (1 = its last).
 * 0.8 measured on 100k memories (k 100, ef 200, reference weights): top-30 agreement with the
 * full scan 0.983 → 0.990 at no measurable cost; 0.6 gives 0.994 for 20–40% more time. With the
 * defaults now (k 80, ef 150) the bound is the 64th of 80: 0.991.
 */
const BOUND_RANK = 0.8;

/** Bit mask of the allowed types (all when none are given). */
export function typeMask(types?: readonly MemoryType[]): number {
  if (!types || types.length === 0) return ALL_TYPES;
  return types.reduce((mask, t) => mask | TYPE_BIT[t], 0);
}

export interface RetrieveQuery {
  now: number;
  /** Allowed types (see typeMask). */
  mask: number;
  /** Candidates per source. */
  k: number;
  /** Score every eligible memory (no candidate pruning). */
  exhaustive: boolean;
  weights: RetrievalWeights;
  n: number;
}

export class AgentMemory {
  readonly nodes: StoredNode[] = [];
  private readonly positionOf = new Map<number, number>();
  /** Unit embeddings, one row per position (WebAssembly memory: see embeddingMatrix.ts). */
  private readonly vectors: EmbeddingMatrix;
  /** The same embeddings as int8 rows: a cheap screen for the recency window (see screenOf). */
  private readonly quantized: QuantizedRows;
  private lastAccessed: Float64Array;
  private created: Float64Array;
  private expiresAt: Float64Array;
  private types: Uint8Array;
  private importance: Uint8Array;
  private readonly importanceBuckets: number[][] = Array.from({ length: MAX_IMPORTANCE + 1 }, () => []);
  private readonly keywordIndex = new Map<string, number[]>();
  private earliestExpiry = Infinity;
  /**
   * Positions whose last access is later than their creation. The others' last access is their
   * creation time, which rises with the position (while `createdInOrder`), so scans for recent
   * memories read a tail of the columns plus this list instead of every memory.
   */
  private readonly touched: number[] = [];
  private createdInOrder = true;
  /** The current retrieval's candidates (reused: retrievals of one agent run one at a time). */
  private readonly candidates = new Candidates();

  constructor(
    readonly agentId: string,
    readonly dims: number,
    readonly index: AgentIndex,
    capacity = 64,
  ) {
    this.vectors = new EmbeddingMatrix(dims, capacity);
    this.quantized = new QuantizedRows(dims, capacity);
    this.lastAccessed = new Float64Array(capacity);
    this.created = new Float64Array(capacity);
    this.expiresAt = new Float64Array(capacity);
    this.types = new Uint8Array(capacity);
    this.importance = new Uint8Array(capacity);
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
    this.vectors.set(pos, unit);
    this.quantized.set(pos, unit);
    this.lastAccessed[pos] = node.lastAccessed;
    this.created[pos] = node.created;
    if (pos > 0 && node.created < this.created[pos - 1]) this.createdInOrder = false;
    if (node.lastAccessed > node.created) this.touched.push(pos);
    this.expiresAt[pos] = node.expiresAt ?? Infinity;
    this.types[pos] = TYPE_BIT[node.type];
    this.importance[pos] = node.importance;
    this.importanceBuckets[node.importance].push(pos);
    for (const keyword of node.keywords) {
      const list = this.keywordIndex.get(keyword);
      if (list) list.push(pos);
      else this.keywordIndex.set(keyword, [pos]);
    }
    if (node.expiresAt !== null) this.earliestExpiry = Math.min(this.earliestExpiry, node.expiresAt);
    // hnswlib labels are positions: the filter and the results then index the columns directly.
    if (indexIt) this.index.add(pos, unit, node.importance);
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
    if (previous === this.created[pos]) this.touched.push(pos); // its first touch
    this.lastAccessed[pos] = time;
    this.nodes[pos].lastAccessed = time;
    return previous;
  }

  /**
   * The `n` best eligible memories for a unit query, best first (ties: smaller id).
   *
   * Exhaustive: every eligible memory is scored. Otherwise the candidates are
   *  1. each component's extremes (most and least similar, recent, important), so the candidates'
   *     ranges are those of all eligible memories, as in a full scan;
   *  2. the k most recent and the k most important;
   *  3. the k best by similarity + λ·importance (one ANN search), λ being the exchange rate the
   *     normalisation and weights put between raw importance and raw similarity;
   *  4. every other memory that could still beat the n-th score so far: its similarity plus
   *     λ·importance is at most the k-th found in (3), so recency alone decides, and one scan
   *     over the last-accessed column finds them; an int8 screen (QuantizedRows) leaves out those
   *     whose similarity provably cannot reach the n-th score, nor widen a range.
   * Up to the ANN's recall this returns exactly what the full scan does; components are
   * min–max normalised over the final candidates.
   */
  retrieve(query: Float32Array, options: RetrieveQuery): ScoredMemory[] {
    const { now, mask, k, weights, n } = options;
    const types = this.types;
    const expiresAt = this.expiresAt;
    const size = this.nodes.length;
    const eligible = (pos: number) => (types[pos] & mask) !== 0 && now < expiresAt[pos];
    const scored = this.candidates.reset(size);
    this.vectors.setQuery(query);
    if (options.exhaustive) {
      for (let pos = 0; pos < size; pos++) if ((types[pos] & mask) !== 0 && now < expiresAt[pos]) this.addCandidate(pos, now);
      return this.score(rankCandidates(scored.components(), weights, n));
    }
    // hnswlib calls back into JS for every point a filtered search visits, about a third of the
    // relevance search's time. A type mask can exclude most points, so hnswlib filters then; when
    // only expiry excludes some (thoughts past their lifetime: few), the relevance search runs
    // unfiltered and the ineligible results are dropped here. (The nearest and farthest searches
    // stay filtered: a short unfiltered search for the farthest point is often not exact.)
    const allow = mask !== ALL_TYPES || now >= this.earliestExpiry ? eligible : undefined;
    const relevanceFilter = mask !== ALL_TYPES ? eligible : undefined;
    const dropIneligible = allow !== undefined && relevanceFilter === undefined;
    const take = (pos: number | null | undefined) => {
      if (pos !== null && pos !== undefined && !scored.has(pos)) this.addCandidate(pos, now);
    };
    const nearest = this.index.nearest(query, allow);
    const farthest = this.index.farthest(query, allow);
    const mostImportant = this.mostImportant(k, eligible);
    const leastImportant = this.leastImportant(eligible);
    take(nearest);
    take(farthest);
    take(this.leastRecent(eligible));
    take(leastImportant);
    for (const pos of this.mostRecent(k, eligible)) take(pos);
    for (const pos of mostImportant) take(pos);
    if (scored.count === 0) return [];

    const similarity = (pos: number | null | undefined) => (pos === null || pos === undefined ? 0 : this.vectors.dot(pos));
    const simSpan = similarity(nearest) - similarity(farthest);
    const impSpan = mostImportant.length && leastImportant !== null ? this.importance[mostImportant[0]] - this.importance[leastImportant] : 0;
    const lambda = weights.relevance > 0 && simSpan > 0 && impSpan > 0 ? (weights.importance / impSpan) * (simSpan / weights.relevance) : 0;
    const found = this.index.search(query, k, relevanceFilter, lambda);
    for (const pos of found) if (!dropIneligible || eligible(pos)) take(pos);
    // The bound is taken at BOUND_RANK of the list, not at its end: an approximate search misses
    // most often near the end of its list, and a memory it missed below this bound is still found
    // by the recency scan when it could win.
    const last = found[Math.max(0, Math.ceil(found.length * BOUND_RANK) - 1)];
    // Outside found[0..last], similarity + λ·importance ≤ this (an ineligible `last` bounds the rest just as well).
    const bound = last === undefined ? -Infinity : similarity(last) + lambda * this.importance[last];

    const initial = scored.components();
    const ranked = rankCandidates(initial, weights, n);
    const cutoffs = this.accessCutoffs(initial, ranked, (level) => bound - lambda * level, now, weights, n);
    // Every memory recent enough for its importance level that is not a candidate yet.
    const before = scored.count;
    const lastAccessed = this.lastAccessed;
    const importance = this.importance;
    // Most of these are far less similar than the bound assumed: the int8 screen proves that a
    // memory cannot reach the n-th score (nor widen a range) without its exact dot product.
    const screen = this.screenOf(initial, ranked, weights, n);
    if (screen) this.quantized.setQuery(query);
    const offer = (pos: number) => {
      if (lastAccessed[pos] < cutoffs[importance[pos]] || (types[pos] & mask) === 0 || now >= expiresAt[pos] || scored.has(pos)) return;
      if (!screen || this.mayRank(pos, now, screen)) this.addCandidate(pos, now);
      else scored.skip(pos);
    };
    // An untouched memory was last accessed when it was created, so those of a level recent
    // enough are a tail of that level's bucket (positions in creation order); touched ones are
    // checked one by one (a memory offered twice is taken once).
    for (let level = 1; level <= MAX_IMPORTANCE; level++) {
      if (cutoffs[level] === Infinity) continue;
      const bucket = this.importanceBuckets[level];
      for (let i = this.firstCreatedAtOrAfter(bucket, cutoffs[level]); i < bucket.length; i++) offer(bucket[i]);
    }
    for (const pos of this.touched) offer(pos);
    // A memory scored exactly outside the initial ranges rescales every score, and the screen's
    // verdicts with them: then the skipped are scored too (what happened before the screen).
    if (screen && !sameRanges(screen, scored.components())) for (const pos of scored.takeSkipped()) this.addCandidate(pos, now);
    if (scored.count === before) return this.score(ranked);
    return this.score(rankCandidates(scored.components(), weights, n));
  }

  /** The initial candidates' ranges and n-th score, for the screen; null when it cannot help (a zero range, a negative weight, too few candidates). */
  private screenOf(raw: RawComponents, ranked: readonly ScoredCandidate[], weights: RetrievalWeights, n: number): Screen | null {
    if (n <= 0 || raw.ids.length < n || weights.recency < 0 || weights.relevance < 0 || weights.importance < 0) return null;
    // Recency rises with the last access, so the recency range is a range of last accesses.
    let accessedMin = Infinity;
    let accessedMax = -Infinity;
    for (let i = 0; i < raw.ids.length; i++) {
      const accessed = this.lastAccessed[raw.ids[i]];
      accessedMin = Math.min(accessedMin, accessed);
      accessedMax = Math.max(accessedMax, accessed);
    }
    const screen = { recency: range(raw.recency), similarity: range(raw.similarity), importance: range(raw.importance), accessedMin, accessedMax, threshold: ranked[n - 1].score, weights };
    return screen.recency.span > 0 && screen.similarity.span > 0 && screen.importance.span > 0 ? screen : null;
  }

  /**
   * Whether position `pos` could score at least the initial n-th best, or lies (or may lie) outside
   * the initial ranges, judging its similarity by the int8 estimate and its proven error.
   */
  private mayRank(pos: number, now: number, screen: Screen): boolean {
    const { recency: rec, similarity: sim, importance: imp, weights } = screen;
    const accessed = this.lastAccessed[pos];
    const importance = this.importance[pos];
    if (accessed < screen.accessedMin || accessed > screen.accessedMax || outside(importance, imp)) return true;
    const estimate = this.quantized.estimate(pos);
    const error = this.quantized.error(pos);
    if (estimate - error < sim.min || estimate + error > sim.max) return true;
    const rest = weights.relevance * ((estimate + error - sim.min) / sim.span) + weights.importance * ((importance - imp.min) / imp.span);
    // First with the most recency could add (most fail here, without computing it).
    if (weights.recency + rest < screen.threshold - SCREEN_MARGIN) return false;
    return weights.recency * ((recencyScore(accessed, now) - rec.min) / rec.span) + rest >= screen.threshold - SCREEN_MARGIN;
  }

  /** Adds position `pos` with its raw components to the retrieval's candidates (the query is the matrix's). */
  private addCandidate(pos: number, now: number): void {
    this.candidates.add(pos, recencyScore(this.lastAccessed[pos], now), this.vectors.dot(pos), this.importance[pos]);
  }

  /** The ranked candidates as the caller's results (candidate ids are positions: same order as memory ids). */
  private score(ranked: readonly ScoredCandidate[]): ScoredMemory[] {
    const positions = this.candidates.positions;
    return ranked.map((c) => ({
      memory: this.nodes[positions[c.index]],
      score: c.score,
      recency: c.recency,
      relevance: c.relevance,
      importance: c.importance,
      similarity: c.similarity,
    }));
  }

  /**
   * Per importance level, the earliest last-access at which a memory outside the candidates could
   * still score above their n-th best, given an upper bound on its similarity at that level and
   * the candidates' ranges. Bounds err on the side of including: a wider scan costs time, never results.
   */
  private accessCutoffs(raw: RawComponents, ranked: readonly ScoredCandidate[], similarityBound: (level: number) => number, now: number, weights: RetrievalWeights, n: number): Float64Array {
    const cutoffs = new Float64Array(MAX_IMPORTANCE + 1).fill(-Infinity);
    if (raw.ids.length < n || n <= 0) return cutoffs; // too few candidates: take every eligible memory
    const threshold = ranked[n - 1].score;
    const rec = range(raw.recency);
    const sim = range(raw.similarity);
    const imp = range(raw.importance);
    // Normalised value with the candidates' ranges; a zero range gives 1 (the most it could reach).
    const norm = (value: number, r: { min: number; span: number }) => (r.span > 0 ? (value - r.min) / r.span : 1);
    for (let level = 1; level <= MAX_IMPORTANCE; level++) {
      const relevance = weights.relevance * Math.min(1, norm(similarityBound(level), sim));
      const needed = threshold - relevance - weights.importance * norm(level, imp); // what recency must add
      if (weights.recency <= 0 || rec.span === 0) {
        cutoffs[level] = needed < Math.max(0, weights.recency) ? -Infinity : Infinity;
        continue;
      }
      const recencyNeeded = rec.min + (needed / weights.recency) * rec.span; // as a raw 0.995^hours value
      if (recencyNeeded <= 0) continue; // any age will do
      cutoffs[level] = recencyNeeded > 1 ? Infinity : now - (Math.log(recencyNeeded) / Math.log(RECENCY_DECAY_PER_HOUR)) * MS_PER_HOUR - 1;
    }
    return cutoffs;
  }

  /** k eligible positions with the latest last-access (ties: larger id first). */
  private mostRecent(k: number, eligible: (pos: number) => boolean): number[] {
    const top: number[] = [];
    if (k <= 0) return top;
    const lastAccessed = this.lastAccessed;
    const created = this.created;
    const better = (a: number, b: number) => lastAccessed[a] > lastAccessed[b] || (lastAccessed[a] === lastAccessed[b] && a > b);
    // Newest first: every later position is smaller, so once `top` holds k, only a strictly later
    // access than its k-th can enter, and most positions fail that one comparison. Once the
    // creation times fall to that k-th access, only touched memories further down can still enter.
    let floor = -Infinity;
    let pos = this.nodes.length - 1;
    for (; pos >= 0; pos--) {
      if (this.createdInOrder && top.length === k && created[pos] <= floor) break;
      if (lastAccessed[pos] <= floor || !eligible(pos)) continue;
      keepBest(top, pos, better, k);
      if (top.length === k) floor = lastAccessed[top[k - 1]];
    }
    for (const t of this.touched) {
      if (t > pos || lastAccessed[t] < floor || (top.length === k && !better(t, top[k - 1])) || !eligible(t)) continue;
      keepBest(top, t, better, k);
      if (top.length === k) floor = lastAccessed[top[k - 1]];
    }
    return top;
  }

  /** Index of the first of these ascending positions created at or after `time` (0 when creation times are not in position order). */
  private firstCreatedAtOrAfter(positions: readonly number[], time: number): number {
    if (!this.createdInOrder || !(time > -Infinity)) return 0;
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.created[positions[mid]] < time) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The eligible position accessed longest ago (ties: smaller id), or null. */
  private leastRecent(eligible: (pos: number) => boolean): number | null {
    // last-accessed ≥ created, and created grows with the position: stop once nothing later can be older.
    let best: number | null = null;
    for (let pos = 0; pos < this.nodes.length; pos++) {
      if (this.createdInOrder && best !== null && this.created[pos] >= this.lastAccessed[best]) break;
      if (eligible(pos) && (best === null || this.lastAccessed[pos] < this.lastAccessed[best])) best = pos;
    }
    return best;
  }

  /** An eligible position of the lowest importance present (smallest id), or null. */
  private leastImportant(eligible: (pos: number) => boolean): number | null {
    for (let level = 1; level <= MAX_IMPORTANCE; level++) for (const pos of this.importanceBuckets[level]) if (eligible(pos)) return pos;
    return null;
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
    this.vectors.grow(capacity);
    this.quantized.grow(capacity);
    for (const key of ['lastAccessed', 'created', 'expiresAt'] as const) {
      const next = new Float64Array(capacity);
      next.set(this[key]);
      this[key] = next;
    }
    for (const key of ['types', 'importance'] as const) {
      const next = new Uint8Array(capacity);
      next.set(this[key]);
      this[key] = next;
    }
  }
}

interface Range {
  min: number;
  max: number;
  span: number;
}

/** What the window's screen compares with: the initial candidates' ranges and their n-th best score. */
interface Screen {
  recency: Range;
  similarity: Range;
  importance: Range;
  /** Last accesses of the least and most recent candidates (a memory outside these is outside the recency range). */
  accessedMin: number;
  accessedMax: number;
  threshold: number;
  weights: RetrievalWeights;
}

/** Rounding room in the screen's comparison (it only ever scores more). */
const SCREEN_MARGIN = 1e-9;

function range(values: Float64Array): Range {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max, span: max - min };
}

function outside(value: number, r: Range): boolean {
  return value < r.min || value > r.max;
}

function sameRanges(screen: Screen, raw: RawComponents): boolean {
  const same = (a: Range, b: Range) => a.min === b.min && a.max === b.max;
  return same(screen.recency, range(raw.recency)) && same(screen.similarity, range(raw.similarity)) && same(screen.importance, range(raw.importance));
}

/**
 * A retrieval's candidates as columns: position and raw components, plus a mark per position so
 * a memory is taken once. Reused across retrievals, so scoring allocates no object per candidate.
 */
class Candidates {
  positions = new Int32Array(256);
  private recency = new Float64Array(256);
  private similarity = new Float64Array(256);
  private importance = new Float64Array(256);
  private marks = new Uint8Array(0);
  count = 0;

  /** Positions marked as taken but not scored (the screen ruled them out). */
  private skipped: number[] = [];

  /** Empties the list for an agent of `size` memories. */
  reset(size: number): this {
    for (let i = 0; i < this.count; i++) this.marks[this.positions[i]] = 0;
    for (const pos of this.skipped) this.marks[pos] = 0;
    this.skipped.length = 0;
    this.count = 0;
    if (this.marks.length < size) this.marks = new Uint8Array(Math.max(size, 2 * this.marks.length));
    return this;
  }

  has(pos: number): boolean {
    return this.marks[pos] !== 0;
  }

  /** Marks `pos` as seen without scoring it (so a memory offered twice is judged once). */
  skip(pos: number): void {
    this.marks[pos] = 1;
    this.skipped.push(pos);
  }

  /** The skipped positions, unmarked, so they can be added after all. */
  takeSkipped(): number[] {
    const skipped = this.skipped;
    this.skipped = [];
    for (const pos of skipped) this.marks[pos] = 0;
    return skipped;
  }

  add(pos: number, recency: number, similarity: number, importance: number): void {
    if (this.count === this.positions.length) this.grow();
    const i = this.count++;
    this.marks[pos] = 1;
    this.positions[i] = pos;
    this.recency[i] = recency;
    this.similarity[i] = similarity;
    this.importance[i] = importance;
  }

  /** Views of the columns so far; positions stand in for ids (they rise with the id, so ties break the same). */
  components(): RawComponents {
    const n = this.count;
    return { ids: this.positions.subarray(0, n), recency: this.recency.subarray(0, n), similarity: this.similarity.subarray(0, n), importance: this.importance.subarray(0, n) };
  }

  private grow(): void {
    const capacity = 2 * this.positions.length;
    const positions = new Int32Array(capacity);
    positions.set(this.positions);
    this.positions = positions;
    for (const key of ['recency', 'similarity', 'importance'] as const) {
      const next = new Float64Array(capacity);
      next.set(this[key]);
      this[key] = next;
    }
  }
}
