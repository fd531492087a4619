/**
 * Builds small Tiled JSON maps in code so the world tests do not depend on the real maps.
 * Coordinates are given in tiles and converted to pixels the way Tiled stores them.
 */

export const TILE = 32;

type PropValue = string | number | boolean;

export interface FixtureShape {
  name: string;
  /** [x, y, width, height] in tiles. */
  rect?: [number, number, number, number];
  /** Vertices in tiles (absolute). */
  polygon?: [number, number][];
  /** A point at the centre of this tile. */
  point?: [number, number];
  props?: Record<string, PropValue>;
  /** Raw fields merged into the object last (rotation, ellipse, ...). */
  extra?: Record<string, unknown>;
}

export interface FixtureOptions {
  /** Rows of the map: '#' and 'T' block movement, anything else is walkable. */
  grid: string[];
  world?: string;
  sectors?: FixtureShape[];
  arenas?: FixtureShape[];
  objects?: FixtureShape[];
  spawns?: { at: [number, number]; persona?: string }[];
  /** Extra tile layers drawn before the collision layer. */
  tileLayers?: { name: string; above?: boolean; visible?: boolean }[];
}

function props(values: Record<string, PropValue> | undefined) {
  if (!values) return undefined;
  return Object.entries(values).map(([name, value]) => ({
    name,
    type: typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'float') : 'string',
    value,
  }));
}

/** A Tiled JSON map (plain object, safe to mutate in a test). */
export function buildTiledMap(options: FixtureOptions): Record<string, any> {
  const height = options.grid.length;
  const width = options.grid[0].length;
  let nextId = 1;
  let nextLayerId = 1;
  const object = (shape: FixtureShape) => {
    const base: Record<string, unknown> = { id: nextId++, name: shape.name, type: '', rotation: 0, visible: true };
    if (shape.rect) {
      const [x, y, w, h] = shape.rect;
      Object.assign(base, { x: x * TILE, y: y * TILE, width: w * TILE, height: h * TILE });
    } else if (shape.polygon) {
      const [ox, oy] = shape.polygon[0];
      Object.assign(base, {
        x: ox * TILE,
        y: oy * TILE,
        width: 0,
        height: 0,
        polygon: shape.polygon.map(([px, py]) => ({ x: (px - ox) * TILE, y: (py - oy) * TILE })),
      });
    } else if (shape.point) {
      const [px, py] = shape.point;
      Object.assign(base, { x: (px + 0.5) * TILE, y: (py + 0.5) * TILE, width: 0, height: 0, point: true });
    }
    const p = props(shape.props);
    if (p) base.properties = p;
    return Object.assign(base, shape.extra ?? {});
  };
  const objectLayer = (name: string, shapes: FixtureShape[]) => ({
    id: nextLayerId++,
    name,
    type: 'objectgroup',
    draworder: 'topdown',
    opacity: 1,
    visible: true,
    x: 0,
    y: 0,
    objects: shapes.map(object),
  });
  const tileLayer = (name: string, data: number[], extra: Record<string, unknown> = {}) => ({
    id: nextLayerId++,
    name,
    type: 'tilelayer',
    width,
    height,
    x: 0,
    y: 0,
    opacity: 1,
    visible: true,
    data,
    ...extra,
  });
  const collision = options.grid.flatMap((row) => [...row].map((c) => (c === '#' || c === 'T' ? 2 : 0)));
  const layers: Record<string, unknown>[] = [tileLayer('ground', new Array(width * height).fill(1))];
  for (const l of options.tileLayers ?? []) {
    const extra: Record<string, unknown> = { visible: l.visible ?? true };
    if (l.above !== undefined) extra.properties = props({ above: l.above });
    layers.push(tileLayer(l.name, new Array(width * height).fill(3), extra));
  }
  layers.push(tileLayer('collision', collision, { visible: false }));
  layers.push(objectLayer('sectors', options.sectors ?? []));
  layers.push(objectLayer('arenas', options.arenas ?? []));
  layers.push(objectLayer('objects', options.objects ?? []));
  layers.push(
    objectLayer(
      'spawns',
      (options.spawns ?? []).map((s, i) => ({
        name: `spawn ${i + 1}`,
        point: s.at,
        props: s.persona ? { persona: s.persona } : undefined,
      })),
    ),
  );
  return {
    compressionlevel: -1,
    type: 'map',
    version: '1.10',
    tiledversion: '1.10.2',
    orientation: 'orthogonal',
    renderorder: 'right-down',
    width,
    height,
    tilewidth: TILE,
    tileheight: TILE,
    infinite: false,
    nextlayerid: nextLayerId,
    nextobjectid: nextId,
    properties: options.world === undefined ? undefined : props({ world: options.world }),
    tilesets: [
      {
        firstgid: 1,
        name: 'town',
        tilewidth: TILE,
        tileheight: TILE,
        tilecount: 64,
        columns: 8,
        image: 'tiles/town.png',
        imagewidth: 256,
        imageheight: 256,
        margin: 0,
        spacing: 0,
      },
    ],
    layers,
  };
}

/** The layer with this name (throws when absent, to keep tests short). */
export function layerOf(json: Record<string, any>, name: string): Record<string, any> {
  const layer = json.layers.find((l: { name: string }) => l.name === name);
  if (!layer) throw new Error(`fixture has no layer ${name}`);
  return layer;
}

/** The object with this name in a layer. */
export function objectOf(json: Record<string, any>, layer: string, name: string): Record<string, any> {
  const obj = layerOf(json, layer).objects.find((o: { name: string }) => o.name === name);
  if (!obj) throw new Error(`fixture has no object ${name} in ${layer}`);
  return obj;
}

/**
 * A small town: a cafe (kitchen, counter) and a home (bedroom) above, joined by a door, and a
 * park below whose sector is a polygon (a trapezoid cutting off the bottom-left corner).
 *
 *     x: 0123456789012345
 *      0 ################
 *      1 #......##......#
 *      2 #.....T##......#      T = a counter tile that blocks (the coffee machine sits on it)
 *      3 #..............#
 *      4 #......##......#
 *      5 ###.######.#####
 *      6 #..............#
 *      7 #..............#
 *      8 #..............#
 *      9 ################
 */
export const TOWN_GRID = [
  '################',
  '#......##......#',
  '#.....T##......#',
  '#..............#',
  '#......##......#',
  '###.######.#####',
  '#..............#',
  '#..............#',
  '#..............#',
  '################',
];

export function townOptions(): FixtureOptions {
  return {
    grid: [...TOWN_GRID],
    world: 'Hamlet',
    sectors: [
      { name: 'Hobbs Cafe', rect: [0, 0, 8, 6], props: { kind: 'cafe' } },
      { name: 'Lin Home', rect: [8, 0, 8, 6], props: { kind: 'home' } },
      { name: 'Park', polygon: [[0, 6], [16, 6], [16, 10], [4, 10]] },
    ],
    arenas: [
      { name: 'kitchen', rect: [1, 1, 3, 4] },
      { name: 'counter', rect: [4, 1, 3, 4] },
      { name: 'bedroom', rect: [9, 1, 6, 4] },
      { name: 'lawn', rect: [4, 6, 11, 3] },
    ],
    objects: [
      { name: 'stove', point: [1, 1] },
      { name: 'coffee machine', rect: [6, 2, 1, 1], props: { state: 'off' } },
      { name: 'bed', rect: [13, 1, 2, 1], props: { state: 'made' } },
      { name: 'bench', point: [7, 7] },
    ],
    spawns: [{ at: [3, 3], persona: 'isabella-rodriguez' }, { at: [10, 7] }],
    tileLayers: [
      { name: 'walls' },
      { name: 'roof', above: true },
    ],
  };
}

export function townJson(): Record<string, any> {
  return buildTiledMap(townOptions());
}
