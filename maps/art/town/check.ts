/**
 * Checks a Tiled JSON map against the Hamlet map convention without the server's loader:
 * geometry (arenas inside one sector, objects inside one arena, unique names), walkability
 * (every arena has a walkable tile, every object a use tile) and connectivity (one BFS over
 * walkable tiles reaches every arena and every object's use tile). Used by the generator and
 * by the tests; returns problems instead of throwing so a report can list them all.
 */

interface TiledObject {
  name: string;
  x: number;
  y: number;
  width?: number;
  height?: number;
  point?: boolean;
  properties?: Array<{ name: string; value: unknown }>;
}

interface TiledLayer {
  name: string;
  type: string;
  data?: number[];
  objects?: TiledObject[];
}

export interface TiledMapJson {
  width: number;
  height: number;
  tilewidth: number;
  tileheight: number;
  layers: TiledLayer[];
  properties?: Array<{ name: string; value: unknown }>;
}

export interface TileBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface CheckedObject {
  name: string;
  box: TileBox;
  useTiles: number[];
}

export interface CheckedArena {
  name: string;
  box: TileBox;
  objects: CheckedObject[];
}

export interface CheckedSector {
  name: string;
  kind: string;
  box: TileBox;
  arenas: CheckedArena[];
}

export interface TownCheck {
  world: string;
  sectors: CheckedSector[];
  /** Every address the map defines: "Sector", "Sector:arena", "Sector:arena:object". */
  addresses: Set<string>;
  blocked: Uint8Array;
  /** Walkable tiles not reachable from the first arena. */
  unreachableWalkable: number;
  problems: string[];
}

/** Tiles whose centres lie inside the rectangle (a point covers its tile). */
export function tileBox(o: TiledObject, tw: number, th: number): TileBox {
  if (o.point || !o.width || !o.height) {
    const x = Math.floor(o.x / tw);
    const y = Math.floor(o.y / th);
    return { x0: x, y0: y, x1: x + 1, y1: y + 1 };
  }
  return {
    x0: Math.ceil(o.x / tw - 0.5),
    y0: Math.ceil(o.y / th - 0.5),
    x1: Math.ceil((o.x + o.width) / tw - 0.5),
    y1: Math.ceil((o.y + o.height) / th - 0.5),
  };
}

const centre = (b: TileBox): [number, number] => [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2];
const contains = (b: TileBox, [x, y]: [number, number]): boolean => x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1;

export function checkTown(map: TiledMapJson): TownCheck {
  const problems: string[] = [];
  const { width, height, tilewidth: tw, tileheight: th } = map;
  const layer = (name: string): TiledLayer | undefined => map.layers.find((l) => l.name === name);
  const world = String(map.properties?.find((p) => p.name === 'world')?.value ?? '');

  const collision = layer('collision');
  const blocked = new Uint8Array(width * height);
  if (!collision?.data) problems.push('no tile layer "collision"');
  else collision.data.forEach((g, i) => (blocked[i] = g ? 1 : 0));
  const walkable = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < width && y < height && !blocked[y * width + x];

  const sectors: CheckedSector[] = (layer('sectors')?.objects ?? []).map((o) => ({
    name: o.name,
    kind: String(o.properties?.find((p) => p.name === 'kind')?.value ?? ''),
    box: tileBox(o, tw, th),
    arenas: [],
  }));
  for (const name of ['sectors', 'arenas', 'objects', 'spawns']) if (!layer(name)) problems.push(`no object layer "${name}"`);

  const addresses = new Set<string>();
  const names = new Set<string>();
  for (const s of sectors) {
    if (names.has(s.name)) problems.push(`sector "${s.name}" appears twice`);
    names.add(s.name);
    addresses.add(s.name);
  }

  const arenas: Array<CheckedArena & { sector: CheckedSector }> = [];
  for (const o of layer('arenas')?.objects ?? []) {
    const box = tileBox(o, tw, th);
    const owners = sectors.filter((s) => contains(s.box, centre(box)));
    if (owners.length !== 1) {
      problems.push(`arena "${o.name}" lies in ${owners.length} sectors`);
      continue;
    }
    const sector = owners[0];
    if (sector.arenas.some((a) => a.name === o.name)) problems.push(`arena "${o.name}" appears twice in "${sector.name}"`);
    const arena = { name: o.name, box, objects: [] as CheckedObject[], sector };
    sector.arenas.push(arena);
    arenas.push(arena);
    addresses.add(`${sector.name}:${o.name}`);
  }

  const allObjects: Array<CheckedObject & { where: string }> = [];
  for (const o of layer('objects')?.objects ?? []) {
    const box = tileBox(o, tw, th);
    const owners = arenas.filter((a) => contains(a.box, centre(box)));
    if (owners.length !== 1) {
      problems.push(`object "${o.name}" at (${box.x0}, ${box.y0}) lies in ${owners.length} arenas`);
      continue;
    }
    const arena = owners[0];
    if (arena.objects.some((x) => x.name === o.name)) problems.push(`object "${o.name}" appears twice in "${arena.sector.name}:${arena.name}"`);
    const useTiles: number[] = [];
    for (let y = box.y0; y < box.y1; y++) for (let x = box.x0; x < box.x1; x++) if (walkable(x, y)) useTiles.push(y * width + x);
    for (let y = box.y0 - 1; y <= box.y1; y++) {
      for (let x = box.x0 - 1; x <= box.x1; x++) {
        const inside = x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1;
        const edgeAdjacent = (x >= box.x0 && x < box.x1) !== (y >= box.y0 && y < box.y1);
        if (!inside && edgeAdjacent && walkable(x, y)) useTiles.push(y * width + x);
      }
    }
    const obj = { name: o.name, box, useTiles };
    arena.objects.push(obj);
    const where = `${arena.sector.name}:${arena.name}:${o.name}`;
    allObjects.push({ ...obj, where });
    addresses.add(where);
    if (!useTiles.length) problems.push(`object "${where}" has no walkable tile on or next to it`);
  }

  for (const n of [...addresses]) if (n.split(':').some((part) => part.length === 0)) problems.push(`empty name in "${n}"`);

  // Connectivity: BFS from the first walkable tile of the first arena.
  const arenaTiles = (a: CheckedArena): number[] => {
    const out: number[] = [];
    for (let y = a.box.y0; y < a.box.y1; y++) for (let x = a.box.x0; x < a.box.x1; x++) if (walkable(x, y)) out.push(y * width + x);
    return out;
  };
  const seen = new Uint8Array(width * height);
  const start = arenas.map(arenaTiles).find((t) => t.length)?.[0];
  if (start !== undefined) {
    const queue = [start];
    seen[start] = 1;
    for (let i = 0; i < queue.length; i++) {
      const t = queue[i];
      const x = t % width;
      const y = (t - x) / width;
      for (const [nx, ny] of [[x + 1, y], [x - 1, y], [x, y + 1], [x, y - 1]]) {
        if (!walkable(nx, ny)) continue;
        const n = ny * width + nx;
        if (!seen[n]) {
          seen[n] = 1;
          queue.push(n);
        }
      }
    }
  }
  for (const a of arenas) {
    const tiles = arenaTiles(a);
    if (!tiles.length) problems.push(`arena "${a.sector.name}:${a.name}" has no walkable tile`);
    else if (!tiles.some((t) => seen[t])) problems.push(`arena "${a.sector.name}:${a.name}" is unreachable`);
    else if (tiles.some((t) => !seen[t])) problems.push(`arena "${a.sector.name}:${a.name}" has walkable tiles cut off from the rest`);
  }
  for (const o of allObjects) {
    if (o.useTiles.length && !o.useTiles.some((t) => seen[t])) problems.push(`object "${o.where}" cannot be reached`);
  }
  let unreachableWalkable = 0;
  for (let i = 0; i < width * height; i++) if (!blocked[i] && !seen[i]) unreachableWalkable++;

  for (const o of layer('spawns')?.objects ?? []) {
    const b = tileBox(o, tw, th);
    if (!walkable(b.x0, b.y0)) problems.push(`spawn "${o.name}" is on a blocked tile`);
  }

  return { world, sectors, addresses, blocked, unreachableWalkable, problems };
}
