/** Computes the per-step delta: only what changed, in a stable key order. */
import type { Address } from '../world/types';
import type { AgentDelta, AgentState, StepDelta } from './types';

/** The fields of an agent that viewers see; compared step to step. */
export interface AgentView {
  id: string;
  x: number;
  y: number;
  facing: AgentState['facing'];
  description: string;
  address: Address;
  emoji: string;
  sleeping: boolean;
  conversationId: string | null;
}

export function cloneAgentView(agent: AgentState): AgentView {
  return {
    id: agent.id,
    x: agent.tile.x,
    y: agent.tile.y,
    facing: agent.facing,
    description: agent.action.description,
    address: agent.action.address,
    emoji: agent.action.emoji,
    sleeping: agent.sleeping,
    conversationId: agent.conversationId,
  };
}

export function diffState(
  before: AgentView[],
  after: AgentState[],
  objectsBefore: Record<Address, string>,
  objectsAfter: Record<Address, string>,
  idleState: (address: Address) => string,
): Pick<StepDelta, 'agents' | 'objects'> {
  const agents: AgentDelta[] = [];
  const previous = new Map(before.map((v) => [v.id, v]));
  for (const agent of after) {
    const was = previous.get(agent.id);
    const now = cloneAgentView(agent);
    const d: AgentDelta = { id: agent.id };
    let changed = false;
    if (!was || was.x !== now.x || was.y !== now.y) {
      d.x = now.x;
      d.y = now.y;
      changed = true;
    }
    if (!was || was.facing !== now.facing) {
      d.facing = now.facing;
      changed = true;
    }
    if (!was || was.description !== now.description || was.address !== now.address || was.emoji !== now.emoji) {
      d.action = { description: now.description, address: now.address, emoji: now.emoji };
      changed = true;
    }
    if (!was || was.sleeping !== now.sleeping) {
      d.sleeping = now.sleeping;
      changed = true;
    }
    if (!was || was.conversationId !== now.conversationId) {
      d.conversationId = now.conversationId;
      changed = true;
    }
    if (changed) agents.push(d);
  }
  const objects: { address: Address; state: string }[] = [];
  const keys = [...new Set([...Object.keys(objectsBefore), ...Object.keys(objectsAfter)])].sort();
  for (const address of keys) {
    const a = objectsBefore[address];
    const b = objectsAfter[address];
    if (a !== b) objects.push({ address, state: b ?? idleState(address) });
  }
  const result: Pick<StepDelta, 'agents' | 'objects'> = {};
  if (agents.length) result.agents = agents;
  if (objects.length) result.objects = objects;
  return result;
}
