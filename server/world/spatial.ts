/**
 * Addresses on a TownMap: resolving "Sector:arena:object" (world-relative) or
 * "World:Sector:arena:object" (full) to a node and the tile to walk to, finding the place at a
 * tile, and listing the tree. Lookups are case-insensitive when that is unambiguous.
 */
import type { Address, ArenaNode, ObjectNode, SectorNode, Tile, TownMap } from './types';

export type PlaceKind = 'sector' | 'arena' | 'object';

export interface ResolvedPlace {
  kind: PlaceKind;
  /** Full address `world:sector[:arena[:object]]`, spelled as in the map. */
  address: Address;
  sector: SectorNode;
  arena?: ArenaNode;
  object?: ObjectNode;
  /** Where to walk: object → its use tile; arena → its entry tile; sector → its entry tile. */
  tile: Tile;
}

export type PlaceResolution = { ok: true; place: ResolvedPlace } | { ok: false; error: string };

interface PlaceIndex {
  /** Full address → place (exact spelling). */
  exact: Map<string, ResolvedPlace>;
  /** Lower-cased full address → places (more than one when names differ only by case). */
  folded: Map<string, ResolvedPlace[]>;
}

const indexes = new WeakMap<TownMap, PlaceIndex>();

function sectorTile(sector: SectorNode): Tile {
  if (sector.entryTile) return sector.entryTile;
  // Maps built by hand (tests, tools) may lack entryTile: use the largest arena's.
  let best: ArenaNode | undefined;
  for (const a of sector.arenas) {
    const area = (a.rect.x1 - a.rect.x0) * (a.rect.y1 - a.rect.y0);
    if (!best || area > (best.rect.x1 - best.rect.x0) * (best.rect.y1 - best.rect.y0)) best = a;
  }
  if (best) return best.entryTile;
  return { x: Math.floor((sector.rect.x0 + sector.rect.x1 - 1) / 2), y: Math.floor((sector.rect.y0 + sector.rect.y1 - 1) / 2) };
}

function indexOf(map: TownMap): PlaceIndex {
  let index = indexes.get(map);
  if (index) return index;
  index = { exact: new Map(), folded: new Map() };
  const add = (place: ResolvedPlace) => {
    index!.exact.set(place.address, place);
    const key = place.address.toLowerCase();
    const list = index!.folded.get(key);
    if (list) list.push(place);
    else index!.folded.set(key, [place]);
  };
  for (const sector of map.sectors) {
    add({ kind: 'sector', address: sector.address, sector, tile: sectorTile(sector) });
    for (const arena of sector.arenas) {
      add({ kind: 'arena', address: arena.address, sector, arena, tile: arena.entryTile });
      for (const object of arena.objects) {
        add({ kind: 'object', address: object.address, sector, arena, object, tile: object.useTile });
      }
    }
  }
  indexes.set(map, index);
  return index;
}

function lookup(map: TownMap, segments: string[]): ResolvedPlace | undefined {
  const index = indexOf(map);
  const address = [map.world, ...segments].join(':');
  const exact = index.exact.get(address);
  if (exact) return exact;
  const folded = index.folded.get(address.toLowerCase());
  return folded?.length === 1 ? folded[0] : undefined;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Explains which part of a relative address does not exist, listing the options there. */
function explainMiss(map: TownMap, place: string, segments: string[]): string {
  const list = (names: string[]) => (names.length ? ` (${names.slice(0, 12).join(', ')}${names.length > 12 ? ', ...' : ''})` : '');
  if (segments.length > 3) return `unknown place "${place}": an address has at most sector:arena:object after the world name`;
  const ambiguous = `place "${place}" is ambiguous: several names differ only by case; spell it exactly`;
  const sector = map.sectors.find((s) => s.name === segments[0]) ?? map.sectors.find((s) => sameName(s.name, segments[0]));
  if (!sector) return `unknown place "${place}": no sector "${segments[0]}"${list(map.sectors.map((s) => s.name))}`;
  if (segments.length === 1) return ambiguous;
  const arena = sector.arenas.find((a) => a.name === segments[1]) ?? sector.arenas.find((a) => sameName(a.name, segments[1]));
  if (!arena) return `unknown place "${place}": no arena "${segments[1]}" in sector "${sector.name}"${list(sector.arenas.map((a) => a.name))}`;
  if (segments.length === 2) return ambiguous;
  if (!arena.objects.some((o) => sameName(o.name, segments[2]))) {
    return `unknown place "${place}": no object "${segments[2]}" in arena "${sector.name}:${arena.name}"${list(arena.objects.map((o) => o.name))}`;
  }
  return ambiguous;
}

/**
 * Resolves a place written as a full address ("Hamlet:Cafe:kitchen:stove") or relative to the
 * world ("Cafe:kitchen:stove", "Cafe:kitchen", "Cafe"). Spaces around parts are ignored and
 * case only matters when two names differ by case alone.
 */
export function resolvePlace(map: TownMap, place: string): PlaceResolution {
  const segments = place.split(':').map((s) => s.trim());
  if (place.trim() === '' || segments.some((s) => s === '')) {
    return { ok: false, error: `bad place "${place}": expected "Sector", "Sector:arena" or "Sector:arena:object"` };
  }
  if (segments.length >= 2 && sameName(segments[0], map.world)) {
    const full = lookup(map, segments.slice(1));
    if (full) return { ok: true, place: full };
  }
  const relative = lookup(map, segments);
  if (relative) return { ok: true, place: relative };
  if (segments.length === 1 && sameName(segments[0], map.world)) {
    return { ok: false, error: `"${place}" names the whole world; name a sector, arena or object` };
  }
  const rest = segments.length >= 2 && sameName(segments[0], map.world) ? segments.slice(1) : segments;
  return { ok: false, error: explainMiss(map, place, rest) };
}

/** Like {@link resolvePlace} but throws the error message. */
export function requirePlace(map: TownMap, place: string): ResolvedPlace {
  const result = resolvePlace(map, place);
  if (!result.ok) throw new Error(result.error);
  return result.place;
}

/** The sector and arena addresses at a tile (each absent when the tile is outside them). */
export function placeAt(map: TownMap, tile: Tile): { sector?: Address; arena?: Address } {
  if (!Number.isInteger(tile.x) || !Number.isInteger(tile.y)) return {};
  if (tile.x < 0 || tile.y < 0 || tile.x >= map.width || tile.y >= map.height) return {};
  const i = tile.y * map.width + tile.x;
  const result: { sector?: Address; arena?: Address } = {};
  const s = map.sectorAt[i];
  const a = map.arenaAt[i];
  if (s >= 0) result.sector = map.sectors[s].address;
  if (a >= 0) result.arena = map.arenas[a].address;
  return result;
}

/** The arena node at a tile, if any. */
export function arenaAt(map: TownMap, tile: Tile): ArenaNode | undefined {
  if (tile.x < 0 || tile.y < 0 || tile.x >= map.width || tile.y >= map.height) return undefined;
  const a = map.arenaAt[tile.y * map.width + tile.x];
  return a >= 0 ? map.arenas[a] : undefined;
}

/** The sector node at a tile, if any. */
export function sectorAt(map: TownMap, tile: Tile): SectorNode | undefined {
  if (tile.x < 0 || tile.y < 0 || tile.x >= map.width || tile.y >= map.height) return undefined;
  const s = map.sectorAt[tile.y * map.width + tile.x];
  return s >= 0 ? map.sectors[s] : undefined;
}

/** `Hamlet:Cafe:kitchen` → `Cafe:kitchen` (addresses of other worlds are returned unchanged). */
export function relativeAddress(map: TownMap, address: Address): string {
  const prefix = `${map.world}:`;
  return address.startsWith(prefix) ? address.slice(prefix.length) : address;
}

/** `Cafe:kitchen` → `Hamlet:Cafe:kitchen`, or undefined when the place does not exist. */
export function fullAddress(map: TownMap, place: string): Address | undefined {
  const result = resolvePlace(map, place);
  return result.ok ? result.place.address : undefined;
}

/** All sectors, in map order. */
export function listSectors(map: TownMap): SectorNode[] {
  return map.sectors;
}

/** The arenas of a sector (given as node, full or relative address); [] when unknown. */
export function listArenas(map: TownMap, sector: SectorNode | string): ArenaNode[] {
  if (typeof sector !== 'string') return sector.arenas;
  const result = resolvePlace(map, sector);
  return result.ok && result.place.kind === 'sector' ? result.place.sector.arenas : [];
}

/** The objects of an arena (given as node, full or relative address); [] when unknown. */
export function listObjects(map: TownMap, arena: ArenaNode | string): ObjectNode[] {
  if (typeof arena !== 'string') return arena.objects;
  const result = resolvePlace(map, arena);
  return result.ok && result.place.kind === 'arena' ? result.place.arena!.objects : [];
}

/**
 * Every place's address in tree order (sector, its arenas, their objects), world-relative by
 * default — the form personas and prompts use.
 */
export function placeAddresses(map: TownMap, options: { relative?: boolean; kinds?: readonly PlaceKind[] } = {}): string[] {
  const relative = options.relative ?? true;
  const kinds = new Set(options.kinds ?? ['sector', 'arena', 'object']);
  const out: string[] = [];
  const push = (address: Address) => out.push(relative ? relativeAddress(map, address) : address);
  for (const sector of map.sectors) {
    if (kinds.has('sector')) push(sector.address);
    for (const arena of sector.arenas) {
      if (kinds.has('arena')) push(arena.address);
      if (kinds.has('object')) arena.objects.forEach((o) => push(o.address));
    }
  }
  return out;
}
