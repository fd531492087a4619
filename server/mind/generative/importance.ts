/**
 * Importance scores without a model call where the answer is known: idle and sleeping events
 * score the configured idle importance, and a description rated once keeps its score (per agent,
 * for the whole town, or — scope 'personal' — for the whole town only when the event concerns
 * neither the rater nor anyone they know, as the same event matters more to the one it concerns).
 * The cache is derived from the stored event memories (first in id order wins), so a resumed run
 * rebuilds exactly the cache the uninterrupted run had.
 */
import type { AgentId } from '../../engine/types';
import type { MemoryNode } from '../memory/types';
import { eventKey } from './perception';

const IDLE = /\b(?:is|are)\s+(?:idle|asleep|sleeping)\s*\.?$/i;

/** True for "X is idle", "Y is sleeping": mundane by definition. */
export function isIdleDescription(description: string): boolean {
  return IDLE.test(description.trim()) || /^\s*idle\s*$/i.test(description);
}

/** Whether an event description concerns an agent personally (names them or someone they know). */
export type ConcernsAgent = (agentId: AgentId, description: string) => boolean;

/**
 * The 'personal' scope's test: the description names the agent or one of the people in their
 * relationships (full name or first name, whole words, any case).
 */
export function concernsByName(people: ReadonlyMap<AgentId, { name: string; relationships: readonly { id: string }[] }>): ConcernsAgent {
  const namesOf = new Map<AgentId, RegExp | null>();
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = (agentId: AgentId): RegExp | null => {
    if (namesOf.has(agentId)) return namesOf.get(agentId)!;
    const self = people.get(agentId);
    const names = new Set<string>();
    for (const p of self ? [self, ...self.relationships.map((r) => people.get(r.id as AgentId)).filter((q) => q !== undefined)] : []) {
      const full = p.name.trim();
      if (full) names.add(escape(full));
      const first = full.split(/\s+/)[0];
      if (first && first.length >= 2) names.add(escape(first));
    }
    const re = names.size ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...names].sort().join('|')})(?![\\p{L}\\p{N}])`, 'iu') : null;
    namesOf.set(agentId, re);
    return re;
  };
  return (agentId, description) => pattern(agentId)?.test(description) ?? false;
}

export class ImportanceBook {
  private readonly town = new Map<string, number>();
  private readonly perAgent = new Map<AgentId, Map<string, number>>();

  constructor(
    readonly scope: 'agent' | 'town' | 'personal',
    readonly idleImportance: number,
    /** Used by the 'personal' scope; without it every event counts as impersonal. */
    private readonly concerns: ConcernsAgent = () => false,
  ) {}

  /** The known score of an event description for an agent, or undefined when it needs rating. */
  lookup(agentId: AgentId, description: string): number | undefined {
    if (isIdleDescription(description)) return this.idleImportance;
    return this.cacheFor(agentId, description).get(eventKey(description));
  }

  /** Records a stored event's score unless one is known already (first wins). */
  remember(agentId: AgentId, description: string, importance: number): void {
    const cache = this.cacheFor(agentId, description);
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
    return agentId === undefined || this.scope === 'town' ? this.town.size + [...this.perAgent.values()].reduce((n, m) => n + m.size, 0) : this.ownCache(agentId).size;
  }

  private cacheFor(agentId: AgentId, description: string): Map<string, number> {
    if (this.scope === 'town' || (this.scope === 'personal' && !this.concerns(agentId, description))) return this.town;
    return this.ownCache(agentId);
  }

  private ownCache(agentId: AgentId): Map<string, number> {
    let cache = this.perAgent.get(agentId);
    if (!cache) this.perAgent.set(agentId, (cache = new Map()));
    return cache;
  }
}
