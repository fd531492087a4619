/** Where each persona starts: a spawn point pinned to it, else its bed, else its home. */
import type { Navigator } from '../engine/ports';
import type { Persona } from '../mind/persona';
import { fullAddress } from '../world/spatial';
import type { Tile, TownMap } from '../world/types';

export function spawnTile(persona: Persona, map: TownMap, navigator: Navigator): Tile {
  const pinned = map.spawns.find((s) => s.persona === persona.id || s.persona === persona.name);
  if (pinned) return { ...pinned.tile };
  for (const place of [persona.bed, persona.home]) {
    const address = fullAddress(map, place);
    const tile = address ? navigator.tileFor(address) : null;
    if (tile) return { ...tile };
  }
  const any = map.spawns[0];
  if (any) return { ...any.tile };
  throw new Error(`No start tile for persona "${persona.id}": add a spawn point or fix its bed/home`);
}
