/**
 * Builds tiny ONNX models with seeded random weights, laid out the way transformers.js expects
 * a model folder (config.json, tokenizer.json, tokenizer_config.json, onnx/model*.onnx), so tests
 * and benchmarks exercise the real loading and inference path offline:
 *  - a BERT-like encoder for feature extraction (embeddings),
 *  - a llama-type decoder with KV-cache inputs/outputs for text generation.
 * Random weights give random text, which is all the loading/generation path needs.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataType, encodeModel, floatTensor, int64Tensor, type GraphSpec, type NodeSpec, type ValueInfoSpec, type Dim } from './onnxProto';

/** Which ONNX file names to write; transformers.js picks one by dtype. */
export type TinyDtype = 'fp32' | 'fp16' | 'q8' | 'q4';
const DTYPE_FILE: Record<TinyDtype, string> = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx', // same fp32 graph under the fp16 name: only file selection is tested
  q8: 'model_quantized.onnx',
  q4: 'model_q4.onnx',
};

/** Seeded uniform numbers in [-scale, scale] (mulberry32), so weights are the same every build. */
function seededWeights(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (count: number, scale: number) => {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = (next() * 2 - 1) * scale;
    return out;
  };
}

function writeModelFolder(dir: string, graph: GraphSpec, files: Record<string, unknown>, dtypes: TinyDtype[]): void {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  const bytes = encodeModel(graph);
  for (const d of dtypes) writeFileSync(join(dir, 'onnx', DTYPE_FILE[d]), bytes);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(content, null, 1));
}

function addedToken(id: number, content: string) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

// ---------------------------------------------------------------- encoder (BERT-like)

const ENCODER_WORDS =
  'the a an is are was to of and in on at for with by from it he she they we you i his her their ' +
  'town cafe coffee bar park house home school library store market party mayor election ' +
  'morning evening night sleep sleeping wake eat eating breakfast lunch dinner talk talking walk ' +
  'read reading write writing paint painting work working idle friend friends music book bed';

function wordPieceVocab(): Record<string, number> {
  const tokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
  const punct = ".,;:!?'\"()-_/&@#$%*+=<>[]{}".split('');
  for (const w of ENCODER_WORDS.split(/\s+/)) if (!tokens.includes(w)) tokens.push(w);
  for (const c of [...chars, ...punct]) if (!tokens.includes(c)) tokens.push(c);
  for (const c of chars) tokens.push(`##${c}`);
  return Object.fromEntries(tokens.map((t, i) => [t, i]));
}

function encoderTokenizerJson(vocab: Record<string, number>) {
  const special = (name: string) => ({ id: name, ids: [vocab[name]], tokens: [name] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map((t) => addedToken(vocab[t], t)),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: { '[CLS]': special('[CLS]'), '[SEP]': special('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}

export interface TinyEncoderOptions {
  /** Output width (the embedding dimension). Default 32. */
  hidden?: number;
  seed?: number;
  dtypes?: TinyDtype[];
}

export interface TinyModelInfo {
  /** Folder holding config.json, tokenizer files and onnx/. */
  dir: string;
  vocabSize: number;
  hidden: number;
}

/** Writes a BERT-like encoder: Gather(word + type embeddings) → MatMul → Tanh → last_hidden_state. */
export function writeTinyEncoder(dir: string, options: TinyEncoderOptions = {}): TinyModelInfo {
  const hidden = options.hidden ?? 32;
  const rand = seededWeights(options.seed ?? 7);
  const vocab = wordPieceVocab();
  const vocabSize = Object.keys(vocab).length;
  const seqDims = ['batch_size', 'sequence_length'];

  const graph: GraphSpec = {
    name: 'tiny_encoder',
    initializers: [
      floatTensor('word_embeddings', [vocabSize, hidden], rand(vocabSize * hidden, 1)),
      floatTensor('type_embeddings', [2, hidden], rand(2 * hidden, 0.1)),
      floatTensor('dense', [hidden, hidden], rand(hidden * hidden, 1 / Math.sqrt(hidden))),
    ],
    nodes: [
      { op: 'Gather', inputs: ['word_embeddings', 'input_ids'], outputs: ['word_vectors'] },
      { op: 'Gather', inputs: ['type_embeddings', 'token_type_ids'], outputs: ['type_vectors'] },
      { op: 'Add', inputs: ['word_vectors', 'type_vectors'], outputs: ['embedded'] },
      { op: 'MatMul', inputs: ['embedded', 'dense'], outputs: ['projected'] },
      { op: 'Tanh', inputs: ['projected'], outputs: ['last_hidden_state'] },
    ],
    inputs: [
      { name: 'input_ids', type: DataType.INT64, shape: seqDims },
      { name: 'attention_mask', type: DataType.INT64, shape: seqDims },
      { name: 'token_type_ids', type: DataType.INT64, shape: seqDims },
    ],
    outputs: [{ name: 'last_hidden_state', type: DataType.FLOAT, shape: ['batch_size', 'sequence_length', hidden] }],
  };

  writeModelFolder(
    dir,
    graph,
    {
      'config.json': { model_type: 'bert', architectures: ['BertModel'], hidden_size: hidden, vocab_size: vocabSize, max_position_embeddings: 512 },
      'tokenizer.json': encoderTokenizerJson(vocab),
      'tokenizer_config.json': {
        tokenizer_class: 'BertTokenizer',
        do_lower_case: true,
        model_max_length: 512,
        cls_token: '[CLS]',
        sep_token: '[SEP]',
        pad_token: '[PAD]',
        unk_token: '[UNK]',
        mask_token: '[MASK]',
      },
    },
    options.dtypes ?? ['fp32'],
  );
  return { dir, vocabSize, hidden };
}

// ---------------------------------------------------------------- decoder (llama-type)

/** GPT-2's byte → printable-character table used by byte-level BPE. */
function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 33; b <= 126; b++) printable.push(b);
  for (let b = 161; b <= 172; b++) printable.push(b);
  for (let b = 174; b <= 255; b++) printable.push(b);
  const table: string[] = new Array(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    table[b] = printable.includes(b) ? String.fromCharCode(b) : String.fromCharCode(256 + extra++);
  }
  return table;
}

/** Special tokens of the decoder's chat format (ChatML, as Qwen uses). */
export const DECODER_SPECIAL = { endOfText: '<|endoftext|>', imStart: '<|im_start|>', imEnd: '<|im_end|>' } as const;

const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

export interface TinyDecoderOptions {
  hidden?: number;
  layers?: number;
  heads?: number;
  seed?: number;
  dtypes?: TinyDtype[];
  /** Write a chat template into tokenizer_config.json (default true). */
  chatTemplate?: boolean;
  /**
   * Push the end-of-sequence logits far down so generation always runs to max_new_tokens
   * (default true: tests then see a predictable number of tokens).
   */
  suppressEos?: boolean;
}

export interface TinyDecoderInfo extends TinyModelInfo {
  layers: number;
  heads: number;
  headDim: number;
  eosTokenId: number;
}

/**
 * Writes a llama-type decoder with a real KV cache: per layer, key/value projections of the new
 * tokens are concatenated after `past_key_values.{i}.*` to give `present.{i}.*`, and attention
 * runs over the whole cache, so `present` grows by the new tokens each step.
 */
export function writeTinyDecoder(dir: string, options: TinyDecoderOptions = {}): TinyDecoderInfo {
  const hidden = options.hidden ?? 32;
  const layers = options.layers ?? 2;
  const heads = options.heads ?? 2;
  const headDim = hidden / heads;
  const maxPositions = 2048;
  const rand = seededWeights(options.seed ?? 11);

  const byteChars = bytesToUnicode();
  const vocab: Record<string, number> = {};
  byteChars.forEach((c, i) => (vocab[c] = i));
  const specialIds = { [DECODER_SPECIAL.endOfText]: 256, [DECODER_SPECIAL.imStart]: 257, [DECODER_SPECIAL.imEnd]: 258 };
  for (const [t, id] of Object.entries(specialIds)) vocab[t] = id;
  const vocabSize = 259;
  const eosTokenId = specialIds[DECODER_SPECIAL.imEnd];

  const logitBias = new Float32Array(vocabSize);
  if (options.suppressEos ?? true) for (const id of Object.values(specialIds)) logitBias[id] = -1e4;

  const scale = 1 / Math.sqrt(hidden);
  const initializers = [
    floatTensor('embed_tokens', [vocabSize, hidden], rand(vocabSize * hidden, 1)),
    floatTensor('embed_positions', [maxPositions, hidden], rand(maxPositions * hidden, 0.2)),
    floatTensor('lm_head', [hidden, vocabSize], rand(hidden * vocabSize, 3 * scale)),
    floatTensor('logit_bias', [vocabSize], logitBias),
    floatTensor('attn_scale', [], [1 / Math.sqrt(headDim)]),
    int64Tensor('split_heads_shape', [4], [0, 0, heads, headDim]),
    int64Tensor('merge_heads_shape', [3], [0, 0, hidden]),
  ];
  const nodes: NodeSpec[] = [
    { op: 'Gather', inputs: ['embed_tokens', 'input_ids'], outputs: ['tok'] },
    { op: 'Gather', inputs: ['embed_positions', 'position_ids'], outputs: ['pos'] },
    { op: 'Add', inputs: ['tok', 'pos'], outputs: ['h0'] },
  ];
  const pastDims: Dim[] = ['batch_size', heads, 'past_sequence_length', headDim];
  const presentDims: Dim[] = ['batch_size', heads, 'total_sequence_length', headDim];
  const inputs: ValueInfoSpec[] = [
    { name: 'input_ids', type: DataType.INT64, shape: ['batch_size', 'sequence_length'] },
    { name: 'attention_mask', type: DataType.INT64, shape: ['batch_size', 'total_sequence_length'] },
    { name: 'position_ids', type: DataType.INT64, shape: ['batch_size', 'sequence_length'] },
  ];
  const outputs: ValueInfoSpec[] = [{ name: 'logits', type: DataType.FLOAT, shape: ['batch_size', 'sequence_length', vocabSize] }];

  // [B, S, hidden] → [B, heads, S, headDim]
  const toHeads = (input: string, out: string): NodeSpec[] => [
    { op: 'Reshape', inputs: [input, 'split_heads_shape'], outputs: [`${out}_bshd`] },
    { op: 'Transpose', inputs: [`${out}_bshd`], outputs: [out], attributes: { perm: [0, 2, 1, 3] } },
  ];

  for (let i = 0; i < layers; i++) {
    const h = `h${i}`;
    for (const p of ['q', 'k', 'v', 'o']) initializers.push(floatTensor(`l${i}_${p}`, [hidden, hidden], rand(hidden * hidden, scale)));
    nodes.push(
      { op: 'MatMul', inputs: [h, `l${i}_q`], outputs: [`l${i}_q_flat`] },
      { op: 'MatMul', inputs: [h, `l${i}_k`], outputs: [`l${i}_k_flat`] },
      { op: 'MatMul', inputs: [h, `l${i}_v`], outputs: [`l${i}_v_flat`] },
      ...toHeads(`l${i}_q_flat`, `l${i}_q_heads`),
      ...toHeads(`l${i}_k_flat`, `l${i}_k_new`),
      ...toHeads(`l${i}_v_flat`, `l${i}_v_new`),
      // The cache grows: present = past ++ new along the sequence axis.
      { op: 'Concat', inputs: [`past_key_values.${i}.key`, `l${i}_k_new`], outputs: [`present.${i}.key`], attributes: { axis: 2 } },
      { op: 'Concat', inputs: [`past_key_values.${i}.value`, `l${i}_v_new`], outputs: [`present.${i}.value`], attributes: { axis: 2 } },
      { op: 'Transpose', inputs: [`present.${i}.key`], outputs: [`l${i}_k_t`], attributes: { perm: [0, 1, 3, 2] } },
      { op: 'MatMul', inputs: [`l${i}_q_heads`, `l${i}_k_t`], outputs: [`l${i}_scores_raw`] },
      { op: 'Mul', inputs: [`l${i}_scores_raw`, 'attn_scale'], outputs: [`l${i}_scores`] },
      { op: 'Softmax', inputs: [`l${i}_scores`], outputs: [`l${i}_probs`], attributes: { axis: 3 } },
      { op: 'MatMul', inputs: [`l${i}_probs`, `present.${i}.value`], outputs: [`l${i}_ctx_heads`] },
      { op: 'Transpose', inputs: [`l${i}_ctx_heads`], outputs: [`l${i}_ctx_bshd`], attributes: { perm: [0, 2, 1, 3] } },
      { op: 'Reshape', inputs: [`l${i}_ctx_bshd`, 'merge_heads_shape'], outputs: [`l${i}_ctx`] },
      { op: 'MatMul', inputs: [`l${i}_ctx`, `l${i}_o`], outputs: [`l${i}_attn_out`] },
      { op: 'Add', inputs: [h, `l${i}_attn_out`], outputs: [`l${i}_res`] },
      { op: 'Tanh', inputs: [`l${i}_res`], outputs: [`h${i + 1}`] },
    );
    for (const kind of ['key', 'value']) {
      inputs.push({ name: `past_key_values.${i}.${kind}`, type: DataType.FLOAT, shape: pastDims });
      outputs.push({ name: `present.${i}.${kind}`, type: DataType.FLOAT, shape: presentDims });
    }
  }
  nodes.push(
    { op: 'MatMul', inputs: [`h${layers}`, 'lm_head'], outputs: ['logits_raw'] },
    { op: 'Add', inputs: ['logits_raw', 'logit_bias'], outputs: ['logits'] },
  );

  const tokenizerConfig: Record<string, unknown> = {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: null,
    eos_token: DECODER_SPECIAL.imEnd,
    pad_token: DECODER_SPECIAL.endOfText,
    unk_token: null,
    model_max_length: maxPositions,
    add_bos_token: false,
  };
  if (options.chatTemplate ?? true) tokenizerConfig.chat_template = CHATML_TEMPLATE;

  writeModelFolder(
    dir,
    { name: 'tiny_decoder', nodes, initializers, inputs, outputs },
    {
      'config.json': {
        model_type: 'llama',
        architectures: ['LlamaForCausalLM'],
        vocab_size: vocabSize,
        hidden_size: hidden,
        num_hidden_layers: layers,
        num_attention_heads: heads,
        num_key_value_heads: heads,
        head_dim: headDim,
        max_position_embeddings: maxPositions,
        bos_token_id: null,
        eos_token_id: eosTokenId,
        pad_token_id: specialIds[DECODER_SPECIAL.endOfText],
        tie_word_embeddings: false,
      },
      'generation_config.json': { eos_token_id: eosTokenId, pad_token_id: specialIds[DECODER_SPECIAL.endOfText], do_sample: false },
      'tokenizer.json': {
        version: '1.0',
        truncation: null,
        padding: null,
        added_tokens: Object.entries(specialIds).map(([t, id]) => addedToken(id, t)),
        normalizer: null,
        pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
        post_processor: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: true },
        decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
        model: {
          type: 'BPE',
          dropout: null,
          unk_token: null,
          continuing_subword_prefix: null,
          end_of_word_suffix: null,
          fuse_unk: false,
          byte_fallback: false,
          vocab,
          merges: [],
        },
      },
      'tokenizer_config.json': tokenizerConfig,
    },
    options.dtypes ?? ['fp32'],
  );
  return { dir, vocabSize, hidden, layers, heads, headDim, eosTokenId };
}

// ---------------------------------------------------------------- both, in a models folder

/** Model ids of the tiny models inside a models folder (`<root>/<id>/`). */
export const TINY_ENCODER_ID = 'hamlet-test/tiny-bert';
export const TINY_DECODER_ID = 'hamlet-test/tiny-llama';

export interface TinyModels {
  /** A models folder: pass it as `modelsDir`. */
  root: string;
  encoderId: string;
  decoderId: string;
  encoder: TinyModelInfo;
  decoder: TinyDecoderInfo;
}

/**
 * Writes both tiny models into a fresh temporary models folder (or `root`), with fp32 and q8
 * files so dtype selection can be exercised.
 */
export function buildTinyModels(root?: string, options: { decoder?: TinyDecoderOptions; encoder?: TinyEncoderOptions } = {}): TinyModels {
  const base = root ?? mkdtempSync(join(tmpdir(), 'hamlet-tiny-models-'));
  const encoder = writeTinyEncoder(join(base, TINY_ENCODER_ID), { dtypes: ['fp32', 'q8'], ...options.encoder });
  const decoder = writeTinyDecoder(join(base, TINY_DECODER_ID), { dtypes: ['fp32', 'q8', 'q4'], ...options.decoder });
  return { root: base, encoderId: TINY_ENCODER_ID, decoderId: TINY_DECODER_ID, encoder, decoder };
}
