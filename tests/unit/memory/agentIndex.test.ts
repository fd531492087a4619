import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../server/engine/rng';
import { AgentIndex, DEFAULT_INDEX_PARAMS } from '../../../server/mind/memory/agentIndex';
import { unitVector } from '../../../server/mind/memory/scoring';

const DIMS = 24;
const rng = new Rng('agent-index-test');
const points = Array.from({ length: 600 }, () => unitVector(Array.from({ length: DIMS }, () => rng.next() - 0.5)));
const queries = points.slice(0, 40).map((p) => unitVector(p.map((x) => x + (rng.next() - 0.5) * 0.2)));
const importanceOf = (label: number) => 1 + (label % 10);
const dir = mkdtempSync(join(tmpdir(), 'hamlet-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function build(initialCapacity = 16) {
  const index = AgentIndex.create(DIMS, { ...DEFAULT_INDEX_PARAMS, initialCapacity });
  points.forEach((p, i) => index.add(i + 1, p, importanceOf(i + 1)));
  return index;
}

describe('AgentIndex', () => {
  it('gives identical results for the same points inserted in the same order', () => {
    const a = build();
    const b = build(1000); // capacity does not change the graph
    for (const q of queries) expect(a.search(q, 30)).toEqual(b.search(q, 30));
  });

  it('doubles its capacity as it fills', () => {
    const index = build(16);
    expect(index.size).toBe(600);
    expect(index.capacity).toBe(1024);
  });

  it('reads back a written file with the same results and its search ef', () => {
    const a = build();
    const path = join(dir, 'a.bin');
    a.write(path);
    const b = AgentIndex.read(path, DIMS, { ...DEFAULT_INDEX_PARAMS, ef: 200 });
    expect(b.size).toBe(600);
    // With ef 200 on 600 points the search is exhaustive enough to match the original at ef 100.
    for (const q of queries) expect(b.search(q, 10)).toEqual(a.search(q, 10));
    expect(() => AgentIndex.read(path, DIMS + 1, DEFAULT_INDEX_PARAMS)).toThrow();
  });

  it('ranks by similarity plus a weight on importance', () => {
    const index = build(1000);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, d) => sum + x * b[d], 0);
    for (const lambda of [0, 0.05, 0.5]) {
      const q = queries[3];
      const exact = points
        .map((p, i) => ({ label: i + 1, value: dot(q, p) + lambda * importanceOf(i + 1) }))
        .sort((a, b) => b.value - a.value)
        .slice(0, 10)
        .map((x) => x.label);
      const found = index.search(q, 10, undefined, lambda);
      expect(found.filter((label) => exact.includes(label)).length).toBeGreaterThanOrEqual(9);
    }
    const far = index.farthest(queries[0])!;
    expect(Math.min(...points.map((p) => dot(queries[0], p)))).toBeCloseTo(dot(queries[0], points[far - 1]), 5);
  });

  it('filters ids during the search and caps k at the size', () => {
    const index = build();
    const even = index.search(queries[0], 20, (id) => id % 2 === 0);
    expect(even).toHaveLength(20);
    expect(even.every((id) => id % 2 === 0)).toBe(true);
    expect(AgentIndex.create(DIMS, DEFAULT_INDEX_PARAMS).search(queries[0], 5)).toEqual([]);
    expect(build().search(queries[0], 10_000)).toHaveLength(600);
  });
});
