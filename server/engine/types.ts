/**
 * World-state types shared by the engine, the minds, storage and the wire protocol.
 * All of it is plain JSON-able data: a snapshot is `JSON.stringify(state)`.
 */
import type { Address, Tile } from '../world/types';

import type { AgentId, ConversationId } from './ids';

export type { AgentId, ConversationId } from './ids';

export type Facing = 'down' | 'left' | 'right' | 'up';

/** Subject–predicate–object, e.g. ["Isabella Rodriguez", "is", "brewing coffee"]. */
export type EventTriple = [subject: string, predicate: string, object: string];

/** What an agent is doing now: chosen by its mind, carried out by the engine. */
export interface AgentAction {
  /** Short present-progressive description: "brewing coffee for the morning rush". */
  description: string;
  /** Where it happens (object, arena or sector address). */
  address: Address;
  emoji: string;
  /** Step at which the action began. */
  startStep: number;
  /** Planned length in steps (the mind may replace the action earlier). */
  durationSteps: number;
  event: EventTriple;
  /** State the object at `address` takes while the agent uses it ("coffee machine is brewing"). */
  objectState?: string;
  /** Walk towards this agent instead of a place (used to meet for a conversation). */
  targetAgent?: AgentId;
}

export interface AgentState {
  id: AgentId;
  name: string;
  /** Sprite index in the character sheet. */
  sprite: number;
  tile: Tile;
  facing: Facing;
  /** Remaining tiles to walk, next tile first. */
  path: Tile[];
  action: AgentAction;
  sleeping: boolean;
  /** The conversation this agent is in, or null. */
  conversationId: ConversationId | null;
}

export interface ChatLine {
  speaker: AgentId;
  text: string;
  step: number;
}

export interface Conversation {
  id: ConversationId;
  participants: [AgentId, AgentId];
  lines: ChatLine[];
  startStep: number;
  /** Who speaks next. */
  nextSpeaker: AgentId;
  /** Set on the step it ended; ended conversations are dropped from state the step after. */
  endedStep?: number;
}

/** Something happening at a place that agents nearby can perceive (injected by a user, say). */
export interface WorldEvent {
  id: string;
  address: Address;
  description: string;
  /** The step it starts (a scheduled event waits in `state.events` until then; nobody perceives it before). */
  step: number;
  /** The event disappears after this step. */
  expiresStep: number;
  source: 'injected' | 'world';
  /** Perceived within this many tiles of its place, across the rooms of its sector (default: normal sight, same room). */
  radiusTiles?: number;
  /** A town-wide announcement: every awake agent hears it, wherever they are. */
  townWide?: boolean;
  /** The object at `address` shows this state while the event lasts (perceived as the object's state). */
  objectState?: string;
}

export interface SimState {
  step: number;
  agents: AgentState[];
  /** Object states that differ from idle, keyed by object address. */
  objects: Record<Address, string>;
  conversations: Conversation[];
  events: WorldEvent[];
}

/**
 * Inputs queued by users or tools, applied at the start of a step and recorded in its delta
 * (so a replay or resume applies them again at the same step).
 *  - event: free text at a place; optional radius, duration and a later start step.
 *  - objectState: an object takes a state for a while ("on fire").
 *  - announcement: everyone awake hears it, wherever they are.
 *  - whisper: an inner-voice line to one agent (the mind reads it from ctx.inputs).
 *  - remember: an interview turn the agent keeps as a conversation memory ("let them remember this").
 *  - cancel: removes a scheduled event (by its id) before it starts.
 * `id` names the event an input makes (given by whoever queues it; default `e<step>.<index>`).
 */
export type SimInput =
  | { kind: 'event'; id?: string; address: Address; description: string; durationSteps?: number; radiusTiles?: number; atStep?: number }
  | { kind: 'objectState'; id?: string; address: Address; state: string; durationSteps?: number; atStep?: number }
  | { kind: 'announcement'; id?: string; text: string; durationSteps?: number; atStep?: number }
  | { kind: 'whisper'; agentId: AgentId; text: string }
  | { kind: 'remember'; agentId: AgentId; interviewer: string; question: string; answer: string }
  | { kind: 'cancel'; eventId: string };

/** The changes one step made; also the wire format of the per-step message. */
export interface AgentDelta {
  id: AgentId;
  x?: number;
  y?: number;
  facing?: Facing;
  action?: { description: string; address: Address; emoji: string };
  sleeping?: boolean;
  conversationId?: ConversationId | null;
}

export interface StepDelta {
  step: number;
  /** Game time (UTC milliseconds) at the end of this step. */
  time: number;
  agents?: AgentDelta[];
  chats?: { conversationId: ConversationId; speaker: AgentId; text: string }[];
  conversationsStarted?: { id: ConversationId; participants: [AgentId, AgentId] }[];
  conversationsEnded?: ConversationId[];
  objects?: { address: Address; state: string }[];
  events?: WorldEvent[];
  inputs?: SimInput[];
}
