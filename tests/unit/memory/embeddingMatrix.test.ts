import { describe, expect, it } from 'vitest';
import { Rng } from '../../../server/engine/rng';
import { EmbeddingMatrix, QuantizedRows } from '../../../server/mind/memory/embeddingMatrix';
import { dotRow, unitVector } from '../../../server/mind/memory/scoring';

describe('embedding matrix (WebAssembly SIMD dot products)', () => {
  it('gives exactly dotRow\'s results, for any width (the four-wide part and the rest)', () => {
    const rng = new Rng('embedding-matrix');
    for (const dims of [1, 3, 4, 5, 7, 8, 31, 384, 385]) {
      const rows = 50;
      const matrix = new EmbeddingMatrix(dims, rows);
      const plain = new Float32Array(rows * dims);
      for (let r = 0; r < rows; r++) {
        const unit = unitVector(Array.from({ length: dims }, () => rng.next() * 2 - 1));
        matrix.set(r, unit);
        plain.set(unit, r * dims);
      }
      for (let t = 0; t < 5; t++) {
        const query = unitVector(Array.from({ length: dims }, () => rng.next() * 2 - 1));
        matrix.setQuery(query);
        // toBe is Object.is: the same double, bit for bit, not merely close.
        for (let r = 0; r < rows; r++) expect(matrix.dot(r)).toBe(dotRow(query, plain, r));
      }
    }
  });

  it('keeps its rows and query when it grows past its capacity', () => {
    const dims = 384;
    const matrix = new EmbeddingMatrix(dims, 2);
    const row = (i: number) => unitVector(Array.from({ length: dims }, (_, d) => Math.sin(i + d)));
    const query = row(99);
    matrix.setQuery(query);
    for (let i = 0; i < 300; i++) {
      if (i === matrix.capacity) matrix.grow(matrix.capacity * 2);
      matrix.set(i, row(i));
    }
    expect(matrix.capacity).toBe(512);
    for (const i of [0, 1, 2, 150, 299]) {
      expect([...matrix.row(i)]).toEqual([...row(i)]);
      expect(matrix.dot(i)).toBe(dotRow(query, row(i), 0));
    }
  });

  it('estimates dot products from int8 rows within the error it states', () => {
    const rng = new Rng('quantized-rows');
    for (const dims of [3, 16, 33, 384]) {
      const rows = 200;
      const quantized = new QuantizedRows(dims, 4);
      const plain = new Float32Array(rows * dims);
      for (let r = 0; r < rows; r++) {
        if (r === quantized.capacity) quantized.grow(quantized.capacity * 2);
        // Some rows peaked on one dimension (a coarse int8 step for the rest), one all zero.
        const unit = r === 7 ? new Float32Array(dims) : unitVector(Array.from({ length: dims }, (_, d) => (rng.next() * 2 - 1) * (d === r % dims && r % 3 === 0 ? 20 : 1)));
        quantized.set(r, unit);
        plain.set(unit, r * dims);
      }
      let widest = 0;
      for (let t = 0; t < 10; t++) {
        const query = unitVector(Array.from({ length: dims }, () => rng.next() * 2 - 1));
        quantized.setQuery(query);
        for (let r = 0; r < rows; r++) {
          const exact = dotRow(query, plain, r);
          expect(Math.abs(quantized.estimate(r) - exact)).toBeLessThanOrEqual(quantized.error(r));
          widest = Math.max(widest, quantized.error(r));
        }
      }
      expect(widest).toBeLessThan(0.1); // tight enough to be worth it
    }
  });
});
