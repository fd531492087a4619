/**
 * What the memory stream needs from storage. Declared here so the mind layer depends on no
 * implementation; server/store/memories.ts and server/store/embeddings.ts implement it with SQLite.
 */
import type { AgentId } from '../../engine/types';
import type { MemoryNode } from './types';

/** A memory as stored: the node's fields. */
export type MemoryRecord = MemoryNode;

/** The first time a memory was touched in a step, with the value it had before (to undo on resume). */
export interface TouchRecord {
  memoryId: number;
  step: number;
  previousAccessed: number;
  lastAccessed: number;
}

export interface MemoryRepository {
  /** Every memory of an agent, ordered by id. */
  loadMemories(agentId: AgentId): MemoryRecord[];
  /** The largest memory id in the simulation (0 when there is none). */
  maxId(): number;
  /** Inserts new memories and applies touches (last-accessed updates and the touch log). */
  save(created: readonly MemoryRecord[], touches: readonly TouchRecord[]): void;
  /** Deletes memories created at `step` or later and undoes touches made at `step` or later. */
  truncateFrom(step: number): void;
  /** Where per-agent index files are cached; null when there is no file to put them next to. */
  readonly indexFiles: IndexFiles | null;
}

/** Describes an index file so a stale one is never reused. */
export interface IndexManifest {
  format: number;
  /** Embedder name and dimensions the vectors came from. */
  model: string;
  dims: number;
  count: number;
  maxId: number;
  /** Hash of (id, embedding key, importance) over the indexed memories, in id order. */
  fingerprint: string;
  /** Construction parameters (a file built with others is rebuilt). */
  m: number;
  efConstruction: number;
  seed: number;
}

export interface IndexFiles {
  /** Path of the agent's index file; its folder exists. */
  pathFor(agentId: AgentId): string;
  readManifest(agentId: AgentId): IndexManifest | null;
  writeManifest(agentId: AgentId, manifest: IndexManifest): void;
}

/** A cached embedding. */
export interface StoredEmbedding {
  key: string;
  /** The embedder's name (vectors of different models never mix). */
  model: string;
  /** The normalised text that was embedded. */
  text: string;
  vector: Float32Array;
}

export interface EmbeddingStore {
  /** The stored embeddings among `keys` (missing keys are absent from the map). */
  get(keys: readonly string[]): Map<string, StoredEmbedding>;
  put(entries: readonly StoredEmbedding[]): void;
}
