/**
 * What the engine needs from the outside, declared here so the engine depends on no
 * implementation: minds (server/mind) and the step log (server/store) implement these.
 */
import type { TownMap } from '../world/types';
import type { GameClock } from './clock';
import type { Rng } from './rng';
import type { AgentAction, AgentId, Conversation, ConversationId, SimInput, SimState, StepDelta } from './types';

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
  /**
   * The run stops (after its last snapshot, before its file closes): work the mind has in flight
   * for later steps is abandoned (a resume starts it again from the snapshot).
   */
  close?(): void;
  /**
   * Waits until the work the mind has in flight for later steps has its answers (recorded in the
   * file), without using them: a file finished now (a fork) can then be continued from its record
   * exactly as its parent went on. Minds with no such work leave it out.
   */
  settle?(): Promise<void>;
  /** What the inspector panel shows about an agent's mind, read-only (touches no memory). */
  inspect(agentId: AgentId, time: number): AgentInsight | null;
  /**
   * How far the model calls of the step under way have got, for the page's "thinking…" line.
   * Read-only and cheap; never part of the simulation. Minds that call no model leave it out.
   */
  progress?(): MindProgress;
  /**
   * How usable the model's answers have been (per task, over the run and the last game hour),
   * for the run summary, the CLI's warning and the page's health badge. Read-only; never part of
   * the simulation. Minds that call no model leave it out.
   */
  health?(): MindHealth;
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

/** Task runs by how they ended (see server/llm/task.ts TaskOutcome). */
export interface HealthCounts {
  /** Used as the model wrote it. */
  ok: number;
  /** Used after a repair (broken JSON fixed, values coerced). */
  repaired: number;
  /** Used after a retry. */
  retried: number;
  /** No usable answer: the task's fail-safe default was used instead. */
  failSafe: number;
}

/** Counts in all and per task name. */
export interface HealthWindow {
  all: HealthCounts;
  byTask: Record<string, HealthCounts>;
}

/** Why a task ended in its fail-safe (its last attempt's problem, classified). */
export type FailureKind = 'not-json' | 'wrong-shape' | 'model-not-found' | 'auth' | 'server-error' | 'model-error';

/** The fail-safes crossed the alert share over the last game hour (said once). */
export interface HealthAlert {
  /** The step after which it was raised, and its game time (UTC ms). */
  step: number;
  time: number;
  /** Fail-safe share of the task runs in the last game hour then (0–1). */
  failSafeShare: number;
  /** The dominant failure and its likely cause, in words. */
  kind: FailureKind;
  cause: string;
}

/** A mind's model health (see Mind.health). Windows follow the game clock, not wall time. */
export interface MindHealth {
  /** Task runs since this mind started. */
  run: HealthWindow;
  /** Task runs in the last game hour (up to the last step decided). */
  lastHour: HealthWindow;
  /** Fail-safes of the last game hour by failure kind. */
  failures: Partial<Record<FailureKind, number>>;
  /** Whether fail-safes are at or above the alert share (30%) of the last game hour's task runs now (with at least 10 runs). */
  failSafeHeavy: boolean;
  /** Set, and kept, the first time fail-safes reached the alert share over a game hour; null until then. */
  alert: HealthAlert | null;
}

/** An agent's inner life as shown by the inspector. Times are game-time UTC ms. */
export interface AgentInsight {
  persona: { name: string; age: number; traits: string; occupation: string; background: string; currently: string; lifestyle: string };
  /**
   * Today's plan; `current` marks the one item under way. `sub` items are the tasks of the block
   * just before them (the piece under way broken down), `emoji` what the item shows; `fallback`
   * marks an item that is a fail-safe rather than the model's answer.
   */
  plan: { start: number; end: number; description: string; place?: string; emoji?: string; sub?: boolean; current: boolean; fallback?: true }[];
  /** Most recent memories first; `fallback` marks an importance that is the fail-safe default, not the model's rating. */
  memories: { id: number; type: string; description: string; importance: number; created: number; fallback?: true }[];
  /**
   * Thoughts the mind drew from other memories (reflections, what a talk left them thinking),
   * newest first, with the memories they rest on (`evidence` their ids, `sources` those still held).
   */
  reflections: { id: number; description: string; importance: number; created: number; evidence: number[]; sources?: { id: number; type: string; description: string }[] }[];
  /** What they know from the start (the persona's own memories and relationships), not reflections. */
  known?: { id?: number; description: string; importance?: number }[];
  conversations: { id: ConversationId; with: AgentId; startStep: number; lines: { speaker: AgentId; text: string }[]; summary?: string }[];
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
