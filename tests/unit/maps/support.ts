/** Small helpers for the map tests: read a committed map and compute its addresses independently of the generator. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MAPS_DIR = join(__dirname, '..', '..', '..', 'maps');

export interface TmjObject {
  id: number;
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  point?: boolean;
  properties?: Array<{ name: string; type: string; value: unknown }>;
}

export interface TmjLayer {
  id: number;
  name: string;
  type: 'tilelayer' | 'objectgroup';
  width?: number;
  height?: number;
  data?: number[];
  visible: boolean;
  objects?: TmjObject[];
  properties?: Array<{ name: string; type: string; value: unknown }>;
}

export interface Tmj {
  width: number;
  height: number;
  tilewidth: number;
  tileheight: number;
  orientation: string;
  infinite: boolean;
  tiledversion: string;
  version: string;
  nextlayerid: number;
  nextobjectid: number;
  layers: TmjLayer[];
  properties: Array<{ name: string; type: string; value: unknown }>;
  tilesets: Array<{ firstgid: number; image: string; columns: number; tilecount: number; imagewidth: number; imageheight: number; tilewidth: number }>;
}

export function readMap(file: string): Tmj {
  return JSON.parse(readFileSync(join(MAPS_DIR, file), 'utf8')) as Tmj;
}

export const layer = (map: Tmj, name: string): TmjLayer | undefined => map.layers.find((l) => l.name === name);

/** Tiles whose centres lie inside the object (a point covers its tile): [x0, y0, x1, y1), in tiles. */
export function tiles(o: TmjObject, t: number): [number, number, number, number] {
  if (o.point || !o.width) return [Math.floor(o.x / t), Math.floor(o.y / t), Math.floor(o.x / t) + 1, Math.floor(o.y / t) + 1];
  const f = (v: number): number => Math.ceil(v / t - 0.5);
  return [f(o.x), f(o.y), f(o.x + o.width), f(o.y + o.height)];
}

const centreIn = (inner: [number, number, number, number], outer: [number, number, number, number]): boolean => {
  const cx = (inner[0] + inner[2]) / 2;
  const cy = (inner[1] + inner[3]) / 2;
  return cx >= outer[0] && cx < outer[2] && cy >= outer[1] && cy < outer[3];
};

/** Every place the map defines ("Sector", "Sector:arena", "Sector:arena:object"), by the convention's centre rule. */
export function addresses(map: Tmj): { all: Set<string>; objects: Map<string, TmjObject>; owners: Map<TmjObject, string[]> } {
  const t = map.tilewidth;
  const sectors = layer(map, 'sectors')!.objects!;
  const arenas = layer(map, 'arenas')!.objects!;
  const objects = layer(map, 'objects')!.objects!;
  const all = new Set<string>();
  const owners = new Map<TmjObject, string[]>();
  const arenaPath = new Map<TmjObject, string>();
  for (const s of sectors) all.add(s.name);
  for (const a of arenas) {
    const inside = sectors.filter((s) => centreIn(tiles(a, t), tiles(s, t)));
    owners.set(a, inside.map((s) => s.name));
    if (inside.length === 1) {
      arenaPath.set(a, `${inside[0].name}:${a.name}`);
      all.add(`${inside[0].name}:${a.name}`);
    }
  }
  const objectMap = new Map<string, TmjObject>();
  for (const o of objects) {
    const inside = arenas.filter((a) => arenaPath.has(a) && centreIn(tiles(o, t), tiles(a, t)));
    owners.set(o, inside.map((a) => arenaPath.get(a)!));
    if (inside.length === 1) {
      const address = `${arenaPath.get(inside[0])}:${o.name}`;
      all.add(address);
      objectMap.set(address, o);
    }
  }
  return { all, objects: objectMap, owners };
}
