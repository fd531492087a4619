/**
 * Importance scores without a model call where the answer is known: idle and sleeping events
 * score the configured idle importance, and a description rated once keeps its score (per agent
 * or for the whole town). The cache is derived from the stored event memories (first in id
 * order wins), so a resumed run rebuilds exactly the cache the uninterrupted run had.
 */
import type { AgentId } from '../../engine/types';
import type { MemoryNode } from '../memory/types';
import { eventKey } from './perception';

const IDLE = /\b(?:is|are)\s+(?:idle|asleep|sleeping)\s*\.?$/i;

/** True for "X is idle", "Y is sleeping": mundane by definition. */
export function isIdleDescription(description: string): boolean {
  return IDLE.test(description.trim()) || /^\s*idle\s*$/i.test(description);
}

export class ImportanceBook {
  private readonly town = new Map<string, number>();
  private readonly perAgent = new Map<AgentId, Map<string, number>>();

  constructor(
    readonly scope: 'agent' | 'town',
    readonly idleImportance: number,
  ) {}

  /** The known score of an event description for an agent, or undefined when it needs rating. */
  lookup(agentId: AgentId, description: string): number | undefined {
    if (isIdleDescription(description)) return this.idleImportance;
    return this.cacheFor(agentId).get(eventKey(description));
  }

  /** Records a stored event's score unless one is known already (first wins). */
  remember(agentId: AgentId, description: string, importance: number): void {
    const cache = this.cacheFor(agentId);
    const key = eventKey(description);
    if (!cache.has(key)) cache.set(key, importance);
  }

  /** Rebuilds the cache from stored memories (all agents' events, any order: sorted by id here). */
  rebuild(memories: Iterable<MemoryNode>): void {
    this.town.clear();
    this.perAgent.clear();
    const events = [...memories].filter((m) => m.type === 'event').sort((a, b) => a.id - b.id);
    for (const m of events) this.remember(m.agentId, m.description, m.importance);
  }

  /** Cached descriptions (for tests and stats). */
  size(agentId?: AgentId): number {
    return agentId === undefined || this.scope === 'town' ? this.town.size + [...this.perAgent.values()].reduce((n, m) => n + m.size, 0) : this.cacheFor(agentId).size;
  }

  private cacheFor(agentId: AgentId): Map<string, number> {
    if (this.scope === 'town') return this.town;
    let cache = this.perAgent.get(agentId);
    if (!cache) this.perAgent.set(agentId, (cache = new Map()));
    return cache;
  }
}
