import { describe, expect, it } from 'vitest';
import { dotRow, keepBest, minMaxNormalise, rankCandidates, recencyScore, unitVector, WEIGHT_PRESETS } from '../../../server/mind/memory/scoring';

const HOUR = 3_600_000;

describe('retrieval scoring', () => {
  it('decays recency by 0.995 per game hour since last access', () => {
    expect(recencyScore(0, 0)).toBe(1);
    expect(recencyScore(0, HOUR)).toBeCloseTo(0.995, 12);
    expect(recencyScore(0, 10 * HOUR)).toBeCloseTo(0.995 ** 10, 12);
    expect(recencyScore(0, 30 * 60_000)).toBeCloseTo(Math.sqrt(0.995), 12);
    expect(recencyScore(5 * HOUR, 0)).toBe(1); // accessed "in the future" counts as now
  });

  it('min–max normalises to [0, 1], and all-equal values to 0.5', () => {
    expect([...minMaxNormalise(Float64Array.from([2, 4, 3]))]).toEqual([0, 1, 0.5]);
    expect([...minMaxNormalise(Float64Array.from([7, 7, 7]))]).toEqual([0.5, 0.5, 0.5]);
    expect([...minMaxNormalise(Float64Array.from([-1]))]).toEqual([0.5]);
  });

  it('weighs normalised components with both presets and breaks ties by id', () => {
    const raw = {
      ids: [10, 11, 12],
      recency: Float64Array.from([1, 0.9, 0.8]), // → 1, 0.5, 0
      similarity: Float64Array.from([0.1, 0.5, 0.9]), // → 0, 0.5, 1
      importance: Float64Array.from([2, 2, 8]), // → 0, 0, 1
    };
    const paper = rankCandidates(raw, WEIGHT_PRESETS.paper, 3);
    expect(paper.map((c) => [raw.ids[c.index], c.score])).toEqual([
      [12, 2],
      [10, 1],
      [11, 1],
    ]);
    const reference = rankCandidates(raw, WEIGHT_PRESETS.reference, 3);
    // 12: 0.5·0 + 3·1 + 2·1 = 5; 11: 0.5·0.5 + 3·0.5 = 1.75; 10: 0.5·1 = 0.5
    expect(reference.map((c) => [raw.ids[c.index], c.score])).toEqual([
      [12, 5],
      [11, 1.75],
      [10, 0.5],
    ]);
    expect(reference[1]).toMatchObject({ recency: 0.5, relevance: 0.5, importance: 0, similarity: 0.5 });
    expect(rankCandidates(raw, WEIGHT_PRESETS.paper, 1)).toHaveLength(1);
  });
});

describe('scoring helpers, exactly', () => {
  it('breaks ties by the smaller id whatever the candidate order, and keeps no more than n', () => {
    const raw = { ids: [7, 3, 5], recency: Float64Array.from([1, 1, 1]), similarity: Float64Array.from([0, 0, 0]), importance: Float64Array.from([1, 1, 1]) };
    expect(rankCandidates(raw, WEIGHT_PRESETS.paper, 3).map((c) => raw.ids[c.index])).toEqual([3, 5, 7]);
    expect(rankCandidates(raw, WEIGHT_PRESETS.paper, 2).map((c) => raw.ids[c.index])).toEqual([3, 5]);
    expect(rankCandidates(raw, WEIGHT_PRESETS.paper, 0)).toEqual([]);
  });

  it('keepBest keeps the best n, best first, and nothing for n = 0', () => {
    const better = (a: number, b: number) => a > b;
    const top: number[] = [];
    for (const item of [4, 9, 1, 7, 9, 3]) keepBest(top, item, better, 3);
    expect(top).toEqual([9, 9, 7]);
    const none: number[] = [];
    keepBest(none, 5, better, 0);
    expect(none).toEqual([]);
  });

  it('makes unit vectors without touching the input; a zero vector stays zero', () => {
    const input = [3, 4];
    expect([...unitVector(input)]).toEqual([Math.fround(0.6), Math.fround(0.8)]);
    expect(input).toEqual([3, 4]);
    expect([...unitVector([0, 0, 0])]).toEqual([0, 0, 0]);
    expect([...unitVector([-2])]).toEqual([-1]);
  });

  it('dot products rows of any width, the unrolled part and the rest', () => {
    const query = Float32Array.from([1, 2, 3, 4, 5]);
    const matrix = Float32Array.from([1, 1, 1, 1, 1, 0, 1, 0, 1, 0]);
    expect(dotRow(query, matrix, 0)).toBe(15);
    expect(dotRow(query, matrix, 1)).toBe(6);
  });
});
