/** Checks that every place a persona names exists on the map, with a message naming the culprit. */
import type { TownMap } from '../world/types';
import type { Persona } from './persona';

/** All addresses of sectors, arenas and objects on the map. */
export function knownAddresses(map: TownMap): Set<string> {
  const all = new Set<string>();
  for (const sector of map.sectors) {
    all.add(sector.address);
    for (const arena of sector.arenas) {
      all.add(arena.address);
      for (const object of arena.objects) all.add(object.address);
    }
  }
  return all;
}

/** "Sector:arena:object" (world-relative) or a full address → the full address. */
export function fullAddress(map: TownMap, place: string): string {
  return place.startsWith(`${map.world}:`) ? place : `${map.world}:${place}`;
}

export function validatePersonaPlaces(personas: Persona[], map: TownMap, source: string): void {
  const known = knownAddresses(map);
  const check = (persona: Persona, field: string, place: string) => {
    if (!known.has(fullAddress(map, place))) {
      throw new Error(`${source}: persona "${persona.id}" → ${field}: place "${place}" is not on the map ${map.source ?? map.world}`);
    }
  };
  for (const p of personas) {
    check(p, 'home', p.home);
    check(p, 'bed', p.bed);
    p.routine.forEach((item, i) => check(p, `routine[${i}] (${item.at} ${item.activity})`, item.place));
    p.weekendRoutine?.forEach((item, i) => check(p, `weekendRoutine[${i}] (${item.at} ${item.activity})`, item.place));
  }
}
