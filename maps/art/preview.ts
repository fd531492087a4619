/**
 * Renders a Tiled map of our convention to a PNG by compositing its visible tile layers, for
 * looking at a town without the game. Usage:
 *   npx tsx maps/art/preview.ts maps/hamlet.tmj /tmp/hamlet.png [scale=0.25] [x y w h (tiles)] [--grid] [--areas]
 * `--areas` outlines sectors (yellow), arenas (cyan) and objects (magenta).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Canvas, Color } from './canvas';
import { tileBox, TiledMapJson } from './town/check';

interface Options {
  scale: number;
  region?: { x: number; y: number; w: number; h: number };
  areas?: boolean;
  grid?: boolean;
}

type MapJson = TiledMapJson & { tilesets: Array<{ image: string; columns: number; firstgid: number }>; layers: Array<{ name: string; type: string; visible?: boolean; data?: number[]; objects?: never[] }> };

/** Composites the map's visible tile layers (and optionally its places) into a canvas. */
export function renderMap(mapPath: string, opts: Options): Canvas {
  const map = JSON.parse(readFileSync(mapPath, 'utf8')) as MapJson;
  const ts = map.tilesets[0];
  const sheet = Canvas.fromPng(readFileSync(resolve(dirname(mapPath), ts.image)));
  const T = map.tilewidth;
  const r = opts.region ?? { x: 0, y: 0, w: map.width, h: map.height };
  const full = new Canvas(r.w * T, r.h * T);
  full.rect(0, 0, full.width, full.height, [30, 30, 40, 255]);
  for (const layer of map.layers) {
    if (layer.type !== 'tilelayer' || layer.visible === false || !layer.data) continue;
    for (let y = r.y; y < r.y + r.h; y++) {
      for (let x = r.x; x < r.x + r.w; x++) {
        const g = layer.data[y * map.width + x];
        if (!g) continue;
        const i = g - ts.firstgid;
        full.draw(sheet, (x - r.x) * T, (y - r.y) * T, (i % ts.columns) * T, Math.floor(i / ts.columns) * T, T, T);
      }
    }
  }
  if (opts.areas) {
    const outline = (name: string, color: Color, inset: number): void => {
      for (const o of map.layers.find((l) => l.name === name)?.objects ?? []) {
        const b = tileBox(o, T, T);
        full.frame((b.x0 - r.x) * T + inset, (b.y0 - r.y) * T + inset, (b.x1 - b.x0) * T - 2 * inset, (b.y1 - b.y0) * T - 2 * inset, color);
      }
    };
    outline('sectors', [255, 220, 0, 255], 0);
    outline('arenas', [0, 230, 255, 255], 2);
    outline('objects', [255, 0, 200, 200], 4);
  }
  if (opts.grid) for (let y = 0; y < full.height; y += T) for (let x = 0; x < full.width; x += T) full.px(x, y, [255, 255, 255, 120]);
  if (opts.scale === 1) return full;
  // Box-filter downscale.
  const f = Math.round(1 / opts.scale);
  const out = new Canvas(Math.floor(full.width / f), Math.floor(full.height / f));
  for (let y = 0; y < out.height; y++) {
    for (let x = 0; x < out.width; x++) {
      const acc = [0, 0, 0, 0];
      for (let dy = 0; dy < f; dy++) for (let dx = 0; dx < f; dx++) {
        const c = full.get(x * f + dx, y * f + dy);
        for (let k = 0; k < 4; k++) acc[k] += c[k];
      }
      out.put(x, y, acc.map((v) => Math.round(v / (f * f))) as unknown as Color);
    }
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
  const [mapPath, outPath, scale, x, y, w, h] = args;
  if (!mapPath || !outPath) {
    console.error('usage: tsx maps/art/preview.ts MAP.tmj OUT.png [scale] [x y w h] [--areas] [--grid]');
    process.exit(2);
  }
  const canvas = renderMap(mapPath, {
    scale: scale ? Number(scale) : 0.25,
    region: w ? { x: +x, y: +y, w: +w, h: +h } : undefined,
    areas: flags.includes('--areas'),
    grid: flags.includes('--grid'),
  });
  writeFileSync(outPath, canvas.toPng());
  console.log(`wrote ${outPath} (${canvas.width}×${canvas.height})`);
}
