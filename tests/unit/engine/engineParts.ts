/** Small builders for the engine's unit tests: agents, a state and an open-field navigator. */
import { asAgentId, type AgentId } from '../../../server/engine/ids';
import type { AgentIntent, Navigator } from '../../../server/engine/ports';
import type { AgentAction, AgentState, SimState } from '../../../server/engine/types';

export function action(overrides: Partial<AgentAction> = {}): AgentAction {
  return { description: 'idle', address: 'T:home:room', emoji: '🙂', startStep: 0, durationSteps: 10, event: ['A', 'is', 'idle'], ...overrides };
}

export function agent(id: string, x = 0, y = 0, overrides: Partial<AgentState> = {}): AgentState {
  return { id: asAgentId(id), name: id.toUpperCase(), sprite: 0, tile: { x, y }, facing: 'down', path: [], action: action(), sleeping: false, conversationId: null, ...overrides };
}

/** Intents by agent id, in the given order (ids written as plain text). */
export function intents(entries: [string, AgentIntent][]): Map<AgentId, AgentIntent> {
  return new Map(entries.map(([id, intent]) => [asAgentId(id), intent]));
}

export function state(agents: AgentState[]): SimState {
  return { step: 0, agents, objects: {}, conversations: [], events: [] };
}

/**
 * A 20×20 open field with one wall tile at (5, 5); paths go along x, then along y. Addresses
 * are "T:x:y" → tile (x, y); anything else is unknown.
 */
export function openField(): Navigator & { pathCalls: number } {
  return {
    pathCalls: 0,
    tileFor(address) {
      const m = /^T:(\d+):(\d+)$/.exec(address);
      return m ? { x: Number(m[1]), y: Number(m[2]) } : null;
    },
    path(from, to) {
      this.pathCalls++;
      if (to.x === 5 && to.y === 5) return null;
      const out = [];
      let { x, y } = from;
      while (x !== to.x) out.push({ x: (x += Math.sign(to.x - x)), y });
      while (y !== to.y) out.push({ x, y: (y += Math.sign(to.y - y)) });
      return out;
    },
    walkable: (t) => !(t.x === 5 && t.y === 5) && t.x >= 0 && t.y >= 0 && t.x < 20 && t.y < 20,
  };
}
