/**
 * What the engine needs from the outside, declared here so the engine depends on no
 * implementation: minds (server/mind) and the step log (server/store) implement these.
 */
import type { TownMap } from '../world/types';
import type { GameClock } from './clock';
import type { Rng } from './rng';
import type { AgentAction, AgentId, Conversation, SimInput, SimState, StepDelta } from './types';

export interface MindStepContext {
  /** The step being computed. */
  step: number;
  /** Game time (UTC ms) at the start of this step. */
  time: number;
  clock: GameClock;
  map: TownMap;
  /** State at the start of the step, after this step's inputs were applied. Do not mutate. */
  state: Readonly<SimState>;
  /** Inputs applied at the start of this step (whispers go to minds; events are already in state). */
  inputs: readonly SimInput[];
  /** Conversations that ended on the previous step, with their full transcripts. */
  endedConversations: readonly Conversation[];
  /** A reproducible random stream for (seed, step, name). */
  rng(name: string): Rng;
}

/** What a mind wants an agent to do this step. Every field is optional. */
export interface AgentIntent {
  /** Start this action now; the engine walks the agent to its address (or to `targetAgent`). */
  action?: AgentAction;
  /** Fall asleep or wake up. */
  sleeping?: boolean;
  /** Start a conversation; the engine checks both are free, else ignores it. */
  startConversation?: { with: AgentId; firstLine: string; end?: boolean };
  /** Say the next line in the agent's current conversation (only the conversation's next speaker may). */
  say?: { text: string; end: boolean };
}

export interface Mind {
  /** What the page and CLI show, e.g. "rule-based (no language model)". */
  readonly label: string;
  readonly kind: 'rule-based' | 'generative';
  /**
   * Decides every agent's intents for one step. May run model calls concurrently; the engine
   * applies the returned intents in agent order, so the outcome does not depend on timing.
   */
  decide(ctx: MindStepContext): Promise<Map<AgentId, AgentIntent>>;
  /** Persists what the mind buffered during the step; called inside the step's transaction. */
  commit?(step: number): void;
  /** What the inspector panel shows about an agent's mind, read-only (touches no memory). */
  inspect(agentId: AgentId, time: number): AgentInsight | null;
  /**
   * How far the model calls of the step under way have got, for the page's "thinking…" line.
   * Read-only and cheap; never part of the simulation. Minds that call no model leave it out.
   */
  progress?(): MindProgress;
  /** JSON-able mind state for snapshots (resume and seeking). */
  snapshot(): unknown;
  restore(data: unknown): void;
}

/** A mind's model calls right now (see Mind.progress). */
export interface MindProgress {
  /** Model calls started and not yet answered (running, or waiting for the concurrency limit). */
  pendingCalls: number;
  /** Model calls answered since the current step began. */
  doneCalls: number;
}

/** An agent's inner life as shown by the inspector. Times are game-time UTC ms. */
export interface AgentInsight {
  persona: { name: string; age: number; traits: string; occupation: string; background: string; currently: string; lifestyle: string };
  /**
   * Today's plan; `current` marks the one item under way. `sub` items are the tasks of the block
   * just before them (the piece under way broken down), `emoji` what the item shows.
   */
  plan: { start: number; end: number; description: string; place?: string; emoji?: string; sub?: boolean; current: boolean }[];
  /** Most recent memories first. */
  memories: { id: number; type: string; description: string; importance: number; created: number }[];
  /**
   * Thoughts the mind drew from other memories (reflections, what a talk left them thinking),
   * newest first, with the memories they rest on (`evidence` their ids, `sources` those still held).
   */
  reflections: { id: number; description: string; importance: number; created: number; evidence: number[]; sources?: { id: number; type: string; description: string }[] }[];
  /** What they know from the start (the persona's own memories and relationships), not reflections. */
  known?: { id?: number; description: string; importance?: number }[];
  conversations: { id: string; with: AgentId; startStep: number; lines: { speaker: AgentId; text: string }[]; summary?: string }[];
}

/** Where steps go. One call of `commitStep` is one SQLite transaction in the real store. */
export interface SimulationLog {
  /** Runs `fn` (mind writes) and appends the delta atomically. */
  commitStep(delta: StepDelta, fn?: () => void): void;
  writeSnapshot(step: number, state: SimState, mind: unknown): void;
}

/** How the engine turns places into walks; implemented over the world's spatial tree and A*. */
export interface Navigator {
  /** The tile to walk to for an address (object use tile, arena entry, sector entry), or null if unknown. */
  tileFor(address: string): { x: number; y: number } | null;
  /** Tiles to walk from `from` to `to` (excluding `from`, including `to`), or null when unreachable. */
  path(from: { x: number; y: number }, to: { x: number; y: number }): { x: number; y: number }[] | null;
  /** Whether the tile can be walked on. */
  walkable(tile: { x: number; y: number }): boolean;
}
