/** Checks that every place a persona names exists on the map, with a message naming the culprit. */
import { resolvePlace } from '../world/spatial';
import type { Address, TownMap } from '../world/types';
import type { Persona } from './persona';

/** Every place string a persona uses, with where it is used (for error messages). */
function personaPlaces(p: Persona): { field: string; place: string }[] {
  return [
    { field: 'home', place: p.home },
    { field: 'bed', place: p.bed },
    ...p.routine.map((item, i) => ({ field: `routine[${i}] (${item.at} ${item.activity})`, place: item.place })),
    ...(p.weekendRoutine ?? []).map((item, i) => ({ field: `weekendRoutine[${i}] (${item.at} ${item.activity})`, place: item.place })),
    ...(p.knownPlaces ?? []).map((place, i) => ({ field: `knownPlaces[${i}]`, place })),
  ];
}

export function validatePersonaPlaces(personas: Persona[], map: TownMap, source: string): void {
  for (const p of personas) {
    for (const { field, place } of personaPlaces(p)) {
      const result = resolvePlace(map, place);
      if (!result.ok) throw new Error(`${source}: persona "${p.id}" → ${field}: ${result.error}`);
    }
  }
}

/** Resolves the personas' place strings once to canonical full addresses. */
export function personaAddressBook(personas: Persona[], map: TownMap): (place: string) => Address {
  const book = new Map<string, Address>();
  for (const p of personas) {
    for (const { place } of personaPlaces(p)) {
      const result = resolvePlace(map, place);
      if (result.ok) book.set(place, result.place.address);
    }
  }
  return (place) => book.get(place) ?? `${map.world}:${place}`;
}
