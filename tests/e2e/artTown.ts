/**
 * The mini test town with art: a small tileset image drawn with pngjs (grass, wall, floor, path)
 * and a visible walls layer, so the browser tests see a real drawn town. The character sheet is
 * left out on purpose unless asked for: the page must then draw its stand-in figures.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { writeMiniTown } from '../support/miniTown';

const T = 32;
type Rgb = [number, number, number];

function tilesetPng(): Buffer {
  const tiles: ((x: number, y: number) => Rgb)[] = [
    // 1 grass: speckled green
    (x, y) => ((x * 7 + y * 13) % 11 === 0 ? [86, 140, 70] : [104, 160, 82]),
    // 2 wall: bricks
    (x, y) => (y % 8 === 0 || (x + (Math.floor(y / 8) % 2) * 8) % 16 === 0 ? [70, 60, 58] : [150, 96, 78]),
    // 3 floor: planks
    (x, y) => (y % 8 === 7 ? [120, 84, 50] : [176, 128, 82]),
    // 4 path: stones
    (x, y) => ((x % 16 === 0 || y % 16 === 0) ? [140, 136, 128] : [190, 184, 170]),
  ];
  const png = new PNG({ width: T * tiles.length, height: T });
  for (let i = 0; i < tiles.length; i++) {
    for (let y = 0; y < T; y++) {
      for (let x = 0; x < T; x++) {
        const [r, g, b] = tiles[i](x, y);
        const o = (y * png.width + i * T + x) * 4;
        png.data[o] = r;
        png.data[o + 1] = g;
        png.data[o + 2] = b;
        png.data[o + 3] = 255;
      }
    }
  }
  return PNG.sync.write(png);
}

/** Writes the art town to `dir`; returns the map and persona paths. */
export function writeArtTown(dir: string): { dir: string; mapPath: string; personasPath: string } {
  mkdirSync(dir, { recursive: true });
  const files = writeMiniTown(dir);
  const map = JSON.parse(readFileSync(files.mapPath, 'utf8')) as {
    width: number;
    height: number;
    tilesets: Record<string, unknown>[];
    layers: { name: string; type: string; data?: number[]; [k: string]: unknown }[];
  };
  const { width, height } = map;
  map.tilesets = [{ firstgid: 1, name: 'tiles', image: 'tiles.png', imagewidth: T * 4, imageheight: T, tilewidth: T, tileheight: T, tilecount: 4, columns: 4, margin: 0, spacing: 0 }];
  const collision = map.layers.find((l) => l.name === 'collision')!.data!;
  const ground = map.layers.find((l) => l.name === 'ground')!;
  ground.data = ground.data!.map((_, i) => {
    const x = i % width;
    const y = Math.floor(i / width);
    if (y >= 1 && y <= 3) return 3; // floors indoors
    if (y === 8 || x === 12) return 4; // a path
    return 1;
  });
  const walls = { id: 20, name: 'walls', type: 'tilelayer', width, height, x: 0, y: 0, opacity: 1, visible: true, data: collision.map((c) => (c ? 2 : 0)) };
  map.layers.splice(map.layers.indexOf(ground) + 1, 0, walls);
  writeFileSync(files.mapPath, JSON.stringify(map));
  writeFileSync(join(dir, 'tiles.png'), tilesetPng());
  return files;
}
