/**
 * Writes a TownBuilder as a Tiled JSON map (orthogonal, embedded tileset, CSV-style data arrays)
 * that the Tiled editor (1.10) opens and saves unchanged in structure.
 */
import { TILE_COUNT, TILE_SIZE, TILES, TILESET_COLUMNS, TILE_ROWS, gid } from '../tiles';
import { LayerName, Rect, TownBuilder, VISUAL_LAYERS } from './builder';

type Json = Record<string, unknown>;

const prop = (name: string, type: 'string' | 'bool', value: string | boolean): Json => ({ name, type, value });

function rectObject(id: number, name: string, r: Rect, properties?: Json[]): Json {
  return {
    height: r.h * TILE_SIZE,
    id,
    name,
    ...(properties?.length ? { properties } : {}),
    rotation: 0,
    type: '',
    visible: true,
    width: r.w * TILE_SIZE,
    x: r.x * TILE_SIZE,
    y: r.y * TILE_SIZE,
  };
}

/** Embedded tileset entry, image path relative to the map file (maps/). */
export function tilesetJson(): Json {
  return {
    columns: TILESET_COLUMNS,
    firstgid: 1,
    image: 'tiles/hamlet-tiles.png',
    imageheight: TILE_ROWS * TILE_SIZE,
    imagewidth: TILESET_COLUMNS * TILE_SIZE,
    margin: 0,
    name: 'hamlet-tiles',
    spacing: 0,
    tilecount: TILE_COUNT,
    tileheight: TILE_SIZE,
    tiles: TILES.map((t) => ({
      id: t.index,
      properties: [prop('name', 'string', t.name), prop('solid', 'bool', t.solid)],
    })),
    tilewidth: TILE_SIZE,
  };
}

/** The map as a Tiled JSON object. */
export function toTiled(town: TownBuilder): Json {
  town.resolveWalls();
  let layerId = 0;
  let objectId = 0;
  const tileLayer = (name: string, data: number[], extra: Json = {}): Json => ({
    data,
    height: town.height,
    id: ++layerId,
    name,
    opacity: 1,
    ...extra,
    type: 'tilelayer',
    visible: extra.visible ?? true,
    width: town.width,
    x: 0,
    y: 0,
  });
  const layers: Json[] = VISUAL_LAYERS.map((l: LayerName) =>
    tileLayer(
      l,
      town.layer(l).map((t) => (t ? gid(t) : 0)),
      l === 'above' ? { properties: [prop('above', 'bool', true)] } : {},
    ),
  );
  const collision = gid('collision');
  layers.push(tileLayer('collision', Array.from(town.blocked(), (b) => (b ? collision : 0)), { visible: false }));

  const objectLayer = (name: string, objects: Json[]): Json => ({
    draworder: 'topdown',
    id: ++layerId,
    name,
    objects,
    opacity: 1,
    type: 'objectgroup',
    visible: true,
    x: 0,
    y: 0,
  });
  layers.push(objectLayer('sectors', town.sectors.map((s) => rectObject(++objectId, s.name, s.rect, s.kind ? [prop('kind', 'string', s.kind)] : []))));
  layers.push(objectLayer('arenas', town.sectors.flatMap((s) => s.arenas.map((a) => rectObject(++objectId, a.name, a.rect)))));
  layers.push(
    objectLayer(
      'objects',
      town.sectors.flatMap((s) => s.arenas.flatMap((a) => a.objects.map((o) => rectObject(++objectId, o.name, o.rect, o.state ? [prop('state', 'string', o.state)] : [])))),
    ),
  );
  layers.push(
    objectLayer(
      'spawns',
      town.spawns.map((p) => ({
        height: 0,
        id: ++objectId,
        name: p.persona ?? 'spawn',
        point: true,
        ...(p.persona ? { properties: [prop('persona', 'string', p.persona)] } : {}),
        rotation: 0,
        type: '',
        visible: true,
        width: 0,
        x: p.x * TILE_SIZE + TILE_SIZE / 2,
        y: p.y * TILE_SIZE + TILE_SIZE / 2,
      })),
    ),
  );

  return {
    compressionlevel: -1,
    height: town.height,
    infinite: false,
    layers,
    nextlayerid: layerId + 1,
    nextobjectid: objectId + 1,
    orientation: 'orthogonal',
    properties: [prop('world', 'string', town.world)],
    renderorder: 'right-down',
    tiledversion: '1.10.2',
    tileheight: TILE_SIZE,
    tilesets: [tilesetJson()],
    tilewidth: TILE_SIZE,
    type: 'map',
    version: '1.10',
    width: town.width,
  };
}

/**
 * JSON text with two-space indentation where each tile layer's data is written one map row per
 * line (still a plain JSON array, as Tiled's CSV layer format is in JSON), so diffs stay readable.
 */
export function stringifyTiled(map: Json): string {
  const width = map.width as number;
  const rows: string[] = [];
  const placeholder = (i: number): string => `"@@DATA${i}@@"`;
  const copy = {
    ...map,
    layers: (map.layers as Json[]).map((l) => {
      if (!Array.isArray(l.data)) return l;
      const data = l.data as number[];
      const lines: string[] = [];
      for (let y = 0; y < data.length / width; y++) lines.push(data.slice(y * width, (y + 1) * width).join(','));
      rows.push(lines.join(',\n        '));
      return { ...l, data: `@@DATA${rows.length - 1}@@` };
    }),
  };
  let text = JSON.stringify(copy, null, 2);
  rows.forEach((r, i) => {
    text = text.replace(placeholder(i), `[\n        ${r}\n      ]`);
  });
  return text + '\n';
}
