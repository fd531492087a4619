/**
 * The memory stream's data: what one remembered thing is, and what retrieval returns.
 * Times are game time (UTC ms) and step numbers handed in by the caller; nothing here reads a clock.
 */
import type { AgentId, ChatLine, EventTriple } from '../../engine/types';

export type MemoryType = 'event' | 'thought' | 'chat' | 'plan';
export const MEMORY_TYPES: readonly MemoryType[] = ['event', 'thought', 'chat', 'plan'];

/** When something happens: the step being computed and its game time (a MindStepContext fits). */
export interface GameMoment {
  step: number;
  /** Game time, UTC ms. */
  time: number;
}

/** One node of an agent's memory stream. Read-only to callers; the stream owns it. */
export interface MemoryNode {
  /** Sequential per simulation (1, 2, 3, ...), in insertion order across all agents. */
  readonly id: number;
  readonly agentId: AgentId;
  readonly type: MemoryType;
  /** Step during which it was created (resume truncation works on steps). */
  readonly step: number;
  /** Game time of creation (ms). */
  readonly created: number;
  /** Game time of the last retrieval that returned it (ms); starts at `created`. */
  readonly lastAccessed: number;
  /** Game time after which it is no longer retrieved (ms), or null for never. */
  readonly expiresAt: number | null;
  readonly triple: Readonly<EventTriple>;
  readonly description: string;
  /** Poignancy 1 (mundane) to 10 (life-changing). */
  readonly importance: number;
  readonly keywords: readonly string[];
  /** Key of the embedding in the embedding cache (hash of model + normalised text). */
  readonly embeddingKey: string;
  /** Ids of the memories a thought (or plan) rests on; empty for other types. */
  readonly evidence: readonly number[];
  /** The conversation of a `chat` memory; null for other types. */
  readonly transcript: readonly ChatLine[] | null;
  /** 0 for events and chats; 1 + max evidence depth for thoughts and plans. */
  readonly depth: number;
}

/** What a caller supplies to remember something; the stream fills in the rest. */
export interface NewMemory {
  type: MemoryType;
  description: string;
  /** Subject–predicate–object, e.g. ["Isabella Rodriguez", "is", "brewing coffee"]. */
  triple: EventTriple;
  /** 1–10 integer (rounded and clamped). */
  importance: number;
  /** Default: subject and object, lower-cased, without duplicates or empties. */
  keywords?: string[];
  /** Text to embed when it differs from the description (e.g. a chat's summary). */
  embeddingText?: string;
  /** Thought/plan evidence: ids of this agent's memories. */
  evidence?: number[];
  /** Chat transcript. */
  transcript?: ChatLine[];
  /**
   * Expiry (game ms); `null` for never. Default: thoughts expire `thoughtLifetimeMs` after creation
   * (30 game days), the other types never.
   */
  expiresAt?: number | null;
}

/** Weights of the three retrieval components. */
export interface RetrievalWeights {
  recency: number;
  relevance: number;
  importance: number;
}

/** A retrieved memory with its scores. Components are min–max normalised over the candidates. */
export interface ScoredMemory {
  memory: MemoryNode;
  /** Weighted sum of the normalised components. */
  score: number;
  recency: number;
  relevance: number;
  importance: number;
  /** Raw cosine similarity between the focal point and the memory. */
  similarity: number;
}

export interface RetrieveOptions {
  /** When the retrieval happens: recency is measured to `at.time`; touches are logged at `at.step`. */
  at: GameMoment;
  /** How many memories to return (30 reflection, 50 interviews, 15 utterances). */
  n: number;
  /** Default: the stream's weights (see WEIGHT_PRESETS). */
  weights?: RetrievalWeights;
  /** Set last-accessed = at.time on the returned memories. Default true; interviews pass false. */
  touch?: boolean;
  /** Only these types (default: all). */
  types?: readonly MemoryType[];
  /** Candidates per source (relevance / recency / importance); default: the stream's `k`. */
  k?: number;
  /** Score every memory exactly instead of the candidate union (slow; for checks and benchmarks). */
  exhaustive?: boolean;
}
