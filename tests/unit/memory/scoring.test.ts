import { describe, expect, it } from 'vitest';
import { minMaxNormalise, rankCandidates, recencyScore, WEIGHT_PRESETS } from '../../../server/mind/memory/scoring';

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
