/** Turns engine state into the wire shapes of protocol.ts. Pure functions. */
import type { AgentState, SimState } from '../engine/types';
import type { AgentDetail, AgentView, ConversationView } from './protocol';

export function agentView(agent: AgentState): AgentView {
  return {
    id: agent.id,
    name: agent.name,
    sprite: agent.sprite,
    x: agent.tile.x,
    y: agent.tile.y,
    facing: agent.facing,
    action: { description: agent.action.description, address: agent.action.address, emoji: agent.action.emoji },
    sleeping: agent.sleeping,
    conversationId: agent.conversationId,
  };
}

/** Conversations still under way (ended ones linger one step in the engine's state). */
export function conversationViews(state: Readonly<SimState>): ConversationView[] {
  return state.conversations
    .filter((c) => c.endedStep === undefined)
    .map((c) => ({ id: c.id, participants: [c.participants[0], c.participants[1]], lines: c.lines.map((l) => ({ ...l })) }));
}

/** "Willow:Corner Cafe:cafe floor:table" → "Corner Cafe › cafe floor › table" (the world name is dropped). */
export function placeName(address: string): string {
  const parts = address.split(':');
  return (parts.length > 1 ? parts.slice(1) : parts).join(' › ');
}

export function agentDetail(agent: AgentState): AgentDetail {
  const { action } = agent;
  const last = agent.path[agent.path.length - 1];
  return {
    ...agentView(agent),
    action: {
      description: action.description,
      address: action.address,
      emoji: action.emoji,
      startStep: action.startStep,
      durationSteps: action.durationSteps,
      event: [...action.event],
      ...(action.objectState !== undefined ? { objectState: action.objectState } : {}),
    },
    place: placeName(action.address),
    pathLength: agent.path.length,
    destination: last ? { x: last.x, y: last.y } : null,
  };
}
