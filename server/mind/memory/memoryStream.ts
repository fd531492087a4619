/**
 * The memory streams of every agent in a simulation: the nodes held in memory for reads (with a
 * per-agent hnswlib index), new nodes and touches buffered until `flush()`, which the mind calls
 * from `commit(step)` inside the step's SQLite transaction.
 *
 * Determinism: ids are assigned in `insert` order and nothing reads a clock, so a caller that
 * inserts in a fixed (agent) order and runs each agent's retrievals in sequence gets the same
 * ids and the same retrievals on every run. Embedding (`embed`, `add`) may run concurrently;
 * `add` inserts when its embedding arrives, so concurrent callers should embed first and then
 * `insert` in order (or use `addMany`).
 */
import { createHash } from 'node:crypto';
import type { AgentId } from '../../engine/types';
import { AgentIndex, DEFAULT_INDEX_PARAMS, type IndexParams } from './agentIndex';
import { AgentMemory, typeMask, type StoredNode } from './agentMemory';
import type { CachedEmbedder, KeyedVector } from './cachedEmbedder';
import type { IndexManifest, MemoryRecord, MemoryRepository, TouchRecord } from './repository';
import { unitVector, WEIGHT_PRESETS, type WeightPreset } from './scoring';
import type { GameMoment, MemoryNode, MemoryType, NewMemory, RetrievalWeights, RetrieveOptions, ScoredMemory } from './types';

export const THIRTY_GAME_DAYS_MS = 30 * 86_400_000;
/**
 * Candidates taken from each source (ANN relevance, recency, importance); see tests/bench/retrieval.bench.ts.
 * 80 with ef 150 (the bound read at the 64th of the ANN list, where its recall is better) gives the
 * agreement 100 with ef 200 gave, ~10% faster at 100k memories: the shorter search saves more than
 * the wider recency window (~2,100 candidates instead of ~1,400) costs.
 */
export const DEFAULT_CANDIDATES_PER_SOURCE = 80;
/** Agents with at most this many memories are scored exactly over all of them (fast enough, and exact). */
export const DEFAULT_EXACT_SCAN_BELOW = 2_000;
const INDEX_FORMAT = 2; // 2: points carry importance (inner-product space)

export interface MemoryStreamOptions {
  embedder: CachedEmbedder;
  /** Where memories persist; omit for a stream that lives in memory only. */
  repository?: MemoryRepository | null;
  /** Default retrieval weights: a preset name or explicit weights. Default 'reference'. */
  weights?: WeightPreset | RetrievalWeights;
  /** Candidates per source. */
  k?: number;
  exactScanBelow?: number;
  index?: Partial<IndexParams>;
  /** How long thoughts stay retrievable (game ms); default 30 game days. */
  thoughtLifetimeMs?: number;
}

export interface LoadOptions {
  /** Reuse a matching cached index file instead of rebuilding (default true). */
  reuseIndexFiles?: boolean;
}

export interface AgentLoadReport {
  agentId: AgentId;
  memories: number;
  /** How the index was obtained. */
  index: 'reloaded' | 'rebuilt' | 'empty';
  /** Memories whose embedding had to be recomputed (missing, or made by another model). */
  reembedded: number;
}

export interface FlushResult {
  memories: number;
  touches: number;
  embeddings: number;
}

export class MemoryStream {
  readonly embedder: CachedEmbedder;
  readonly weights: RetrievalWeights;
  readonly k: number;
  readonly exactScanBelow: number;
  readonly indexParams: IndexParams;
  readonly thoughtLifetimeMs: number;
  private readonly repository: MemoryRepository | null;
  private readonly agents = new Map<AgentId, AgentMemory>();
  private readonly owners = new Map<number, AgentMemory>();
  private nextId = 1;
  private created: StoredNode[] = [];
  private touches = new Map<string, TouchRecord>();

  constructor(options: MemoryStreamOptions) {
    this.embedder = options.embedder;
    this.repository = options.repository ?? null;
    const w = options.weights ?? 'reference';
    this.weights = typeof w === 'string' ? { ...WEIGHT_PRESETS[w] } : { ...w };
    this.k = options.k ?? DEFAULT_CANDIDATES_PER_SOURCE;
    this.exactScanBelow = options.exactScanBelow ?? DEFAULT_EXACT_SCAN_BELOW;
    this.indexParams = { ...DEFAULT_INDEX_PARAMS, ...options.index };
    this.thoughtLifetimeMs = options.thoughtLifetimeMs ?? THIRTY_GAME_DAYS_MS;
  }

  get dims(): number {
    return this.embedder.dimensions;
  }

  /**
   * Loads (or starts empty) the streams of these agents from the repository and builds each
   * agent's index: a cached index file whose manifest matches is reloaded, otherwise the index
   * is rebuilt from the stored embeddings in id order. Call it once at start or resume.
   */
  async load(agentIds: readonly AgentId[], options: LoadOptions = {}): Promise<AgentLoadReport[]> {
    if (this.created.length || this.touches.size) throw new Error('MemoryStream.load: flush() pending writes first');
    const reports: AgentLoadReport[] = [];
    for (const agentId of agentIds) reports.push(await this.loadAgent(agentId, options.reuseIndexFiles ?? true));
    if (this.repository) this.nextId = Math.max(this.nextId, this.repository.maxId() + 1);
    return reports;
  }

  /** Sets the ANN search list size for every loaded and later agent (a tuning knob; see the retrieval benchmark). */
  setSearchEf(ef: number): void {
    this.indexParams.ef = ef;
    for (const agent of this.agents.values()) agent.index.setEf(ef);
  }

  /** Whether the agent's stream is loaded. */
  has(agentId: AgentId): boolean {
    return this.agents.has(agentId);
  }

  /** Embeds texts through the cache (safe to run concurrently); pass the result to `insert`. */
  embed(texts: readonly string[]): Promise<KeyedVector[]> {
    return this.embedder.embedKeyed(texts);
  }

  /**
   * Adds a memory with an embedding obtained from `embed` (synchronous: the id is the next one).
   * Throws on an unknown agent, importance that is not a number, or evidence that is not the agent's.
   */
  insert(agentId: AgentId, memory: NewMemory, embedding: KeyedVector, at: GameMoment): MemoryNode {
    const agent = this.agent(agentId);
    if (embedding.vector.length !== this.dims) throw new Error(`Embedding has ${embedding.vector.length} dimensions, expected ${this.dims}`);
    if (!Number.isFinite(memory.importance)) throw new Error(`Memory importance must be a number, got ${memory.importance}`);
    const evidence = [...(memory.evidence ?? [])];
    let maxEvidenceDepth = 0;
    for (const id of evidence) {
      const source = agent.node(id);
      if (!source) throw new Error(`Evidence ${id} is not a memory of ${agentId}`);
      maxEvidenceDepth = Math.max(maxEvidenceDepth, source.depth);
    }
    const reflective = memory.type === 'thought' || memory.type === 'plan';
    const node: StoredNode = {
      id: this.nextId++,
      agentId,
      type: memory.type,
      step: at.step,
      created: at.time,
      lastAccessed: at.time,
      expiresAt: memory.expiresAt !== undefined ? memory.expiresAt : memory.type === 'thought' ? at.time + this.thoughtLifetimeMs : null,
      triple: [...memory.triple],
      description: memory.description,
      importance: Math.min(10, Math.max(1, Math.round(memory.importance))),
      keywords: memory.keywords ? normaliseKeywords(memory.keywords) : normaliseKeywords([memory.triple[0], memory.triple[2]]),
      embeddingKey: embedding.key,
      evidence,
      transcript: memory.transcript ? memory.transcript.map((line) => ({ ...line })) : null,
      depth: reflective ? 1 + maxEvidenceDepth : 0,
    };
    agent.append(node, unitVector(embedding.vector));
    this.owners.set(node.id, agent);
    this.created.push(node);
    return node;
  }

  /** Embeds the memory's text, then inserts it. Await it before the next add for deterministic ids. */
  async add(agentId: AgentId, memory: NewMemory, at: GameMoment): Promise<MemoryNode> {
    this.agent(agentId);
    const [embedding] = await this.embed([memory.embeddingText ?? memory.description]);
    return this.insert(agentId, memory, embedding, at);
  }

  /** Embeds all texts in one batch, then inserts in the given order. */
  async addMany(items: readonly { agentId: AgentId; memory: NewMemory }[], at: GameMoment): Promise<MemoryNode[]> {
    for (const item of items) this.agent(item.agentId);
    const embeddings = await this.embed(items.map((i) => i.memory.embeddingText ?? i.memory.description));
    return items.map((item, i) => this.insert(item.agentId, item.memory, embeddings[i], at));
  }

  /** `retrieveVector` with a focal point given as text (embedded through the cache) or as a vector. */
  async retrieve(agentId: AgentId, focal: string | Float32Array, options: RetrieveOptions): Promise<ScoredMemory[]> {
    this.agent(agentId);
    const vector = typeof focal === 'string' ? (await this.embed([focal]))[0].vector : focal;
    return this.retrieveVector(agentId, vector, options);
  }

  /**
   * The `n` memories that best match the focal vector by weighted recency, relevance and
   * importance (expired memories excluded), best first; touches them unless `touch` is false.
   */
  retrieveVector(agentId: AgentId, focal: Float32Array, options: RetrieveOptions): ScoredMemory[] {
    const agent = this.agent(agentId);
    if (focal.length !== this.dims) throw new Error(`Focal vector has ${focal.length} dimensions, expected ${this.dims}`);
    const now = options.at.time;
    const query = unitVector(focal);
    const results = agent.retrieve(query, {
      now,
      mask: typeMask(options.types),
      k: options.k ?? this.k,
      exhaustive: options.exhaustive === true || agent.size <= this.exactScanBelow,
      weights: options.weights ?? this.weights,
      n: options.n,
    });
    if (options.touch !== false) for (const r of results) this.touch(agent, r.memory as StoredNode, options.at);
    return results;
  }

  get(id: number): MemoryNode | undefined {
    return this.owners.get(id)?.node(id);
  }

  /** All of an agent's memories, oldest first. */
  all(agentId: AgentId): readonly MemoryNode[] {
    return this.agent(agentId).nodes;
  }

  count(agentId: AgentId): number {
    return this.agent(agentId).size;
  }

  /** The `n` most recently created memories (optionally of some types), oldest first. */
  recent(agentId: AgentId, n: number, types?: readonly MemoryType[]): MemoryNode[] {
    const nodes = this.agent(agentId).nodes;
    const out: MemoryNode[] = [];
    for (let i = nodes.length - 1; i >= 0 && out.length < n; i--) if (!types || types.includes(nodes[i].type)) out.push(nodes[i]);
    return out.reverse();
  }

  byType(agentId: AgentId, type: MemoryType): MemoryNode[] {
    return this.agent(agentId).nodes.filter((node) => node.type === type);
  }

  /** Memories whose keywords include `keyword` (case-insensitive), oldest first. */
  byKeyword(agentId: AgentId, keyword: string): MemoryNode[] {
    return this.agent(agentId).byKeyword(keyword);
  }

  /** The memories a thought rests on (those still present). */
  evidenceOf(memory: MemoryNode): MemoryNode[] {
    return memory.evidence.map((id) => this.get(id)).filter((m): m is MemoryNode => m !== undefined);
  }

  /** Summed importance of memories created after `step` (reflection trigger; events and chats by default). */
  importanceSince(agentId: AgentId, step: number, types: readonly MemoryType[] = ['event', 'chat']): number {
    const nodes = this.agent(agentId).nodes;
    let sum = 0;
    for (let i = nodes.length - 1; i >= 0 && nodes[i].step > step; i--) if (types.includes(nodes[i].type)) sum += nodes[i].importance;
    return sum;
  }

  /** Writes buffered embeddings, new memories and touches; call inside the step's transaction. */
  flush(): FlushResult {
    const embeddings = this.embedder.flush();
    const created: MemoryRecord[] = this.created;
    const touches = [...this.touches.values()];
    this.repository?.save(created, touches);
    this.created = [];
    this.touches = new Map();
    return { memories: created.length, touches: touches.length, embeddings };
  }

  /**
   * Writes each agent's index file and manifest where it changed (call after `flush`, e.g. at a
   * snapshot or on shutdown). A no-op without a repository that keeps index files.
   */
  saveIndexes(): number {
    const files = this.repository?.indexFiles;
    if (!files) return 0;
    let written = 0;
    for (const [agentId, agent] of this.agents) {
      const manifest = this.manifestOf(agent.nodes);
      if (sameManifest(files.readManifest(agentId), manifest)) continue;
      agent.index.write(files.pathFor(agentId));
      files.writeManifest(agentId, manifest);
      written++;
    }
    return written;
  }

  /**
   * Rewinds to the start of `step`: drops unflushed writes, deletes memories created at `step` or
   * later, undoes later touches, and reloads the loaded agents (their indexes are rebuilt).
   */
  async truncateFrom(step: number): Promise<AgentLoadReport[]> {
    if (!this.repository) throw new Error('MemoryStream.truncateFrom needs a repository');
    this.created = [];
    this.touches = new Map();
    this.repository.truncateFrom(step);
    const agentIds = [...this.agents.keys()];
    this.agents.clear();
    this.owners.clear();
    this.nextId = this.repository.maxId() + 1;
    return this.load(agentIds);
  }

  private agent(agentId: AgentId): AgentMemory {
    const agent = this.agents.get(agentId);
    if (!agent) throw new Error(`Memory stream of "${agentId}" is not loaded: call load([...]) first`);
    return agent;
  }

  private touch(agent: AgentMemory, node: StoredNode, at: GameMoment): void {
    const previous = agent.touch(node.id, at.time);
    // A memory made in this step vanishes on a rewind to it, so its touches need no undo record.
    if (previous === null || node.step === at.step) return;
    const key = `${node.id}:${at.step}`;
    const first = this.touches.get(key);
    this.touches.set(key, { memoryId: node.id, step: at.step, previousAccessed: first?.previousAccessed ?? previous, lastAccessed: at.time });
  }

  private async loadAgent(agentId: AgentId, reuseIndexFiles: boolean): Promise<AgentLoadReport> {
    for (const node of this.agents.get(agentId)?.nodes ?? []) this.owners.delete(node.id);
    const records = this.repository?.loadMemories(agentId) ?? [];
    const vectors = await this.vectorsFor(records);
    const files = this.repository?.indexFiles ?? null;
    let index: AgentIndex | null = null;
    if (records.length && files && reuseIndexFiles && sameManifest(files.readManifest(agentId), this.manifestOf(records))) {
      try {
        index = AgentIndex.read(files.pathFor(agentId), this.dims, this.indexParams);
        if (index.size !== records.length) index = null;
      } catch {
        index = null; // unreadable cache: rebuild below
      }
    }
    const reloaded = index !== null;
    const agent = new AgentMemory(agentId, this.dims, index ?? AgentIndex.create(this.dims, this.indexParams), Math.max(64, records.length));
    records.forEach((record, i) => {
      agent.append({ ...record }, vectors.unit[i], !reloaded);
      this.owners.set(record.id, agent);
    });
    this.agents.set(agentId, agent);
    return { agentId, memories: records.length, index: records.length === 0 ? 'empty' : reloaded ? 'reloaded' : 'rebuilt', reembedded: vectors.reembedded };
  }

  /** Unit vectors of stored memories; re-embeds (through the cache) those whose vector is missing or from another model. */
  private async vectorsFor(records: readonly MemoryRecord[]): Promise<{ unit: Float32Array[]; reembedded: number }> {
    const known = this.embedder.lookup(records.map((r) => r.embeddingKey));
    const missing = records.filter((r) => !known.has(r.embeddingKey));
    const replacements = new Map<number, Float32Array>();
    if (missing.length) {
      const texts = this.embedder.storedTexts(missing.map((r) => r.embeddingKey));
      const embedded = await this.embedder.embedKeyed(missing.map((r) => texts.get(r.embeddingKey) ?? r.description));
      missing.forEach((r, i) => replacements.set(r.id, embedded[i].vector));
    }
    return { unit: records.map((r) => unitVector(known.get(r.embeddingKey) ?? replacements.get(r.id)!)), reembedded: missing.length };
  }

  private manifestOf(nodes: readonly MemoryRecord[]): IndexManifest {
    const hash = createHash('sha256');
    // Importance too: it is a coordinate of every indexed point.
    for (const node of nodes) hash.update(`${node.id}:${node.embeddingKey}:${node.importance}\n`);
    const p = this.indexParams;
    return {
      format: INDEX_FORMAT,
      model: this.embedder.name,
      dims: this.dims,
      count: nodes.length,
      maxId: nodes.length ? nodes[nodes.length - 1].id : 0,
      fingerprint: hash.digest('hex').slice(0, 32),
      m: p.m,
      efConstruction: p.efConstruction,
      seed: p.seed,
    };
  }
}

function normaliseKeywords(words: readonly string[]): string[] {
  return [...new Set(words.map((w) => w.trim().toLowerCase()).filter((w) => w.length > 0))];
}

function sameManifest(a: IndexManifest | null, b: IndexManifest): boolean {
  return a !== null && (Object.keys(b) as (keyof IndexManifest)[]).every((key) => a[key] === b[key]);
}
