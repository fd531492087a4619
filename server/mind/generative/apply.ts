/**
 * Applying what the mind's phases decided. The phases (perception, reaction choice, planning,
 * decomposition, place choice, whispers, closings, ratings, reflection, speaking, intents, and
 * the deferred results landing) return typed results (`AgentResult`); `applyResults` is the one
 * function that writes them into the working state (the mind's scratch, the live known places,
 * the pending deferred work and the step's memory drafts), in agent order.
 *
 * When results are applied: an agent's own phase job applies the results of each of its
 * sub-phases as they come (its next sub-phase reads them: planDay's plan is what decomposition
 * cuts; such results touch that agent's state alone, so jobs running side by side cannot see
 * each other's); everything another agent can read (pair cooldowns, conversation notes, lines
 * written ahead, intents) is gathered and applied after its phase, in agent order.
 *
 * Every place that wrote into working state before, and where it goes now (result kinds):
 *   generativeMind.ts
 *     think, housekeeping: pair cooldowns of ended conversations, dropping the notes and lines
 *       ahead of conversations that are over, pruning old cooldowns
 *                                     → `conversationsEnded` (the town's, applied first)
 *     think, remembered interviews pushed to the drafts → `memories`
 *     phaseA: starting memories, `scratch.seeded = true` → `memories`, `seeded`
 *     perceiveFor: inView, attention, recentPerceived, pending events, known places seen,
 *       memories of events with a known importance
 *                                     → `perceived`, `seePlaces`, `memories`
 *     intents: conversation notes (speak's and speakLines' relationship summaries), lines
 *       ahead, waitFor / waitUntilStep / actionKey, the opener's note of a new conversation
 *                                     → chooseIntents (intents.ts) returns decisions;
 *                                        `talkNote`, `ahead`, `control`
 *     planOnly: actionKey and waits via planIntent → chooseIntents; `control`
 *     landOne: each landing wrote through the land* functions below → `landed` returns results
 *   reactionChoice.ts
 *     chooseReactions: pair react cooldowns, `waitFor = null` → `cooldown`, `control`
 *     endWaits: waitUntilStep, actionKey, waitFor, attention, cooldown removed
 *                                     → `control`, `cooldown`, `forget`
 *   actions.ts
 *     planIntent / sleepIntent: actionKey, waitUntilStep, waitFor → the control copy that
 *                                        chooseIntents hands them; applied as `control`
 *   dayPlanning.ts
 *     planDay: plan, currently, actionKey = null, onMind cleared; plan memory
 *                                     → `dayPlan`, `memories`
 *     decompose (now prepareDecomposition + decomposeNow): chunk.tasks, chunk.reused, the
 *       reuse pool (taken and kept), look-ahead deferred starts
 *                                     → `pieceTasks` (`reusedFromPool`, `keepInPool`), `defer`
 *     landDecomposition / applyDecomposition: chunk.tasks, reuse pool → `pieceTasks`
 *   placeTree.ts
 *     choosePlaceDownTheTree: chunk.tasks → `pieceTasks`
 *   conversation.ts
 *     startClose: deferred start → `defer`
 *     landClose: replanRest / insertSpan on the piece (tasks, version), actionKey = null,
 *       known places learnt from the talk; chat memories
 *                                     → `pieceTasks` (with `version`), `reissueAction`,
 *                                        `learnPlaces`, `memories`
 *   innerLife.ts
 *     hearWhisper: onMind; the thought → `onMind`, `memories`
 *   memoryBatch.ts
 *     startRating: pending events taken, events with a known importance, deferred start
 *                                     → `pendingRated`, `memories`, `defer`
 *       (the unrated drafts it moves into the batch leave the step's own draft list)
 *     landRating: the step's drafts → `memories`
 *     rateNow: sets the importance of the step's own drafts (not working state; unchanged)
 *     storeDrafts: fallbackImportance marks — unchanged: it is the store stage of `memories`
 *       (inserts every agent's drafts in agent order) and needs the inserted ids
 *   reflection.ts
 *     startReflection: lastReflectionStep, deferred start → `reflected`, `defer`
 *     landQuestions: deferred start → `defer`
 *     landInsights: thoughts (returned drafts already) → `memories`
 *   deferred.ts
 *     start / take: the pending entries (scratch.deferred) — `defer` is applied by
 *       DeferredWork.start; take removes a landed entry (the pending list's own bookkeeping)
 * Left where they were: the mind's constructor and restore() (fresh scratch, restored
 * scratch), commit() (nextStep) and snapshot() (known places encoded): state kept, not decided.
 */
import type { AgentId, Conversation, ConversationId } from '../../engine/types';
import type { Tile } from '../../world/types';
import type { DeferredEntry, DeferredWork } from './deferred';
import type { DraftMemory, GenerativeDeps } from './deps';
import type { AgentControl } from './intents';
import type { AheadLine } from './conversation';
import { markUsed, putInPool } from './planning';
import { pairKey, type AgentScratch, type DayPlan, type MindScratch, type PendingEvent, type PlanChunk, type PlannedTask } from './scratch';

/** One thing a phase decided for one agent. */
export type AgentResult =
  /** Memories to store this step (with the agent's other drafts, in agent order). */
  | { kind: 'memories'; drafts: DraftMemory[] }
  /** A new day plan (and the revised "currently"): the action is issued afresh, thoughts on mind were used. */
  | { kind: 'dayPlan'; plan: DayPlan; currently: string }
  /**
   * New tasks for a piece of the plan (a decomposition, a re-plan after a talk, a place chosen).
   * `version`: the piece's new version when the change re-plans what is under way;
   * `reusedFromPool`: taken from the reuse pool (marked most recently used there);
   * `keepInPool`: kept in the reuse pool (at most that many kept).
   */
  | { kind: 'pieceTasks'; chunk: PlanChunk; tasks: PlannedTask[]; version?: number; reusedFromPool?: true; keepInPool?: number }
  /** The current action is issued again at the next intent (the plan under it changed). */
  | { kind: 'reissueAction' }
  /** An important whispered thought, carried into the next day plan (the latest five kept). */
  | { kind: 'onMind'; thought: string }
  /** The starting memories are among the drafts. */
  | { kind: 'seeded' }
  /** A reflection started: importance is counted afresh after this step. */
  | { kind: 'reflected'; step: number }
  /** The events waiting for a rating went into the rating batch. */
  | { kind: 'pendingRated' }
  /** Model work whose result lands at a later step (deferred.ts). */
  | { kind: 'defer'; entry: DeferredEntry }
  /** What the agent perceived: attention, events in view, the retained keys, events waiting for a rating. */
  | { kind: 'perceived'; attention: AgentId[]; inView: string[]; recentPerceived: string[]; waiting: PendingEvent[] }
  /** The agent looked around from `tile` (spatial memory). */
  | { kind: 'seePlaces'; tile: Tile; radius: number }
  /** Places named in a text the agent heard (spatial memory). */
  | { kind: 'learnPlaces'; text: string }
  /** Someone leaves the agent's attention (a wait ended with the other free: they may react again at once). */
  | { kind: 'forget'; agentId: AgentId }
  /** The agent's action bookkeeping (which action was issued, a wait). */
  | { kind: 'control'; control: AgentControl }
  /** A pair's react/talk cooldown (null: none). */
  | { kind: 'cooldown'; pair: string; until: number | null }
  /**
   * How `of` sees the other in a conversation: `set` (speak's summary), `ifMissing` (a
   * speakLines call's, for either side), `opens` (a conversation `of` opens: the notes start afresh).
   */
  | { kind: 'talkNote'; conversationId: ConversationId; of: AgentId; text: string | undefined; mode: 'set' | 'ifMissing' | 'opens' }
  /** Lines written ahead for a conversation (none: the conversation has no lines ahead). */
  | { kind: 'ahead'; conversationId: ConversationId; lines: AheadLine[] }
  /** Conversations ended and over (town-wide housekeeping, applied first). */
  | { kind: 'conversationsEnded'; ended: readonly Conversation[]; activeIds: ReadonlySet<string>; step: number; cooldownSteps: number };

/** Results of one agent (null: the town's housekeeping, applied before any agent's). */
export interface AgentResults {
  agentId: AgentId | null;
  results: readonly AgentResult[];
}

/** What results are applied to. */
export interface ApplyTarget {
  scratch: MindScratch;
  deps: GenerativeDeps;
  deferred: DeferredWork;
  /** The agent's memory drafts of this step (stored after the phase). */
  drafts(agentId: AgentId): DraftMemory[];
}

/**
 * Applies results in agent order (the results of one agent in their order; the town's first).
 * An agent the mind does not know (no scratch) is skipped.
 */
export function applyResults(target: ApplyTarget, batch: readonly AgentResults[]): void {
  // Stable: an agent's batches keep their order; the town's (null) come first.
  const ordered = [...batch].sort((a, b) => (a.agentId === b.agentId ? 0 : a.agentId === null ? -1 : b.agentId === null ? 1 : a.agentId < b.agentId ? -1 : 1));
  for (const { agentId, results } of ordered) {
    if (agentId === null) {
      for (const r of results) if (r.kind === 'conversationsEnded') endConversations(target.scratch, r);
      continue;
    }
    const s = target.scratch.agents[agentId];
    if (!s) continue;
    for (const r of results) applyOne(target, agentId, s, r);
  }
}

function applyOne(target: ApplyTarget, agentId: AgentId, s: AgentScratch, r: AgentResult): void {
  const { scratch, deps } = target;
  switch (r.kind) {
    case 'memories':
      target.drafts(agentId).push(...r.drafts);
      return;
    case 'dayPlan':
      delete s.onMind;
      s.plan = r.plan;
      s.currently = r.currently;
      s.actionKey = null;
      return;
    case 'pieceTasks': {
      const chunk = r.chunk;
      if (r.reusedFromPool) {
        chunk.reused = true;
        markUsed(s.reusePool, chunk);
      }
      chunk.tasks = r.tasks;
      if (r.version !== undefined) chunk.version = r.version;
      if (r.keepInPool !== undefined) putInPool(s.reusePool, chunk, r.keepInPool);
      return;
    }
    case 'reissueAction':
      s.actionKey = null;
      return;
    case 'onMind':
      s.onMind = [...(s.onMind ?? []), r.thought].slice(-5);
      return;
    case 'seeded':
      s.seeded = true;
      return;
    case 'reflected':
      s.lastReflectionStep = r.step;
      return;
    case 'pendingRated':
      s.pending = [];
      return;
    case 'defer':
      target.deferred.start(r.entry);
      return;
    case 'perceived':
      s.attention = r.attention;
      s.inView = r.inView;
      s.recentPerceived = r.recentPerceived;
      s.pending.push(...r.waiting);
      return;
    case 'seePlaces':
      deps.spatial.see(deps.known.get(agentId)!, r.tile, r.radius);
      return;
    case 'learnPlaces':
      deps.spatial.learnFromText(deps.known.get(agentId)!, r.text);
      return;
    case 'forget':
      s.attention = s.attention.filter((id) => id !== r.agentId);
      return;
    case 'control':
      s.actionKey = r.control.actionKey;
      s.waitUntilStep = r.control.waitUntilStep;
      s.waitFor = r.control.waitFor;
      return;
    case 'cooldown':
      if (r.until === null) delete scratch.pairCooldownUntil[r.pair];
      else scratch.pairCooldownUntil[r.pair] = r.until;
      return;
    case 'talkNote': {
      if (r.mode === 'opens') {
        if (r.text) scratch.talks[r.conversationId] = { [r.of]: r.text };
        return;
      }
      if (r.text === undefined) return;
      const talk = (scratch.talks[r.conversationId] ??= {});
      if (r.mode === 'set') talk[r.of] = r.text;
      else talk[r.of] ??= r.text;
      return;
    }
    case 'ahead': {
      const ahead = (scratch.ahead ??= {});
      if (r.lines.length) ahead[r.conversationId] = r.lines;
      else delete ahead[r.conversationId];
      if (Object.keys(ahead).length === 0) delete scratch.ahead;
      return;
    }
    case 'conversationsEnded':
      throw new Error(`conversationsEnded is the town's result, not agent ${agentId}'s`);
  }
}

/** Housekeeping for conversations: cooldowns of the pairs that ended, notes and lines ahead of those over. */
function endConversations(scratch: MindScratch, r: Extract<AgentResult, { kind: 'conversationsEnded' }>): void {
  for (const c of r.ended) {
    scratch.pairCooldownUntil[pairKey(c.participants[0], c.participants[1])] = r.step + r.cooldownSteps;
    delete scratch.talks[c.id];
  }
  for (const id of Object.keys(scratch.talks) as ConversationId[]) if (!r.activeIds.has(id)) delete scratch.talks[id];
  if (scratch.ahead) {
    for (const id of Object.keys(scratch.ahead) as ConversationId[]) if (!r.activeIds.has(id)) delete scratch.ahead[id];
    if (Object.keys(scratch.ahead).length === 0) delete scratch.ahead;
  }
  if (r.step % 360 === 0) for (const [pair, until] of Object.entries(scratch.pairCooldownUntil)) if (until <= r.step) delete scratch.pairCooldownUntil[pair];
}
