/**
 * A minimal writer for the ONNX protobuf format (onnx.proto, proto2 wire format), enough to
 * build small test graphs without an extra npm package: ModelProto, GraphProto, NodeProto,
 * AttributeProto, TensorProto, ValueInfoProto. Field numbers follow onnx/onnx.proto.
 */

/** Appends protobuf fields to a growing byte list. */
class ProtoWriter {
  private readonly bytes: number[] = [];

  private varint(value: bigint): void {
    // Negative int64 values are written as their 64-bit two's complement (10 bytes).
    let v = value < 0n ? (1n << 64n) + value : value;
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }

  private tag(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.varint(BigInt(value));
    return this;
  }

  float(field: number, value: number): this {
    this.tag(field, 5);
    const buf = Buffer.alloc(4);
    buf.writeFloatLE(value);
    this.bytes.push(...buf);
    return this;
  }

  bytesField(field: number, data: Uint8Array): this {
    this.tag(field, 2);
    this.varint(BigInt(data.length));
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i]);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  message(field: number, inner: ProtoWriter): this {
    return this.bytesField(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** ONNX TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, INT32: 6, INT64: 7, BOOL: 9 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** A dimension: a fixed size or a symbolic name such as "batch_size". */
export type Dim = number | string;

export interface TensorSpec {
  name: string;
  dims: number[];
  type: DataTypeCode;
  /** Little-endian raw bytes of the values. */
  raw: Uint8Array;
}

export interface ValueInfoSpec {
  name: string;
  type: DataTypeCode;
  shape: Dim[];
}

export type AttributeValue = number | number[] | string | { float: number };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attributes?: Record<string, AttributeValue>;
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  initializers: TensorSpec[];
  inputs: ValueInfoSpec[];
  outputs: ValueInfoSpec[];
}

export function floatTensor(name: string, dims: number[], values: Float32Array | number[]): TensorSpec {
  const data = values instanceof Float32Array ? values : Float32Array.from(values);
  return { name, dims, type: DataType.FLOAT, raw: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): TensorSpec {
  const data = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, dims, type: DataType.INT64, raw: new Uint8Array(data.buffer) };
}

function tensorProto(t: TensorSpec): ProtoWriter {
  const w = new ProtoWriter();
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.type);
  w.string(8, t.name);
  w.bytesField(9, t.raw);
  return w;
}

function valueInfoProto(v: ValueInfoSpec): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tensorType = new ProtoWriter().int(1, v.type).message(2, shape);
  const typeProto = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, v.name).message(2, typeProto);
}

// AttributeProto.AttributeType
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

function attributeProto(name: string, value: AttributeValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  if (typeof value === 'number') w.int(3, value).int(20, ATTR_INT);
  else if (typeof value === 'string') w.string(4, value).int(20, ATTR_STRING);
  else if (Array.isArray(value)) {
    for (const v of value) w.int(8, v);
    w.int(20, ATTR_INTS);
  } else w.float(2, value.float).int(20, ATTR_FLOAT);
  return w;
}

function nodeProto(n: NodeSpec, index: number): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name ?? `${n.op}_${index}`);
  w.string(4, n.op);
  for (const [k, v] of Object.entries(n.attributes ?? {})) w.message(5, attributeProto(k, v));
  return w;
}

/** Serialises a graph as an ONNX ModelProto (IR version 8, default-domain opset 17). */
export function encodeModel(graph: GraphSpec, opset = 17): Uint8Array {
  const g = new ProtoWriter();
  graph.nodes.forEach((n, i) => g.message(1, nodeProto(n, i)));
  g.string(2, graph.name);
  for (const t of graph.initializers) g.message(5, tensorProto(t));
  for (const v of graph.inputs) g.message(11, valueInfoProto(v));
  for (const v of graph.outputs) g.message(12, valueInfoProto(v));

  const opsetId = new ProtoWriter().string(1, '').int(2, opset);
  return new ProtoWriter().int(1, 8).string(2, 'hamlet-tests').message(7, g).message(8, opsetId).finish();
}
