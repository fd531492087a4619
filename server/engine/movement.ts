/** Moves every walking agent one tile along its path (4-neighbour moves, one per step). */
import type { Navigator } from './ports';
import type { Facing, SimState } from './types';

export function moveAgents(state: SimState, navigator: Navigator): void {
  for (const agent of state.agents) {
    if (agent.sleeping || agent.path.length === 0) continue;
    // People in a conversation stand still unless they are walking to meet their partner.
    if (agent.conversationId && !agent.action.targetAgent) continue;
    const next = agent.path[0];
    if (!navigator.walkable(next)) {
      agent.path = [];
      continue;
    }
    agent.facing = facingTowards(agent.tile, next, agent.facing);
    agent.tile = { x: next.x, y: next.y };
    agent.path = agent.path.slice(1);
  }
}

export function facingTowards(from: { x: number; y: number }, to: { x: number; y: number }, current: Facing): Facing {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (dx === 0 && dy === 0) return current;
  if (Math.abs(dx) >= Math.abs(dy)) return dx > 0 ? 'right' : 'left';
  return dy > 0 ? 'down' : 'up';
}
