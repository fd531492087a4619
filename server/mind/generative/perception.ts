/**
 * Perception (the paper's): what an awake agent notices this step. Events are the actions of
 * agents (itself included), objects in use and world events, within the vision radius and in
 * the arena the agent stands in; the nearest `attentionBandwidth` are attended; of those, the
 * ones not among the last `retention` perceived are new and become memories. Pure and cheap:
 * no model call happens here.
 */
import type { AgentId, AgentState, EventTriple, SimState } from '../../engine/types';
import { resolvePlace } from '../../world/spatial';
import type { Tile, TownMap } from '../../world/types';
import { normaliseText } from '../memory/cachedEmbedder';

export interface PerceivedEvent {
  /** Normalised, lower-cased description: the retention and importance-cache key. */
  key: string;
  description: string;
  triple: EventTriple;
  /** Squared distance in tiles (ordering only). */
  distance: number;
  /** The agent the event is about, for agent events. */
  agentId?: AgentId;
}

export interface Perception {
  /** The attended events, nearest first. */
  attended: PerceivedEvent[];
  /** Attended events not among the recently perceived, in attended order. */
  fresh: PerceivedEvent[];
  /** Other agents among the attended events, nearest first. */
  attendedAgents: AgentId[];
}

export interface PerceptionSettings {
  visionRadiusTiles: number;
  attentionBandwidth: number;
  retention: number;
}

/** Descriptions keyed so far (a pure function's results); cleared when it grows past KEY_CACHE_SIZE. */
const keyCache = new Map<string, string>();
const KEY_CACHE_SIZE = 20_000;

/**
 * Retention / cache key of a description. Every awake agent keys every event in view on every
 * step, nearly always the same few descriptions: NFC normalisation and the whitespace regex were
 * the largest single cost of perception, so the keys are cached.
 */
export function eventKey(description: string): string {
  let key = keyCache.get(description);
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.clear();
    key = normaliseText(description).toLowerCase();
    keyCache.set(description, key);
  }
  return key;
}

/** "Ada Ash is brewing coffee" from a name and an action description (unless it already names her). */
export function agentEventDescription(name: string, activity: string): string {
  const text = activity.trim();
  return text.toLowerCase().startsWith(name.toLowerCase()) ? text : `${name} is ${text}`;
}

/** Map lookups perception needs, computed once per map. */
export class PerceptionIndex {
  private readonly objectArena = new Map<string, number>();
  private readonly eventPlaces = new Map<string, { tile: Tile; arena: number; sector: number } | null>();

  constructor(readonly map: TownMap) {
    map.arenas.forEach((arena, index) => {
      for (const object of arena.objects) this.objectArena.set(object.address, index);
    });
  }

  arenaAt(tile: Tile): number {
    const { map } = this;
    if (tile.x < 0 || tile.y < 0 || tile.x >= map.width || tile.y >= map.height) return -1;
    return map.arenaAt[tile.y * map.width + tile.x];
  }

  sectorAt(tile: Tile): number {
    const { map } = this;
    if (tile.x < 0 || tile.y < 0 || tile.x >= map.width || tile.y >= map.height) return -1;
    return map.sectorAt[tile.y * map.width + tile.x];
  }

  objectArenaOf(address: string): number | undefined {
    return this.objectArena.get(address);
  }

  /** Where a world event happens: its tile, arena (-1 for a sector-wide event) and sector. */
  eventPlace(address: string): { tile: Tile; arena: number; sector: number } | null {
    let place = this.eventPlaces.get(address);
    if (place === undefined) {
      const resolved = resolvePlace(this.map, address);
      place = null;
      if (resolved.ok) {
        const p = resolved.place;
        place = { tile: p.tile, arena: p.arena ? this.map.arenas.indexOf(p.arena) : -1, sector: this.map.sectors.indexOf(p.sector) };
      }
      this.eventPlaces.set(address, place);
    }
    return place;
  }
}

function chebyshev(a: Tile, b: Tile): number {
  return Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y));
}

function squared(a: Tile, b: Tile): number {
  return (a.x - b.x) ** 2 + (a.y - b.y) ** 2;
}

/** The event an agent's state shows to those who see it. */
export function agentEvent(agent: AgentState): { description: string; triple: EventTriple } {
  if (agent.sleeping) return { description: `${agent.name} is sleeping`, triple: [agent.name, 'is', 'sleeping'] };
  const description = agentEventDescription(agent.name, agent.action.description);
  const [, predicate, object] = agent.action.event;
  return { description, triple: [agent.name, predicate || 'is', object || agent.action.description] };
}

/**
 * What `self` perceives in `state`. `recent` holds the keys of the last perceived events
 * (retention) and `inView` those attended on the previous step (an event that stays in view is
 * not perceived again each step); neither is changed here.
 */
export function perceive(
  self: AgentState,
  state: Readonly<SimState>,
  index: PerceptionIndex,
  settings: PerceptionSettings,
  recent: readonly string[],
  inView: readonly string[] = [],
): Perception {
  const radius = settings.visionRadiusTiles;
  const arena = index.arenaAt(self.tile);
  const sector = index.sectorAt(self.tile);
  const seen: PerceivedEvent[] = [];

  for (const other of state.agents) {
    if (chebyshev(self.tile, other.tile) > radius || index.arenaAt(other.tile) !== arena) continue;
    const { description, triple } = agentEvent(other);
    seen.push({ key: eventKey(description), description, triple, distance: squared(self.tile, other.tile), agentId: other.id });
  }
  for (const [address, objectState] of Object.entries(state.objects)) {
    const objectArena = index.objectArenaOf(address);
    const node = index.map.objects.get(address);
    if (objectArena === undefined || objectArena !== arena || !node || chebyshev(self.tile, node.useTile) > radius) continue;
    const description = `${node.name} is ${objectState}`;
    seen.push({ key: eventKey(description), description, triple: [node.name, 'is', objectState], distance: squared(self.tile, node.useTile) });
  }
  for (const event of state.events) {
    // Scheduled events are not there yet; injected object states are seen as the object's state above.
    if (event.step > state.step || event.objectState !== undefined) continue;
    if (event.townWide) {
      // An announcement reaches everyone awake, wherever they are (nearest of all, so always attended).
      seen.push({ key: eventKey(event.description), description: event.description, triple: ['the town', 'hears', event.description], distance: -1 });
      continue;
    }
    const place = index.eventPlace(event.address);
    if (!place) continue;
    if (event.radiusTiles !== undefined) {
      // An event with a radius carries across the rooms of its place (a fire alarm), not beyond it.
      if (chebyshev(self.tile, place.tile) > event.radiusTiles || place.sector !== sector) continue;
    } else if (place.arena >= 0) {
      // In a room (or at an object in it): seen by those in that room within sight.
      if (place.arena !== arena || chebyshev(self.tile, place.tile) > radius) continue;
    } else {
      // At a place as a whole ("Willow Cafe"): noticed by whoever is there, in any of its rooms;
      // its entry tile may lie far from where they stand.
      if (place.sector !== sector) continue;
    }
    const where = event.address.split(':').pop() ?? event.address;
    // An event at a place as a whole happens all around them: as near as can be (attended first).
    const distance = place.arena >= 0 || event.radiusTiles !== undefined ? squared(self.tile, place.tile) : 0;
    seen.push({ key: eventKey(event.description), description: event.description, triple: [where, 'is', event.description], distance });
  }

  // Nearest first; ties by key so the order never depends on the state's array order.
  seen.sort((a, b) => a.distance - b.distance || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const attended: PerceivedEvent[] = [];
  const keys = new Set<string>();
  for (const event of seen) {
    if (keys.has(event.key)) continue;
    keys.add(event.key);
    attended.push(event);
    if (attended.length >= settings.attentionBandwidth) break;
  }
  const retained = new Set([...(settings.retention > 0 ? recent.slice(-settings.retention) : []), ...inView]);
  const fresh = attended.filter((e) => !retained.has(e.key));
  const attendedAgents = attended.filter((e) => e.agentId !== undefined && e.agentId !== self.id).map((e) => e.agentId!);
  return { attended, fresh, attendedAgents };
}

/** `recent` with the fresh keys appended, cut to the retention length. */
export function retain(recent: readonly string[], fresh: readonly PerceivedEvent[], retention: number): string[] {
  if (retention <= 0) return [];
  return [...recent, ...fresh.map((e) => e.key)].slice(-retention);
}
