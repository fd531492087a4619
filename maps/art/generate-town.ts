/**
 * Generates the Tiled maps (maps/hamlet.tmj, maps/village.tmj) and checks each against the map
 * convention (geometry + connectivity) before writing. Usage: npx tsx maps/art/generate-town.ts [outDir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TownBuilder } from './town/builder';
import { checkTown, TiledMapJson } from './town/check';
import { buildHamlet } from './town/hamlet-town';
import { stringifyTiled, toTiled } from './town/tiled';
import { buildVillage } from './town/village-town';

/** The towns we ship, by file name. */
export const TOWNS: Record<string, () => TownBuilder> = {
  'hamlet.tmj': buildHamlet,
  'village.tmj': buildVillage,
};

/** Builds one town as Tiled JSON text; throws with every problem the check finds. */
export function townJson(build: () => TownBuilder): string {
  const map = toTiled(build());
  const check = checkTown(map as unknown as TiledMapJson);
  // Our own towns also leave no walkable pocket that nobody can reach (a user's map may).
  if (check.unreachableWalkable) check.problems.push(`${check.unreachableWalkable} walkable tile(s) cannot be reached`);
  if (check.problems.length) throw new Error(`${check.world}: ${check.problems.length} problem(s):\n  ${check.problems.join('\n  ')}`);
  return stringifyTiled(map);
}

export function generateTowns(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return Object.entries(TOWNS).map(([file, build]) => {
    const path = join(outDir, file);
    writeFileSync(path, townJson(build));
    return path;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const out = process.argv[2] ?? resolve(new URL('..', import.meta.url).pathname);
  for (const p of generateTowns(out)) console.log(`wrote ${p}`);
}
