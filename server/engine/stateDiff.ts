/** Computes the per-step delta: only what changed, in a stable key order. */
import type { Address } from '../world/types';
import type { AgentDelta, AgentState, StepDelta } from './types';

/**
 * Compares the agents and object states of two states. `before` must be the previous step's
 * state itself, left untouched by the step (the engine works on a copy).
 */
export function diffState(
  before: readonly AgentState[],
  after: readonly AgentState[],
  objectsBefore: Record<Address, string>,
  objectsAfter: Record<Address, string>,
  idleState: (address: Address) => string,
): Pick<StepDelta, 'agents' | 'objects'> {
  const agents: AgentDelta[] = [];
  const previous = new Map(before.map((a) => [a.id, a]));
  for (const agent of after) {
    const was = previous.get(agent.id);
    const { tile, action } = agent;
    const d: AgentDelta = { id: agent.id };
    let changed = false;
    if (!was || was.tile.x !== tile.x || was.tile.y !== tile.y) {
      d.x = tile.x;
      d.y = tile.y;
      changed = true;
    }
    if (!was || was.facing !== agent.facing) {
      d.facing = agent.facing;
      changed = true;
    }
    if (!was || was.action.description !== action.description || was.action.address !== action.address || was.action.emoji !== action.emoji) {
      d.action = { description: action.description, address: action.address, emoji: action.emoji };
      changed = true;
    }
    if (!was || was.sleeping !== agent.sleeping) {
      d.sleeping = agent.sleeping;
      changed = true;
    }
    if (!was || was.conversationId !== agent.conversationId) {
      d.conversationId = agent.conversationId;
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
