/**
 * The generative mind's working state besides the memory stream: each agent's day plan and its
 * decomposed pieces, what it perceived lately, events waiting for an importance rating, known
 * places, and the town's reaction cooldowns and conversation notes. All plain JSON: the mind's
 * snapshot is this object, so a resumed run continues exactly where the snapshot was taken.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { AgentId, ConversationId, EventTriple } from '../../engine/types';
import type { SubTask } from '../tasks/contracts';
import { splitPlaceHint } from '../tasks/placeChoice';
import type { DeferredEntry } from './deferred';
import type { AheadLine } from './conversation';

/** One 5–15 minute step of a piece of the plan: a decomposition's sub-task placed in the day. */
export interface PlannedTask extends SubTask {
  /** Minutes since midnight. */
  start: number;
  /** A fail-safe task (decomposeBlock gave no usable answer), not the model's: the inspector says so. */
  fallback?: true;
  /** Its place was chosen down the place tree as it started (placeChoice "tree"). */
  placeChosen?: true;
}

/** One schedule entry of the day plan (an hourly schedule item; sleep included). */
export interface PlanBlock {
  start: number;
  /** Exclusive; 1440 for the last block of the day. */
  end: number;
  activity: string;
  /** Where the activity usually happens ("Sector:arena:object"), when known. */
  place?: string;
  sleep: boolean;
}

/** A piece of an awake block (about an hour) decomposed into tasks, or still waiting for it. */
export interface PlanChunk {
  start: number;
  end: number;
  activity: string;
  /** The block's usual place, when known. */
  place?: string;
  /** Null until decomposed. */
  tasks: PlannedTask[] | null;
  /** Bumped when a reaction re-plans the rest of the piece (so the action is re-issued). */
  version: number;
  /** Taken from the reuse pool rather than a model call. */
  reused: boolean;
}

export interface DayPlan {
  /** Midnight (game ms) of the planned day. */
  day: number;
  wakeUpMinute: number;
  goals: string[];
  blocks: PlanBlock[];
  chunks: PlanChunk[];
  /** planDay's fail-safe (the persona's routine), not the model's plan: the inspector says so. */
  fallback?: true;
}

/** An event perceived but not yet stored: it waits for a batched importance rating. */
export interface PendingEvent {
  description: string;
  triple: EventTriple;
  step: number;
}

/** A decomposition kept for reuse, by activity and length. */
export interface ReusableDecomposition {
  key: string;
  /** Tasks with start minutes relative to the piece's start. */
  tasks: PlannedTask[];
}

export interface AgentScratch {
  /** The persona's "currently" line, revised by each day plan. */
  currently: string;
  plan: DayPlan | null;
  /** Whether the persona's starting memories were stored. */
  seeded: boolean;
  /** Known places as a bitset over the map's places (base64), see SpatialMemory. */
  knownPlaces: string;
  /** Keys of the last `retention` perceived events, oldest first. */
  recentPerceived: string[];
  /** Keys of the events attended on the previous step: an event still in view is not new. */
  inView: string[];
  /** Agents in attention on the previous step (sorted): a reaction needs someone new. */
  attention: AgentId[];
  pending: PendingEvent[];
  /** Step after whose memories the importance sum for reflection is counted. */
  lastReflectionStep: number;
  /** Identifies the plan task (or sleep) the agent's current action carries out; null = re-issue. */
  actionKey: string | null;
  /** A "wait" decision: until this step, for this agent. */
  waitUntilStep: number | null;
  waitFor: AgentId | null;
  reusePool: ReusableDecomposition[];
  /** Ids of the agent's latest memories whose importance is the fail-safe default (newest last, at most FALLBACK_IDS_KEPT). */
  fallbackImportance?: number[];
  /** Important whispered thoughts waiting for the next day plan (absent in older snapshots). */
  onMind?: string[];
}

/** How many fail-safe importances per agent the inspector can mark. */
export const FALLBACK_IDS_KEPT = 100;

export interface MindScratch {
  format: 1;
  /** The step the next decide() will compute (where a resume continues). */
  nextStep: number;
  agents: Record<AgentId, AgentScratch>;
  /** "a|b" (ids sorted) → first step at which the two may react to each other again. */
  pairCooldownUntil: Record<string, number>;
  /** Conversation id → participant → how that participant sees the other (made once per conversation). */
  talks: Record<ConversationId, Record<AgentId, string>>;
  /** Model work started and not yet landed (deferred.ts); absent in older snapshots. */
  deferred?: DeferredEntry[];
  /**
   * Conversation id → lines a speakLines call wrote ahead (conversationLinesPerCall > 1), each
   * said at its own step; absent when none (and in older snapshots).
   */
  ahead?: Record<ConversationId, AheadLine[]>;
}

export function freshAgentScratch(currently: string, knownPlaces: string): AgentScratch {
  return {
    currently,
    plan: null,
    seeded: false,
    knownPlaces,
    recentPerceived: [],
    inView: [],
    attention: [],
    pending: [],
    lastReflectionStep: -1,
    actionKey: null,
    waitUntilStep: null,
    waitFor: null,
    reusePool: [],
  };
}

/** "a|b" with the ids in order. */
export function pairKey(a: AgentId, b: AgentId): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** A snapshot's form of the scratch: plans and reuse pools repeat a lot, so the JSON is deflated. */
export interface PackedScratch {
  format: 1;
  nextStep: number;
  encoding: 'deflate-base64';
  data: string;
}

/** Packs the scratch for a snapshot (deterministic: the same scratch gives the same text). */
export function packScratch(scratch: MindScratch): PackedScratch {
  return { format: 1, nextStep: scratch.nextStep, encoding: 'deflate-base64', data: deflateRawSync(JSON.stringify(scratch), { level: 6 }).toString('base64') };
}

/** Checks the shape of restored scratch (packed or plain) well enough to fail with a clear message instead of later. */
export function readScratch(data: unknown): MindScratch {
  const packed = data as Partial<PackedScratch> | null;
  // Freshly inflated state belongs to nobody else: no need to copy it.
  let fresh = false;
  if (packed && typeof packed === 'object' && packed.encoding === 'deflate-base64' && typeof packed.data === 'string') {
    try {
      data = JSON.parse(inflateRawSync(Buffer.from(packed.data, 'base64')).toString('utf8'));
      fresh = true;
    } catch (err) {
      throw new Error(`The snapshot's generative mind state is damaged (${(err as Error).message})`);
    }
  }
  const d = data as Partial<MindScratch> | null;
  if (!d || typeof d !== 'object' || d.format !== 1 || typeof d.agents !== 'object' || d.agents === null) {
    throw new Error('The snapshot holds no generative mind state (it was written by another mind); start a new run or resume with the mind that wrote it');
  }
  const agents = fresh ? d.agents : structuredClone(d.agents);
  for (const agent of Object.values(agents)) if (agent?.plan) separatePlaceHints(agent.plan);
  return {
    format: 1,
    nextStep: Number(d.nextStep ?? 0),
    agents,
    pairCooldownUntil: { ...(d.pairCooldownUntil ?? {}) },
    talks: fresh ? (d.talks ?? {}) : structuredClone(d.talks ?? {}),
    deferred: fresh ? (d.deferred ?? []) : structuredClone(d.deferred ?? []),
    ...(d.ahead && Object.keys(d.ahead).length ? { ahead: fresh ? d.ahead : structuredClone(d.ahead) } : {}),
  };
}

/**
 * Snapshots written before the plan carried its places apart hold them in the activity text
 * ("opening the cafe @ Cafe:floor:counter"): split once here, so a resumed run plans as it did.
 */
function separatePlaceHints(plan: DayPlan): void {
  for (const item of [...(plan.blocks ?? []), ...(plan.chunks ?? [])]) {
    if (item.place !== undefined || typeof item.activity !== 'string') continue;
    const { activity, place } = splitPlaceHint(item.activity);
    if (place) {
      item.activity = activity;
      item.place = place;
    }
  }
}

/**
 * An agent's plan as the plan log records it whenever it changes (see server/store/planLog.ts):
 * what the inspector needs to show the plan exactly as of any step, between hourly snapshots.
 */
export interface PlanRecord {
  currently: string;
  plan: DayPlan | null;
}

/** Where the mind writes plan changes (in the step's transaction); the generative mind works without one. */
export interface PlanLogSink {
  /** `entryJson` is a PlanRecord's JSON. */
  record(step: number, agentId: AgentId, entryJson: string): void;
}

/** The PlanRecord of a scratch as JSON (deterministic: the same plan gives the same text). */
export function planRecordJson(scratch: AgentScratch): string {
  const record: PlanRecord = { currently: scratch.currently, plan: scratch.plan };
  return JSON.stringify(record);
}
