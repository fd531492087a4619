/**
 * The ids of agents and conversations, and the one function that writes a conversation id, so
 * the engine, the mind and the inspector agree on its format.
 *
 * ConversationId is a branded string: a plain string (an agent id, an event id) cannot be passed
 * where a conversation id is meant; only conversationIdFor and asConversationId (for text read
 * back from storage or the wire) make one. The brand exists only for the type checker: at run
 * time it is a plain string (snapshots, step logs and the wire protocol are unchanged).
 */

declare const brand: unique symbol;
type Branded<T, B extends string> = T & { readonly [brand]: B };

/**
 * A persona id, e.g. "isabella-rodriguez". Not branded (yet): a brand reaches ~60 places in
 * server/ and client/ and ~190 in tests/ (persona parsing, memory rows, scratch records keyed by
 * id, test literals) — a change of its own. asAgentId marks the boundaries already.
 */
export type AgentId = string;

/** A conversation id, e.g. "c4320-isabella-rodriguez" (see conversationIdFor). */
export type ConversationId = Branded<string, 'ConversationId'>;

/** An agent id from text read at a boundary (a persona file, a protocol message, storage). */
export function asAgentId(text: string): AgentId {
  return text as AgentId;
}

/** A conversation id from text read at a boundary (a protocol message, storage). */
export function asConversationId(text: string): ConversationId {
  return text as ConversationId;
}

/**
 * The id of the conversation `starter` opens at `step`. At most one conversation starts per
 * agent per step, so the pair names it uniquely; the mind relies on the same id to keep what it
 * noted about a conversation it asked the engine to start.
 */
export function conversationIdFor(step: number, starter: AgentId | string): ConversationId {
  return `c${step}-${starter}` as ConversationId;
}
