/**
 * The engine's Navigator over a TownMap: full addresses → the tile to walk to, and A* paths
 * with the world's cached PathFinder.
 */
import { PathFinder } from '../world/pathfinding';
import type { Tile, TownMap } from '../world/types';
import type { Navigator } from './ports';

export function createNavigator(map: TownMap): Navigator & { finder: PathFinder } {
  const finder = new PathFinder(map);
  const targets = new Map<string, Tile>();
  for (const sector of map.sectors) {
    const first = sector.arenas.find((a) => a.entryTile);
    if (first?.entryTile) targets.set(sector.address, first.entryTile);
    for (const arena of sector.arenas) {
      if (arena.entryTile) targets.set(arena.address, arena.entryTile);
      for (const object of arena.objects) targets.set(object.address, object.useTile);
    }
  }
  return {
    finder,
    tileFor(address) {
      return targets.get(address) ?? null;
    },
    path(from, to) {
      const path = finder.findPath(from, to);
      return path ? [...path] : null;
    },
    walkable(tile) {
      return finder.isWalkable(tile);
    },
  };
}
