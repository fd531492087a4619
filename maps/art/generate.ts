/**
 * Regenerates every generated asset of maps/: the tileset, the character sheet and the Tiled
 * maps. Deterministic: running it twice gives byte-identical files.
 *   npm run art            (writes into maps/)
 *   npx tsx maps/art/generate.ts OUT_DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { drawCharacterSheet } from './characters';
import { generateTowns } from './generate-town';
import { drawTileset } from './tileset';

/** Writes tiles/hamlet-tiles.png, sprites/characters.png and the maps under `outDir`; returns the paths. */
export function generateAll(outDir: string): string[] {
  mkdirSync(join(outDir, 'tiles'), { recursive: true });
  mkdirSync(join(outDir, 'sprites'), { recursive: true });
  const tiles = join(outDir, 'tiles', 'hamlet-tiles.png');
  const sprites = join(outDir, 'sprites', 'characters.png');
  writeFileSync(tiles, drawTileset().toPng());
  writeFileSync(sprites, drawCharacterSheet().toPng());
  return [tiles, sprites, ...generateTowns(outDir)];
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const out = process.argv[2] ?? resolve(new URL('..', import.meta.url).pathname);
  for (const p of generateAll(out)) console.log(`wrote ${p}`);
}
