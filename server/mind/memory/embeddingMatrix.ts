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
 *
 * QuantizedRows keeps the same embeddings as int8 rows (a quarter of the bytes) for a screen with
 * a proven error bound: most memories of retrieval's recency window cannot rank, and the screen
 * shows it without their exact dot product.
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
/*
 * And the screen's integer dot product (rows of int8, the query as int16, both padded with zeros
 * to a multiple of 16):
 *
 *   (func (export "dot8") (param $q i32) (param $v i32) (param $padded i32) (result i32)
 *     (local $off i32) (local $acc v128)
 *     (block $done (loop $sixteen
 *       (br_if $done (i32.ge_u (local.get $off) (local.get $padded)))
 *       (local.set $acc (i32x4.add (i32x4.add (local.get $acc)
 *         (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (v128.load (i32.add (local.get $v) (local.get $off))))
 *                            (v128.load (i32.add (local.get $q) (i32.shl (local.get $off) (i32.const 1))))))
 *         (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (v128.load (i32.add (local.get $v) (local.get $off))))
 *                            (v128.load offset=16 (i32.add (local.get $q) (i32.shl (local.get $off) (i32.const 1)))))))
 *       (local.set $off (i32.add (local.get $off) (i32.const 16)))
 *       (br $sixteen)))
 *     (i32.add (i32.add (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
 *       (i32x4.extract_lane 2 (local.get $acc))) (i32x4.extract_lane 3 (local.get $acc))))
 */
const DOT_WASM =
  'AGFzbQEAAAABDwJgA39/fwF8YAN/f38BfwIPAQNlbnYGbWVtb3J5AgAAAwMCAAEHDgIDZG90AAAEZG90OAABCroCAsMBAwF/A3sBfAJAA0AgA0EEaiACSw0BIAQgASADQQJ0av0AAgAiBv1fIAAgA0EDdGr9AAMA/fIB/fABIQQgBSAGIAb9DQgJCgsMDQ4PCAkKCwwNDg/9XyAAIANBA3Rq/QADEP3yAf3wASEFIANBBGohAwwACwsgBP0hACEHAkADQCADIAJPDQEgByAAIANBA3RqKwMAIAEgA0ECdGoqAgC7oqAhByADQQFqIQMMAAsLIAcgBP0hAaAgBf0hAKAgBf0hAaALcwIBfwF7AkADQCADIAJPDQEgBCABIANq/QAAAP2HASAAIANBAXRq/QABAP26Af2uASABIANq/QAAAP2IASAAIANBAXRq/QABEP26Af2uASEEIANBEGohAwwACwsgBP0bACAE/RsBaiAE/RsCaiAE/RsDags=';

const PAGE_BYTES = 65_536;
let compiled: WebAssembly.Module | null = null;

type Dot = (queryOffset: number, rowOffset: number, dims: number) => number;

/** The module's functions over `memory`. */
function instantiate(memory: WebAssembly.Memory): { dot: Dot; dot8: Dot } {
  compiled ??= new WebAssembly.Module(Buffer.from(DOT_WASM, 'base64'));
  return new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as { dot: Dot; dot8: Dot };
}

function pagesFor(bytes: number): number {
  return Math.ceil(bytes / PAGE_BYTES);
}

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
    this.rowsOffset = Math.ceil((dims * 8) / 16) * 16;
    this.rowBytes = dims * 4;
    this.rowCapacity = Math.max(1, capacity);
    this.memory = new WebAssembly.Memory({ initial: Math.ceil((this.rowsOffset + this.rowCapacity * this.rowBytes) / PAGE_BYTES) });
    this.dotAt = instantiate(this.memory).dot;
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

/** Integer part of the query scale: int8 × int16 products summed over the padded row must fit an int32. */
const INT32_MAX = 2 ** 31 - 1;

/**
 * The same unit embeddings as int8 rows (each with its own scale), for a cheap screen: `estimate`
 * gives a row's dot product with the query to within `error` (a proven bound, not a statistical
 * one), from a quarter of the bytes and a quarter of the instructions. Retrieval scores exactly
 * only the recent memories whose similarity could still make them rank.
 */
export class QuantizedRows {
  private readonly memory: WebAssembly.Memory;
  private readonly dot8: Dot;
  /** Row length in bytes: dims padded with zeros to a multiple of 16 (the SIMD width). */
  private readonly padded: number;
  private readonly rowsOffset: number;
  private rowCapacity: number;
  private rows: Int8Array;
  private query: Int16Array;
  /** Per row: the value of one int8 step (max |component| / 127). */
  private scales: Float64Array;
  private readonly queryMax: number;
  /** Per query: the value of one int16 step, and the error per unit of row scale and the fixed error. */
  private queryScale = 0;
  private errorPerScale = 0;
  private errorFixed = 0;

  constructor(
    readonly dims: number,
    capacity: number,
  ) {
    this.padded = Math.ceil(dims / 16) * 16;
    this.rowsOffset = this.padded * 2;
    this.rowCapacity = Math.max(1, capacity);
    this.queryMax = Math.min(32_767, Math.floor(INT32_MAX / (127 * this.padded)));
    this.memory = new WebAssembly.Memory({ initial: pagesFor(this.rowsOffset + this.rowCapacity * this.padded) });
    this.dot8 = instantiate(this.memory).dot8;
    this.rows = new Int8Array(this.memory.buffer, this.rowsOffset, this.rowCapacity * this.padded);
    this.query = new Int16Array(this.memory.buffer, 0, this.padded);
    this.scales = new Float64Array(this.rowCapacity);
  }

  /** Quantises and writes row `row` (below the capacity). */
  set(row: number, unit: Float32Array): void {
    const scale = maxAbs(unit) / 127;
    this.scales[row] = scale;
    const base = row * this.padded;
    for (let d = 0; d < this.dims; d++) this.rows[base + d] = scale > 0 ? Math.round(unit[d] / scale) : 0;
  }

  /** Quantises the query (a unit vector) and prepares the error bound. */
  setQuery(query: Float32Array): void {
    const step = maxAbs(query) / this.queryMax;
    let l1 = 0;
    for (let d = 0; d < this.dims; d++) {
      this.query[d] = step > 0 ? Math.round(query[d] / step) : 0;
      l1 += Math.abs(query[d]);
    }
    this.queryScale = step;
    // With row value v = s·a + e (|e| ≤ s/2) and query value q = t·b + f (|f| ≤ t/2):
    // q·v − s·t·Σab = s·Σfa + Σqe, and |s·Σfa| ≤ (t/2)(‖v‖₁ + s·dims/2), |Σqe| ≤ (s/2)‖q‖₁, with
    // ‖v‖₁ ≤ √dims for a unit row. Slightly widened for rounding in these sums.
    this.errorPerScale = (l1 / 2 + (step * this.dims) / 4) * (1 + 1e-6);
    this.errorFixed = (step / 2) * Math.sqrt(this.dims) * 1.0001 + 1e-9;
  }

  /** Row `row`'s dot product with the query, approximately. */
  estimate(row: number): number {
    return this.scales[row] * this.queryScale * this.dot8(0, this.rowsOffset + row * this.padded, this.padded);
  }

  /** How far the exact dot product can be from `estimate(row)`. */
  error(row: number): number {
    return this.scales[row] * this.errorPerScale + this.errorFixed;
  }

  get capacity(): number {
    return this.rowCapacity;
  }

  /** Makes room for at least `capacity` rows (keeping the rows written). */
  grow(capacity: number): void {
    if (capacity <= this.rowCapacity) return;
    const bytes = this.rowsOffset + capacity * this.padded;
    this.memory.grow(Math.max(0, pagesFor(bytes) - pagesFor(this.memory.buffer.byteLength)));
    this.rowCapacity = capacity;
    this.rows = new Int8Array(this.memory.buffer, this.rowsOffset, capacity * this.padded);
    this.query = new Int16Array(this.memory.buffer, 0, this.padded);
    const scales = new Float64Array(capacity);
    scales.set(this.scales);
    this.scales = scales;
  }
}

function maxAbs(v: Float32Array): number {
  let max = 0;
  for (let d = 0; d < v.length; d++) max = Math.max(max, Math.abs(v[d]));
  return max;
}
