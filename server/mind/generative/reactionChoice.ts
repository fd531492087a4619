/**
 * Whom each agent reacts to this step, without a model: someone who just came into view, is
 * free and is not cooling down with the agent (a pair who notice each other at once react once,
 * by a seeded coin); and the waits that are over. Reads the town's pair cooldowns and returns
 * what changes (apply.ts writes it).
 */
import { minuteOfDay } from '../../engine/clock';
import type { MindStepContext } from '../../engine/ports';
import type { AgentId, AgentState } from '../../engine/types';
import { stepsIn, type GenerativeDeps } from './deps';
import { blockAt } from './planning';
import type { AgentResult, AgentResults } from './apply';
import { controlOf } from './intents';
import { pairKey, type AgentScratch, type MindScratch } from './scratch';

/** What the choice needs of an agent's work this step. */
export interface Watcher {
  agent: AgentState;
  scratch: AgentScratch;
  /** Agents that came into the agent's attention this step. */
  newlySeen: AgentId[];
}

/** Whom an agent reacts to, and whether it waited for them before. */
export interface ReactionTarget {
  other: AgentState;
  afterWait: boolean;
}

/**
 * Whom each free agent reacts to this step: someone new in view, free, and not cooling down.
 * `deciding`: agents still deciding on someone (a deferred reaction) choose no one else.
 * Returns the choice and its results: the pairs' react cooldowns, waits for someone forgotten.
 */
export function chooseReactions(
  deps: GenerativeDeps,
  cooldowns: Readonly<MindScratch['pairCooldownUntil']>,
  work: ReadonlyMap<AgentId, Watcher>,
  byId: ReadonlyMap<AgentId, AgentState>,
  ctx: MindStepContext,
  deciding: (id: AgentId) => boolean = () => false,
): { targets: Map<AgentId, ReactionTarget>; results: AgentResults[] } {
  const { step } = ctx;
  const choice = new Map<AgentId, ReactionTarget>();
  const minute = minuteOfDay(ctx.time);
  for (const w of work.values()) {
    const { agent, scratch: s } = w;
    if (agent.sleeping || agent.conversationId || s.waitUntilStep !== null || !s.plan || deciding(agent.id)) continue;
    if (blockAt(s.plan, minute)?.sleep !== false) continue; // heading to bed: no chats
    for (const id of w.newlySeen) {
      const other = byId.get(id);
      if (!other || other.sleeping || other.conversationId || !work.has(id)) continue;
      if ((cooldowns[pairKey(agent.id, id)] ?? -1) > step) continue;
      choice.set(agent.id, { other, afterWait: s.waitFor === id });
      break;
    }
  }
  // Two who notice each other at once: one of them (a seeded coin) decides.
  for (const [a, { other }] of [...choice]) {
    const b = other.id;
    if (a < b && choice.get(b)?.other.id === a) choice.delete(ctx.rng(`react:${pairKey(a, b)}`).chance(0.5) ? b : a);
  }
  const cooldown = stepsIn(deps.config.reactCooldownMinutes, deps.clock.stepMs);
  const results: AgentResults[] = [];
  for (const [a, { other }] of choice) results.push({ agentId: a, results: [{ kind: 'cooldown', pair: pairKey(a, other.id), until: step + cooldown }] });
  // A wait for someone the agent no longer reacts to is forgotten.
  for (const w of work.values()) {
    const s = w.scratch;
    if (s.waitFor && !choice.has(w.agent.id) && s.waitUntilStep === null) results.push({ agentId: w.agent.id, results: [{ kind: 'control', control: { ...controlOf(s), waitFor: null } }] });
  }
  return { targets: choice, results };
}

/** Waits that are over: when the other is free now, they may react to each other again at once. */
export function endWaits(work: ReadonlyMap<AgentId, Watcher>, byId: ReadonlyMap<AgentId, AgentState>, step: number): AgentResults[] {
  const batch: AgentResults[] = [];
  for (const w of work.values()) {
    const s = w.scratch;
    if (s.waitUntilStep === null || !s.waitFor) continue;
    const other = byId.get(s.waitFor);
    const otherFree = other && !other.sleeping && !other.conversationId;
    if (step < s.waitUntilStep && other && !other.sleeping) continue;
    const results: AgentResult[] = [{ kind: 'control', control: { actionKey: null, waitUntilStep: null, waitFor: otherFree ? s.waitFor : null } }];
    if (otherFree) results.push({ kind: 'cooldown', pair: pairKey(w.agent.id, s.waitFor), until: null }, { kind: 'forget', agentId: s.waitFor });
    batch.push({ agentId: w.agent.id, results });
  }
  return batch;
}
