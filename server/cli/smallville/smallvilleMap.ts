/**
 * The reference's town as a Hamlet map. Places come from the block matrices (what the reference's
 * backend reads), not from the Tiled block layers, which differ from them on dozens of tiles; the
 * art comes from the reference's Tiled map with its tilesets copied next to the output.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { basename, dirname, join, resolve } from 'node:path';
import { labelComponents } from '../../world/pathfinding';
import { chooseEntryTile, chooseUseTile, mainComponent } from '../../world/walkTargets';
import { maskShape } from './maskShape';
import { REFERENCE_PATHS, ReferenceError, type ReferenceClone } from './reference';

export interface ConvertedMap {
  /** The Tiled JSON to write. */
  json: Record<string, unknown>;
  world: string;
  width: number;
  height: number;
  /** Place names as written on the map: sector → arena → object names. */
  places: Map<string, Map<string, string[]>>;
  /** Row-major walkability and the main walkable component's labels (for spawn fixes). */
  blocked: Uint8Array;
  labels: Int32Array;
  main: number;
  /** Per tile: the sector and arena names there ('' for none). */
  sectorAt: string[];
  arenaAt: string[];
}

type Json = Record<string, unknown>;

/** Names may not contain ':' in Hamlet addresses. */
function cleanName(name: string, notes: Set<string>): string {
  if (!name.includes(':')) return name.trim();
  notes.add(`":" replaced by " -" in place names ("${name}")`);
  return name.replace(/:/g, ' -').trim();
}

/** A few Hamlet sector kinds guessed from the name (the reference has none). */
function sectorKind(name: string, homes: ReadonlySet<string>): string {
  const n = name.toLowerCase();
  if (homes.has(name) || /house|apartment|home|co-living|dorm/.test(n)) return /dorm/.test(n) ? 'dorm' : 'home';
  for (const [kind, pattern] of [
    ['cafe', /cafe|coffee/],
    ['bar', /\bbar\b|pub/],
    ['college', /college|school|university/],
    ['library', /library/],
    ['park', /park|garden/],
    ['store', /store|shop|market|supply|pharmacy/],
  ] as const) {
    if (pattern.test(n)) return kind;
  }
  return '';
}

export function convertMap(ref: ReferenceClone, outDir: string, homes: ReadonlySet<string>, notes: Set<string>): ConvertedMap {
  const meta = ref.json(REFERENCE_PATHS.meta) as Json;
  const width = Number(meta.maze_width);
  const height = Number(meta.maze_height);
  const tile = Number(meta.sq_tile_size ?? 32);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ReferenceError(`${ref.path(REFERENCE_PATHS.meta)}: maze_width and maze_height must be positive whole numbers`);
  }
  const size = width * height;
  const collision = ref.maze('collision_maze', size);
  const sectorMaze = ref.maze('sector_maze', size);
  const arenaMaze = ref.maze('arena_maze', size);
  const objectMaze = ref.maze('game_object_maze', size);
  const worldBlocks = ref.blocks('world_blocks', true);
  const world = cleanName([...worldBlocks.values()][0] ?? 'the Ville', notes);
  const sectorBlocks = ref.blocks('sector_blocks', true);
  const arenaBlocks = ref.blocks('arena_blocks', true);
  const objectBlocks = ref.blocks('game_object_blocks', true);

  const tiled = ref.json(REFERENCE_PATHS.tiledMap) as Json;
  const tiledWidth = Number(tiled.width);
  const tiledHeight = Number(tiled.height);
  if (tiledWidth !== width || tiledHeight !== height) {
    throw new ReferenceError(`${ref.path(REFERENCE_PATHS.tiledMap)} is ${tiledWidth}×${tiledHeight} tiles but maze_meta_info.json says ${width}×${height}`);
  }

  // Per tile: which place the matrices put there.
  const blocked = new Uint8Array(size);
  const sectorAt: string[] = new Array(size).fill('');
  const arenaAt: string[] = new Array(size).fill('');
  const sectorTiles = new Map<string, number[]>();
  const arenaTiles = new Map<string, number[]>(); // key: sector \0 arena
  const objectTiles = new Map<string, number[]>(); // key: sector \0 arena \0 object
  let arenaWithoutSector = 0;
  let objectWithoutArena = 0;
  const push = (m: Map<string, number[]>, k: string, t: number) => {
    const list = m.get(k);
    if (list) list.push(t);
    else m.set(k, [t]);
  };
  for (let i = 0; i < size; i++) {
    blocked[i] = collision[i] !== '0' ? 1 : 0;
    const sector = sectorBlocks.has(sectorMaze[i]) ? cleanName(sectorBlocks.get(sectorMaze[i])!, notes) : '';
    const arena = arenaBlocks.has(arenaMaze[i]) ? cleanName(arenaBlocks.get(arenaMaze[i])!, notes) : '';
    const object = objectBlocks.has(objectMaze[i]) ? cleanName(objectBlocks.get(objectMaze[i])!, notes) : '';
    if (sector) push(sectorTiles, sector, i);
    if (arena && !sector) arenaWithoutSector++;
    if (object && !(sector && arena)) objectWithoutArena++;
    if (sector && arena) push(arenaTiles, `${sector}\0${arena}`, i);
    if (sector && arena && object) push(objectTiles, `${sector}\0${arena}\0${object}`, i);
    sectorAt[i] = sector;
    arenaAt[i] = sector && arena ? arena : '';
  }
  if (arenaWithoutSector) notes.add(`${arenaWithoutSector} arena tiles outside any sector were left out`);
  if (objectWithoutArena) notes.add(`${objectWithoutArena} object tiles outside any arena were left out`);

  // Keep only what a Hamlet agent can walk to (the loader rejects the rest, naming it).
  const components = labelComponents({ width, height, blocked });
  const { labels } = components;
  const arenaKeys = [...arenaTiles.keys()].sort();
  const main = mainComponent(
    arenaKeys.map((k) => arenaTiles.get(k)!),
    components,
  );
  const droppedArenas: string[] = [];
  const keptArenas = arenaKeys.filter((k) => {
    const ok = chooseEntryTile(arenaTiles.get(k)!, labels, main, width) >= 0;
    if (!ok) droppedArenas.push(k.replace('\0', ':'));
    return ok;
  });
  const arenaIndex = new Map(keptArenas.map((k, i) => [k, i]));
  const arenaOfTile = new Int32Array(size).fill(-1);
  keptArenas.forEach((k, i) => arenaTiles.get(k)!.forEach((t) => (arenaOfTile[t] = i)));
  const droppedObjects: string[] = [];
  const keptObjects = [...objectTiles.keys()].sort().filter((k) => {
    const [s, a] = k.split('\0');
    const index = arenaIndex.get(`${s}\0${a}`);
    const use = index === undefined ? 'none' : chooseUseTile(objectTiles.get(k)!, index, arenaOfTile, labels, main, { width, height, tileWidth: tile, tileHeight: tile });
    if (typeof use !== 'number') droppedObjects.push(k.replace(/\0/g, ':'));
    return typeof use === 'number';
  });
  const droppedSectors: string[] = [];
  const keptSectors = [...sectorTiles.keys()].sort().filter((s) => {
    const ok = keptArenas.some((k) => k.startsWith(`${s}\0`)) || chooseEntryTile(sectorTiles.get(s)!, labels, main, width) >= 0;
    if (!ok) droppedSectors.push(s);
    return ok;
  });
  if (droppedSectors.length) notes.add(`left out ${droppedSectors.length} sectors no one can walk to: ${droppedSectors.join(', ')}`);
  if (droppedArenas.length) notes.add(`left out ${droppedArenas.length} arenas no one can walk to: ${droppedArenas.join(', ')}`);
  if (droppedObjects.length) notes.add(`left out ${droppedObjects.length} objects with no reachable tile on or beside them: ${droppedObjects.join(', ')}`);

  // The place tree and its Tiled objects.
  let nextId = 1;
  const places = new Map<string, Map<string, string[]>>();
  const object = (name: string, tiles: number[], properties?: { name: string; type: string; value: string }[]) => ({
    id: nextId++,
    name,
    ...maskShape(tiles, width, tile, tile),
    rotation: 0,
    visible: true,
    type: '',
    ...(properties?.length ? { properties } : {}),
  });
  let polygons = 0;
  const sectorObjects = keptSectors.map((s) => {
    places.set(s, new Map());
    const kind = sectorKind(s, homes);
    return object(s, sectorTiles.get(s)!, kind ? [{ name: 'kind', type: 'string', value: kind }] : []);
  });
  const arenaObjects = keptArenas
    .filter((k) => places.has(k.split('\0')[0]))
    .map((k) => {
      const [s, a] = k.split('\0');
      places.get(s)!.set(a, []);
      return object(a, arenaTiles.get(k)!);
    });
  const objectObjects = keptObjects
    .filter((k) => places.get(k.split('\0')[0])?.has(k.split('\0')[1]))
    .map((k) => {
      const [s, a, o] = k.split('\0');
      places.get(s)!.get(a)!.push(o);
      return object(o, objectTiles.get(k)!);
    });
  for (const o of [...sectorObjects, ...arenaObjects, ...objectObjects]) if ('polygon' in o) polygons++;
  if (polygons) notes.add(`${polygons} places are not rectangles and became polygons (split places stay one polygon each)`);

  // The art: the reference's tile layers minus its data layers ("Collisions", "Sector Blocks",
  // "Special Blocks Registry", ...: coloured squares the backend read once), plus ours.
  const dropped: string[] = [];
  const keepLayers = (layers: Json[]): Json[] =>
    layers.flatMap((layer): Json[] => {
      const name = String(layer.name ?? '');
      if (layer.type === 'group') return [{ ...layer, layers: keepLayers((layer.layers as Json[]) ?? []) }];
      if (layer.type !== 'tilelayer' || /collision|block/i.test(name)) {
        dropped.push(name);
        return [];
      }
      // The reference draws "Foreground" layers over its characters.
      const above = /^foreground/i.test(name.trim());
      const properties = ((layer.properties as Json[]) ?? []).filter((p) => p.name !== 'above');
      if (above) properties.push({ name: 'above', type: 'bool', value: true });
      return [{ ...layer, properties }];
    });
  const layers = keepLayers((tiled.layers as Json[]) ?? []);
  if (dropped.length) notes.add(`the reference's layers ${dropped.map((d) => `"${d}"`).join(', ')} were replaced by Hamlet's collision and place layers (from the matrices)`);
  const tilesets = copyTilesets(ref, tiled, usedGids(layers), outDir, notes);
  // Any tile id marks a blocked tile for Hamlet; the layer is hidden, so which one does not matter.
  const collisionGid = Number((tilesets[0] as Json | undefined)?.firstgid ?? 1);
  const objectLayer = (name: string, id: number, objects: unknown[]) => ({ id, name, type: 'objectgroup', draworder: 'topdown', opacity: 1, visible: false, x: 0, y: 0, objects });
  const layerBase = 1000;
  const json: Json = {
    ...tiled,
    infinite: false,
    orientation: 'orthogonal',
    tilewidth: tile,
    tileheight: tile,
    properties: [...(((tiled.properties as Json[]) ?? []).filter((p) => p.name !== 'world')), { name: 'world', type: 'string', value: world }],
    tilesets,
    layers: [
      ...layers,
      {
        id: layerBase,
        name: 'collision',
        type: 'tilelayer',
        width,
        height,
        opacity: 1,
        visible: false,
        x: 0,
        y: 0,
        data: Array.from(blocked, (b) => (b ? collisionGid : 0)),
      },
      objectLayer('sectors', layerBase + 1, sectorObjects),
      objectLayer('arenas', layerBase + 2, arenaObjects),
      objectLayer('objects', layerBase + 3, objectObjects),
    ],
    nextlayerid: layerBase + 5,
    nextobjectid: nextId,
  };
  return { json, world, width, height, places, blocked, labels, main, sectorAt, arenaAt };
}

/** Every .png under a folder (for tileset images whose recorded path points elsewhere). */
function pngIndex(root: string): Map<string, string> {
  const index = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.toLowerCase().endsWith('.png') && !index.has(name.toLowerCase())) index.set(name.toLowerCase(), path);
    }
  };
  if (existsSync(root)) walk(root);
  return index;
}

/** Tile ids the kept art layers use (flip bits cleared); null when a layer's data is encoded. */
function usedGids(layers: Json[]): Set<number> | null {
  const gids = new Set<number>();
  const visit = (list: Json[]): boolean =>
    list.every((layer) => {
      if (layer.type === 'group') return visit((layer.layers as Json[]) ?? []);
      if (!Array.isArray(layer.data)) return false;
      for (const gid of layer.data as number[]) if (gid) gids.add(gid % 0x20000000);
      return true;
    });
  return visit(layers) ? gids : null;
}

/**
 * The tallest tileset image copied whole. WebGL cannot load a texture larger than the GPU's
 * MAX_TEXTURE_SIZE: 8192 in headless Chromium (SwiftShader) and on many laptops and phones, 4096 on
 * some. The reference's interiors images are 512×10016, so they are cut into pieces this tall.
 */
export const MAX_TILESET_IMAGE = 4096;

/**
 * Tilesets stay embedded; their images are copied into <out>/tiles/. The reference's map records
 * image paths from its author's machine for some tilesets, so an image not found at its recorded
 * path is looked up by file name (or tileset name) under the map's visuals folder. Tilesets no kept
 * layer uses (the reference's "blocks" colours, drawn only in its data layers) are left out, and an
 * image taller than MAX_TILESET_IMAGE becomes several tilesets, one per band of rows: tile ids run
 * row by row, so each band keeps its tiles' ids and the layers need no change.
 */
function copyTilesets(ref: ReferenceClone, tiled: Json, used: Set<number> | null, outDir: string, notes: Set<string>): Json[] {
  const visuals = ref.path(REFERENCE_PATHS.visuals);
  let index: Map<string, string> | null = null;
  const missing: string[] = [];
  const unused: string[] = [];
  const cut: string[] = [];
  const targets = new Set<string>();
  const target = (file: string, suffix = '') => {
    const base = basename(file).replace(/\.png$/i, '');
    let name = `${base}${suffix}.png`;
    for (let n = 2; targets.has(name.toLowerCase()); n++) name = `${base}${suffix}-${n}.png`;
    targets.add(name.toLowerCase());
    return name;
  };
  mkdirSync(join(outDir, 'tiles'), { recursive: true });
  const tilesets = ((tiled.tilesets as Json[]) ?? []).flatMap((ts): Json[] => {
    if (typeof ts.source === 'string') {
      throw new ReferenceError(`${ref.path(REFERENCE_PATHS.tiledMap)}: tileset "${ts.source}" is external; the importer reads embedded tilesets only`);
    }
    const name = String(ts.name ?? '');
    const firstgid = Number(ts.firstgid);
    const count = Number(ts.tilecount);
    if (used && Number.isInteger(firstgid) && Number.isInteger(count) && ![...used].some((g) => g >= firstgid && g < firstgid + count)) {
      unused.push(name || String(ts.image ?? firstgid));
      return [];
    }
    if (typeof ts.image !== 'string') return [ts];
    let file: string | undefined = resolve(visuals, ts.image);
    if (!existsSync(file)) {
      index ??= pngIndex(visuals);
      file = index.get(basename(ts.image.replace(/\\/g, '/')).toLowerCase()) ?? index.get(`${name.toLowerCase()}.png`);
    }
    if (!file) {
      missing.push(name || ts.image);
      return [ts];
    }
    const bands = cutTileset(ts, file, outDir, target);
    if (bands) {
      cut.push(`${name} (${bands.length} pieces)`);
      return bands;
    }
    const copy = target(file);
    copyFileSync(file, join(outDir, 'tiles', copy));
    return [{ ...ts, image: `tiles/${copy}` }];
  });
  if (unused.length) notes.add(`tilesets no drawn layer uses were left out: ${unused.join(', ')}`);
  if (cut.length) notes.add(`tileset images taller than ${MAX_TILESET_IMAGE} px were cut into bands (browsers cannot load them whole): ${cut.join(', ')}`);
  if (missing.length) notes.add(`tileset images not found (those tiles are not drawn): ${missing.join(', ')}`);
  return tilesets;
}

/** A tall tileset as bands of whole rows (null: it fits, or its layout is not a plain grid). */
function cutTileset(ts: Json, file: string, outDir: string, target: (file: string, suffix?: string) => string): Json[] | null {
  const columns = Number(ts.columns);
  const count = Number(ts.tilecount);
  const tileHeight = Number(ts.tileheight);
  const imageHeight = Number(ts.imageheight);
  if (!(imageHeight > MAX_TILESET_IMAGE) || Number(ts.margin ?? 0) !== 0 || Number(ts.spacing ?? 0) !== 0) return null;
  if (![columns, count, tileHeight].every((n) => Number.isInteger(n) && n > 0)) return null;
  const png = PNG.sync.read(readFileSync(file));
  const rowsPerBand = Math.floor(MAX_TILESET_IMAGE / tileHeight);
  const rows = Math.min(Math.ceil(count / columns), Math.floor(png.height / tileHeight));
  const bands: Json[] = [];
  for (let r0 = 0, k = 1; r0 < rows; r0 += rowsPerBand, k++) {
    const bandRows = Math.min(rowsPerBand, rows - r0);
    const band = new PNG({ width: png.width, height: bandRows * tileHeight });
    const rowBytes = png.width * 4;
    png.data.copy(band.data, 0, r0 * tileHeight * rowBytes, (r0 + bandRows) * tileHeight * rowBytes);
    const image = target(file, `-${k}`);
    writeFileSync(join(outDir, 'tiles', image), PNG.sync.write(band));
    const first = r0 * columns;
    const last = Math.min(count, (r0 + bandRows) * columns);
    const tiles = Array.isArray(ts.tiles)
      ? (ts.tiles as Json[]).filter((t) => Number(t.id) >= first && Number(t.id) < last).map((t) => ({ ...t, id: Number(t.id) - first }))
      : undefined;
    bands.push({
      ...ts,
      name: `${String(ts.name ?? 'tiles')} ${k}`,
      firstgid: Number(ts.firstgid) + first,
      tilecount: last - first,
      image: `tiles/${image}`,
      imageheight: bandRows * tileHeight,
      imagewidth: png.width,
      ...(tiles ? { tiles } : {}),
    });
  }
  return bands;
}

/** The nearest walkable tile on the main component (breadth-first over the grid), or -1. */
export function nearestWalkable(converted: ConvertedMap, from: number): number {
  const { width, height, labels, main } = converted;
  if (labels[from] === main) return from;
  const seen = new Uint8Array(width * height);
  const queue = [from];
  seen[from] = 1;
  for (let q = 0; q < queue.length; q++) {
    const t = queue[q];
    if (labels[t] === main) return t;
    const x = t % width;
    for (const n of [t - width, x < width - 1 ? t + 1 : -1, t + width, x > 0 ? t - 1 : -1]) {
      if (n >= 0 && n < width * height && !seen[n]) {
        seen[n] = 1;
        queue.push(n);
      }
    }
  }
  return -1;
}

export function ensureDir(path: string): void {
  mkdirSync(dirname(path), { recursive: true });
}
