/** Draws the whole tileset sheet from the catalogue (tiles.ts) and the painters. */
import { Canvas } from './canvas';
import { floorPainters } from './draw-floors';
import { furniturePainters } from './draw-furniture';
import { groundPainters } from './draw-ground';
import { naturePainters } from './draw-nature';
import { outdoorPainters } from './draw-outdoor';
import { shopPainters } from './draw-shops';
import { wallPainters } from './draw-walls';
import { Painter } from './kit';
import { ArtRng } from './rng';
import { TILE_ROWS, TILE_SIZE, TILES, TILESET_COLUMNS } from './tiles';

const PAINTERS: Record<string, Painter> = {
  ...groundPainters,
  ...floorPainters,
  ...wallPainters,
  ...naturePainters,
  ...outdoorPainters,
  ...furniturePainters,
  ...shopPainters,
};

/** One tile as its own 32×32 canvas (each tile has its own random stream, seeded by its name). */
export function drawTile(name: string): Canvas {
  const paint = PAINTERS[name];
  if (!paint) throw new Error(`no painter for tile "${name}"`);
  const c = new Canvas(TILE_SIZE, TILE_SIZE);
  paint(c, new ArtRng(`tile:${name}`));
  return c;
}

/** The full sheet, 16 tiles wide. */
export function drawTileset(): Canvas {
  const unused = Object.keys(PAINTERS).filter((n) => !TILES.some((t) => t.name === n));
  if (unused.length) throw new Error(`painters without a catalogue entry: ${unused.join(', ')}`);
  const sheet = new Canvas(TILESET_COLUMNS * TILE_SIZE, TILE_ROWS * TILE_SIZE);
  for (const t of TILES) {
    sheet.draw(drawTile(t.name), (t.index % TILESET_COLUMNS) * TILE_SIZE, Math.floor(t.index / TILESET_COLUMNS) * TILE_SIZE);
  }
  return sheet;
}
