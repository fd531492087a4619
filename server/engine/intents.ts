/**
 * Applies the mind's intents to the state in a fixed order (agents sorted by id), so the
 * result never depends on which model call returned first.
 */
import { conversationIdFor } from './ids';
import type { AgentIntent, Navigator } from './ports';
import type { AgentId, AgentState, ChatLine, Conversation, SimState, StepDelta } from './types';

/** A conversation ends after this many lines (8 rounds of two speakers) if nobody ends it. */
export const MAX_CONVERSATION_LINES = 16;

export interface TalkChanges {
  chats: NonNullable<StepDelta['chats']>;
  started: NonNullable<StepDelta['conversationsStarted']>;
  /** Ids of the conversations that ended this step. */
  ended: NonNullable<StepDelta['conversationsEnded']>;
}

export function applyIntents(state: SimState, intents: Map<AgentId, AgentIntent>, step: number, navigator: Navigator): TalkChanges {
  const changes: TalkChanges = { chats: [], started: [], ended: [] };
  const byId = new Map(state.agents.map((a) => [a.id, a]));
  for (const agent of state.agents) {
    const intent = intents.get(agent.id);
    if (!intent) continue;
    if (intent.sleeping !== undefined) agent.sleeping = intent.sleeping;
    if (intent.action) {
      agent.action = { ...intent.action, startStep: step };
      planWalk(agent, byId, navigator);
    }
    if (intent.startConversation) startConversation(state, agent, byId, intent.startConversation, step, changes);
    else if (intent.say) say(state, agent, byId, intent.say, step, changes);
  }
  // Walks towards a moving partner are refreshed every step.
  for (const agent of state.agents) {
    if (agent.action.targetAgent && agent.path.length === 0) planWalk(agent, byId, navigator);
  }
  return changes;
}

/** Sets the agent's path towards its action's place, or next to the agent it wants to meet. */
export function planWalk(agent: AgentState, byId: Map<AgentId, AgentState>, navigator: Navigator): void {
  const target = agent.action.targetAgent ? byId.get(agent.action.targetAgent) : undefined;
  let goal = target ? target.tile : navigator.tileFor(agent.action.address);
  if (!goal) {
    agent.path = [];
    return;
  }
  if (target) {
    const distance = Math.abs(target.tile.x - agent.tile.x) + Math.abs(target.tile.y - agent.tile.y);
    if (distance <= 1) {
      agent.path = [];
      return;
    }
  }
  if (goal.x === agent.tile.x && goal.y === agent.tile.y) {
    agent.path = [];
    return;
  }
  const path = navigator.path(agent.tile, goal);
  // Meeting someone: stop one tile short so the two stand side by side.
  agent.path = path ? (target ? path.slice(0, -1) : path) : [];
}

function startConversation(
  state: SimState,
  agent: AgentState,
  byId: Map<AgentId, AgentState>,
  request: NonNullable<AgentIntent['startConversation']>,
  step: number,
  changes: TalkChanges,
): void {
  const partner = byId.get(request.with);
  if (!partner || partner === agent) return;
  if (agent.conversationId || partner.conversationId || agent.sleeping || partner.sleeping) return;
  const text = request.firstLine.trim();
  if (!text) return;
  const conversation: Conversation = {
    id: conversationIdFor(step, agent.id),
    participants: [agent.id, partner.id],
    lines: [],
    startStep: step,
    nextSpeaker: agent.id,
  };
  state.conversations.push(conversation);
  agent.conversationId = conversation.id;
  partner.conversationId = conversation.id;
  changes.started.push({ id: conversation.id, participants: conversation.participants });
  addLine(conversation, agent, byId, text, request.end ?? false, step, changes);
}

function say(
  state: SimState,
  agent: AgentState,
  byId: Map<AgentId, AgentState>,
  request: NonNullable<AgentIntent['say']>,
  step: number,
  changes: TalkChanges,
): void {
  const conversation = state.conversations.find((c) => c.id === agent.conversationId);
  if (!conversation || conversation.endedStep !== undefined || conversation.nextSpeaker !== agent.id) return;
  addLine(conversation, agent, byId, request.text.trim(), request.end, step, changes);
}

function addLine(
  conversation: Conversation,
  speaker: AgentState,
  byId: Map<AgentId, AgentState>,
  text: string,
  end: boolean,
  step: number,
  changes: TalkChanges,
): void {
  if (text) {
    const line: ChatLine = { speaker: speaker.id, text, step };
    conversation.lines.push(line);
    changes.chats.push({ conversationId: conversation.id, speaker: speaker.id, text });
  }
  const [a, b] = conversation.participants;
  conversation.nextSpeaker = speaker.id === a ? b : a;
  if (end || conversation.lines.length >= MAX_CONVERSATION_LINES) {
    conversation.endedStep = step;
    for (const id of conversation.participants) {
      const member = byId.get(id);
      if (member && member.conversationId === conversation.id) member.conversationId = null;
    }
    changes.ended.push(conversation.id);
  }
}
