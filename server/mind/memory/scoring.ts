/**
 * Retrieval scoring (Park et al. 2023): score = w_rec·recency + w_rel·relevance + w_imp·importance,
 * each component min–max normalised over the candidates being scored. Pure functions.
 */
import type { RetrievalWeights } from './types';

/** Recency multiplies by this per game hour since the memory was last accessed. */
export const RECENCY_DECAY_PER_HOUR = 0.995;
const MS_PER_HOUR = 3_600_000;

/**
 * The paper states equal weights; the reference implementation used recency 0.5, relevance 3,
 * importance 2 (its `gw` vector), which keeps retrieval on topic.
 */
export const WEIGHT_PRESETS = {
  paper: { recency: 1, relevance: 1, importance: 1 },
  reference: { recency: 0.5, relevance: 3, importance: 2 },
} as const satisfies Record<string, RetrievalWeights>;
export type WeightPreset = keyof typeof WEIGHT_PRESETS;

/** 0.995^(game hours since last access); a last access in the future counts as now. */
export function recencyScore(lastAccessedMs: number, nowMs: number): number {
  return RECENCY_DECAY_PER_HOUR ** (Math.max(0, nowMs - lastAccessedMs) / MS_PER_HOUR);
}

/** Scales values to [0, 1] in place; when all are equal every value becomes 0.5. */
export function minMaxNormalise(values: Float64Array): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  for (let i = 0; i < values.length; i++) values[i] = range > 0 ? (values[i] - min) / range : 0.5;
  return values;
}

/** Raw component values of the candidates, in candidate order. */
export interface RawComponents {
  ids: ArrayLike<number>;
  recency: Float64Array;
  similarity: Float64Array;
  importance: Float64Array;
}

export interface ScoredCandidate {
  /** Index into the candidate arrays. */
  index: number;
  score: number;
  recency: number;
  relevance: number;
  importance: number;
  similarity: number;
}

/**
 * Normalises the components over all candidates, weighs them and returns the best `n`,
 * highest score first, ties broken by the smaller id.
 */
export function rankCandidates(raw: RawComponents, weights: RetrievalWeights, n: number): ScoredCandidate[] {
  const count = raw.ids.length;
  const recency = minMaxNormalise(Float64Array.from(raw.recency));
  const relevance = minMaxNormalise(Float64Array.from(raw.similarity));
  const importance = minMaxNormalise(Float64Array.from(raw.importance));
  const totals = new Float64Array(count);
  for (let i = 0; i < count; i++) totals[i] = weights.recency * recency[i] + weights.relevance * relevance[i] + weights.importance * importance[i];
  return bestIndices(totals, raw.ids, n).map((i) => ({
    index: i,
    score: totals[i],
    recency: recency[i],
    relevance: relevance[i],
    importance: importance[i],
    similarity: raw.similarity[i],
  }));
}

/** Indices of the `n` highest totals, best first, ties by smaller id. */
function bestIndices(totals: Float64Array, ids: ArrayLike<number>, n: number): number[] {
  const top: number[] = [];
  const better = (a: number, b: number) => totals[a] > totals[b] || (totals[a] === totals[b] && ids[a] < ids[b]);
  for (let i = 0; i < totals.length; i++) keepBest(top, i, better, n);
  return top;
}

/**
 * Offers `item` to `top`, a best-first list of at most `n` items (binary insertion; for small n
 * over long scans, where most offers are rejected by the first comparison).
 */
export function keepBest(top: number[], item: number, better: (a: number, b: number) => boolean, n: number): void {
  if (n <= 0 || (top.length === n && !better(item, top[n - 1]))) return;
  let lo = 0;
  let hi = top.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (better(top[mid], item)) lo = mid + 1;
    else hi = mid;
  }
  top.splice(lo, 0, item);
  if (top.length > n) top.pop();
}

/** Dot product of a unit query with row `row` of a row-major matrix of unit vectors (= cosine). */
export function dotRow(query: Float32Array, matrix: Float32Array, row: number): number {
  const dims = query.length;
  const base = row * dims;
  // Four running sums: about twice as fast in V8, and still one fixed order of additions.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dims; d += 4) {
    s0 += query[d] * matrix[base + d];
    s1 += query[d + 1] * matrix[base + d + 1];
    s2 += query[d + 2] * matrix[base + d + 2];
    s3 += query[d + 3] * matrix[base + d + 3];
  }
  for (; d < dims; d++) s0 += query[d] * matrix[base + d];
  return s0 + s1 + s2 + s3;
}

/** A unit-length copy (a zero vector stays zero). */
export function unitVector(v: ArrayLike<number>): Float32Array {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i] * v[i];
  const out = Float32Array.from(v);
  if (sq > 0) {
    const inv = 1 / Math.sqrt(sq);
    for (let i = 0; i < out.length; i++) out[i] *= inv;
  }
  return out;
}
