/**
 * Choosing intents: what each agent does this step, from what the step's phases decided (the
 * line to say, the reaction) and the agent's plan, without a model and without writing anything.
 * It returns each agent's decision: the engine intent, the agent's new action bookkeeping
 * (`AgentControl`) and, for a conversation it opens, the opener's view of the other; the mind
 * applies the decisions in agent order (apply.ts). Pure over its input, so it is unit-tested on
 * hand-built state (tests/unit/mind/chooseIntents.test.ts).
 */
import type { AgentIntent } from '../../engine/ports';
import { conversationIdFor } from '../../engine/ids';
import type { AgentId, AgentState, Conversation, ConversationId } from '../../engine/types';
import type { Persona } from '../persona';
import { planIntent, talkAction, waitAction, type ActionSettings } from './actions';
import type { Reaction } from './conversation';
import type { AgentScratch, DayPlan } from './scratch';

/** The part of an agent's working state that intents read and decide: which action was issued, and a wait. */
export interface AgentControl {
  /** Identifies the plan task (or sleep, talk, wait) the current action carries out; null = re-issue. */
  actionKey: string | null;
  /** A "wait" decision: until this step, for this agent. */
  waitUntilStep: number | null;
  waitFor: AgentId | null;
}

/** An agent's control fields, copied (the choice works on the copy). */
export function controlOf(scratch: Pick<AgentScratch, 'actionKey' | 'waitUntilStep' | 'waitFor'>): AgentControl {
  return { actionKey: scratch.actionKey, waitUntilStep: scratch.waitUntilStep, waitFor: scratch.waitFor };
}

/** What choosing one agent's intent needs. */
export interface IntentInput {
  agent: AgentState;
  persona: Persona;
  plan: DayPlan | null;
  control: AgentControl;
  /** The line phase B wrote for the agent (said only if the agent is its conversation's next speaker). */
  say?: { text: string; end: boolean };
  /** What the agent decided on seeing someone (phase B). */
  reaction?: Reaction;
}

/** What the choice needs of the town this step. */
export interface IntentContext {
  actions: ActionSettings;
  byId: ReadonlyMap<AgentId, AgentState>;
  active: ReadonlyMap<string, Conversation>;
  step: number;
  time: number;
}

/** One agent's decision. */
export interface IntentDecision {
  agentId: AgentId;
  /** What the engine is asked to do (empty: nothing new). */
  intent: AgentIntent;
  /** The agent's action bookkeeping after this step's decision (equal to the input's when nothing changed). */
  control: AgentControl;
  /** A conversation this agent opens: its id (the engine's) and how the opener sees the other. */
  opens?: { conversationId: ConversationId; relationship?: string };
  /** Following the plan failed (a bug): the message, for the mind's problems. */
  problem?: string;
}

/**
 * The intents of the agents in `inputs` (in agent order: two who want to open a conversation with
 * the same person are settled by that order).
 */
export function chooseIntents(inputs: readonly IntentInput[], ctx: IntentContext): IntentDecision[] {
  const { byId, active, step, time } = ctx;
  const starting = new Set<AgentId>();
  const decisions: IntentDecision[] = [];
  for (const input of inputs) {
    const { agent, reaction: r } = input;
    const control = { ...input.control };
    const decision: IntentDecision = { agentId: agent.id, intent: {}, control };
    const intent = decision.intent;
    if (input.say && agent.conversationId && active.get(agent.conversationId)?.nextSpeaker === agent.id) intent.say = input.say;
    if (r && r.kind !== 'wait') control.waitFor = null;
    if (r?.kind === 'talk') {
      const other = byId.get(r.with);
      const free = (a: AgentState | undefined) => a && !a.sleeping && !a.conversationId && !starting.has(a.id);
      if (other && free(agent) && free(other)) {
        const id = conversationIdFor(step, agent.id); // the id the engine gives the conversation it starts
        intent.startConversation = { with: other.id, firstLine: r.firstLine };
        intent.action = talkAction(agent, other, step, true);
        control.actionKey = `talk:${id}`;
        decision.opens = { conversationId: id, ...(r.relationship ? { relationship: r.relationship } : {}) };
        starting.add(agent.id).add(other.id);
      }
    } else if (r?.kind === 'wait') {
      const other = byId.get(r.for);
      if (other && !agent.conversationId) {
        control.waitUntilStep = r.untilStep;
        control.waitFor = other.id;
        control.actionKey = `wait:${other.id}`;
        intent.action = waitAction(agent, other, step, r.untilStep);
      }
    }
    if (!intent.startConversation && !(r?.kind === 'wait' && intent.action)) {
      try {
        planIntent(ctx.actions, agent, input.persona, input.plan, control, byId, step, time, intent);
      } catch (err) {
        decision.problem = (err as Error).message;
      }
    }
    decisions.push(decision);
  }
  return decisions;
}
