/**
 * A hand-built agent for unit tests of the mind's pure parts (perception, intents, reactions):
 * standing on a tile, doing one action. The name is the id capitalised unless given.
 */
import { asAgentId } from '../../server/engine/ids';
import type { AgentState } from '../../server/engine/types';

export interface TestAgentOptions {
  name?: string;
  description?: string;
  address?: string;
  emoji?: string;
  /** Any other field of the agent's state, applied last. */
  extra?: Partial<AgentState>;
}

export function testAgent(id: string, x: number, y: number, options: TestAgentOptions = {}): AgentState {
  const name = options.name ?? id.replace(/^./, (c) => c.toUpperCase());
  const description = options.description ?? 'walking';
  return {
    id: asAgentId(id),
    name,
    sprite: 0,
    tile: { x, y },
    facing: 'down',
    path: [],
    sleeping: false,
    conversationId: null,
    action: {
      description,
      address: options.address ?? 'Minitown:Main Street:pavement',
      emoji: options.emoji ?? '🚶',
      startStep: 0,
      durationSteps: 1,
      event: [name, 'is', description],
    },
    ...options.extra,
  };
}
