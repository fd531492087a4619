/**
 * The agents' memory substrate: memory stream, retrieval, embedding cache. Cognition imports
 * from here; storage implements the interfaces in ./repository (see server/store/memories.ts and
 * server/store/embeddings.ts). See README.md in this folder for the API in one page.
 */
export { MemoryStream, THIRTY_GAME_DAYS_MS, DEFAULT_CANDIDATES_PER_SOURCE, DEFAULT_EXACT_SCAN_BELOW } from './memoryStream';
export type { MemoryStreamOptions, LoadOptions, AgentLoadReport, FlushResult } from './memoryStream';
export { CachedEmbedder, normaliseText, embeddingKey } from './cachedEmbedder';
export type { EmbeddingStats, KeyedVector } from './cachedEmbedder';
export { WEIGHT_PRESETS, RECENCY_DECAY_PER_HOUR, recencyScore, minMaxNormalise } from './scoring';
export type { WeightPreset } from './scoring';
export { DEFAULT_INDEX_PARAMS } from './agentIndex';
export type { IndexParams } from './agentIndex';
export { MEMORY_TYPES } from './types';
export type { GameMoment, MemoryNode, MemoryType, NewMemory, RetrievalWeights, RetrieveOptions, ScoredMemory } from './types';
export type { EmbeddingStore, IndexFiles, IndexManifest, MemoryRecord, MemoryRepository, StoredEmbedding, TouchRecord } from './repository';
