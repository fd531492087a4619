/**
 * One agent's unit embeddings as a row-major float32 matrix in WebAssembly memory, and the dot
 * product of a query with one row computed there with SIMD instructions.
 *
 * Why: a retrieval at 100k memories scores ~1,400 candidates exactly, a 384-d dot product each
 * (about a third of its time in JavaScript). The SIMD loop does the same arithmetic in the same
 * order as `dotRow` (scoring.ts): four double-precision running sums over dimensions d ≡ 0, 1, 2, 3
 * (mod 4), float32 × float32 products (exact in doubles), the leftover dimensions added to the
 * first sum, then ((s0 + s1) + s2) + s3. So the results are bit-identical to `dotRow`: the same
 * retrievals and the same step logs, about 2.5× faster (two f64x2 sums instead of four scalar ones,
 * no bounds checks). tests/unit/memory/embeddingMatrix.test.ts checks the identity.
 *
 * Memory layout: the query as float64 at byte 0 (promoted once per retrieval), then the rows.
 * Each matrix has its own WebAssembly.Memory, grown (doubling) as rows are added.
 */

/*
 * The module, in the text format (assembled by hand into DOT_WASM below):
 *
 * (module
 *   (memory (import "env" "memory") 0)
 *   (func (export "dot") (param $q i32) (param $m i32) (param $dims i32) (result f64)
 *     (local $d i32) (local $a v128) (local $b v128) (local $mv v128) (local $s0 f64)
 *     (block $done (loop $four
 *       (br_if $done (i32.gt_u (i32.add (local.get $d) (i32.const 4)) (local.get $dims)))
 *       ;; a += (m[d], m[d+1]) · (q[d], q[d+1]);  b += (m[d+2], m[d+3]) · (q[d+2], q[d+3])
 *       (local.set $a (f64x2.add (local.get $a) (f64x2.mul
 *         (f64x2.promote_low_f32x4 (local.tee $mv (v128.load (i32.add (local.get $m) (i32.shl (local.get $d) (i32.const 2))))))
 *         (v128.load (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 3)))))))
 *       (local.set $b (f64x2.add (local.get $b) (f64x2.mul
 *         (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $mv) (local.get $mv)))
 *         (v128.load offset=16 (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 3)))))))
 *       (local.set $d (i32.add (local.get $d) (i32.const 4)))
 *       (br $four)))
 *     (local.set $s0 (f64x2.extract_lane 0 (local.get $a)))
 *     (block $end (loop $one                      ;; dims not a multiple of 4: the rest into s0
 *       (br_if $end (i32.ge_u (local.get $d) (local.get $dims)))
 *       (local.set $s0 (f64.add (local.get $s0) (f64.mul
 *         (f64.load (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 3))))
 *         (f64.promote_f32 (f32.load (i32.add (local.get $m) (i32.shl (local.get $d) (i32.const 2))))))))
 *       (local.set $d (i32.add (local.get $d) (i32.const 1)))
 *       (br $one)))
 *     (f64.add (f64.add (f64.add (local.get $s0) (f64x2.extract_lane 1 (local.get $a)))
 *       (f64x2.extract_lane 0 (local.get $b))) (f64x2.extract_lane 1 (local.get $b)))))
 */
const DOT_WASM =
  'AGFzbQEAAAABCAFgA39/fwF8Ag8BA2VudgZtZW1vcnkCAAADAgEABwcBA2RvdAAACsYBAcMBAwF/A3sBfAJAA0AgA0EEaiACSw0BIAQgASADQQJ0av0AAgAiBv1fIAAgA0EDdGr9AAMA/fIB/fABIQQgBSAGIAb9DQgJCgsMDQ4PCAkKCwwNDg/9XyAAIANBA3Rq/QADEP3yAf3wASEFIANBBGohAwwACwsgBP0hACEHAkADQCADIAJPDQEgByAAIANBA3RqKwMAIAEgA0ECdGoqAgC7oqAhByADQQFqIQMMAAsLIAcgBP0hAaAgBf0hAKAgBf0hAaAL';

const PAGE_BYTES = 65_536;
let compiled: WebAssembly.Module | null = null;

type Dot = (queryOffset: number, rowOffset: number, dims: number) => number;

export class EmbeddingMatrix {
  private readonly memory: WebAssembly.Memory;
  private readonly dotAt: Dot;
  /** Byte offset of row 0 (after the query, 16-byte aligned). */
  private readonly rowsOffset: number;
  private readonly rowBytes: number;
  private rowCapacity: number;
  /** Views of the memory (replaced when it grows: growing detaches the old buffer). */
  private rows: Float32Array;
  private query: Float64Array;

  constructor(
    readonly dims: number,
    capacity: number,
  ) {
    compiled ??= new WebAssembly.Module(Buffer.from(DOT_WASM, 'base64'));
    this.rowsOffset = Math.ceil((dims * 8) / 16) * 16;
    this.rowBytes = dims * 4;
    this.rowCapacity = Math.max(1, capacity);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((this.rowsOffset + this.rowCapacity * this.rowBytes) / PAGE_BYTES) });
    this.dotAt = new WebAssembly.Instance(compiled, { env: { memory: this.memory } }).exports.dot as Dot;
    this.rows = this.viewRows();
    this.query = new Float64Array(this.memory.buffer, 0, dims);
  }

  get capacity(): number {
    return this.rowCapacity;
  }

  /** Writes row `row` (below `capacity`). */
  set(row: number, unit: Float32Array): void {
    this.rows.set(unit, row * this.dims);
  }

  /** Row `row` as a view (valid until the matrix grows). */
  row(row: number): Float32Array {
    return this.rows.subarray(row * this.dims, (row + 1) * this.dims);
  }

  /** Sets the query that `dot` multiplies rows with. */
  setQuery(query: Float32Array): void {
    this.query.set(query);
  }

  /** Dot product of the query with row `row`, bit-identical to dotRow(query, matrix, row). */
  dot(row: number): number {
    return this.dotAt(0, this.rowsOffset + row * this.rowBytes, this.dims);
  }

  /** Makes room for at least `capacity` rows (keeping the rows written). */
  grow(capacity: number): void {
    if (capacity <= this.rowCapacity) return;
    const bytes = this.rowsOffset + capacity * this.rowBytes;
    this.memory.grow(Math.max(0, Math.ceil((bytes - this.memory.buffer.byteLength) / PAGE_BYTES)));
    this.rowCapacity = capacity;
    this.rows = this.viewRows();
    this.query = new Float64Array(this.memory.buffer, 0, this.dims);
  }

  private viewRows(): Float32Array {
    return new Float32Array(this.memory.buffer, this.rowsOffset, this.rowCapacity * this.dims);
  }
}
