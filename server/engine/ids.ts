/**
 * The ids of agents and conversations, and the one function that writes a conversation id, so
 * the engine, the mind and the inspector agree on its format.
 *
 * AgentId and ConversationId are branded strings: a plain string (a name, an event id, the other
 * kind of id) cannot be passed where one is meant; only asAgentId, conversationIdFor and
 * asConversationId (for text read back from storage or the wire) make them. The brand exists only for the type checker: at run
 * time it is a plain string (snapshots, step logs and the wire protocol are unchanged).
 */

declare const brand: unique symbol;
type Branded<T, B extends string> = T & { readonly [brand]: B };

/**
 * A persona id, e.g. "isabella-rodriguez". Branded like ConversationId: made by the persona
 * parser (PersonaSchema), asAgentId at the other boundaries (storage rows, the wire, the
 * Smallville importer) and test literals.
 */
export type AgentId = Branded<string, 'AgentId'>;

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
