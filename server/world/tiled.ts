/**
 * The parts of Tiled's JSON map format (https://doc.mapeditor.org/en/stable/reference/json-map-format/)
 * that Hamlet reads, with a structural validation whose errors name the layer, object or
 * tileset at fault. Unknown fields are kept (objects are "loose") so a validated map is still
 * a complete Tiled map that Phaser can load.
 */
import { z } from 'zod';

/** A custom property as Tiled writes it: `{ name, type, value }`. */
export interface TiledProperty {
  name: string;
  /** "string" | "int" | "float" | "bool" | "color" | "file" | "object" | "class". */
  type?: string;
  value: unknown;
  propertytype?: string;
}

export interface TiledPoint {
  x: number;
  y: number;
}

/** A map object. Its shape is a rectangle unless `point`, `ellipse`, `polygon`, `polyline`, `text` or `gid` says otherwise. */
export interface TiledObject {
  id: number;
  name: string;
  /** Pixel position: top-left for rectangles, the origin for polygons, bottom-left for tile objects (`gid`). */
  x: number;
  y: number;
  width: number;
  height: number;
  rotation: number;
  visible: boolean;
  type?: string;
  class?: string;
  point?: boolean;
  ellipse?: boolean;
  /** Vertices relative to (x, y). */
  polygon?: TiledPoint[];
  polyline?: TiledPoint[];
  text?: unknown;
  /** A tile object (an image placed as an object). */
  gid?: number;
  template?: string;
  properties?: TiledProperty[];
}

interface TiledLayerBase {
  id?: number;
  name: string;
  visible: boolean;
  opacity?: number;
  x?: number;
  y?: number;
  properties?: TiledProperty[];
}

export interface TiledTileLayer extends TiledLayerBase {
  type: 'tilelayer';
  width: number;
  height: number;
  /** Global tile ids, row-major (the "CSV" layer format). 0 = empty. High bits carry flip flags. */
  data: number[];
}

export interface TiledObjectGroup extends TiledLayerBase {
  type: 'objectgroup';
  objects: TiledObject[];
}

export interface TiledImageLayer extends TiledLayerBase {
  type: 'imagelayer';
  image?: string;
}

export interface TiledGroupLayer extends TiledLayerBase {
  type: 'group';
  layers: TiledLayer[];
}

export type TiledLayer = TiledTileLayer | TiledObjectGroup | TiledImageLayer | TiledGroupLayer;

/** A tileset embedded in the map (external `.tsx`/`.tsj` tilesets are rejected). */
export interface TiledTileset {
  firstgid: number;
  name: string;
  tilewidth: number;
  tileheight: number;
  tilecount?: number;
  columns?: number;
  /** Image path relative to the map file (absent for "collection of images" tilesets). */
  image?: string;
  imagewidth?: number;
  imageheight?: number;
  margin?: number;
  spacing?: number;
}

export interface TiledMap {
  type?: 'map';
  orientation: 'orthogonal';
  width: number;
  height: number;
  tilewidth: number;
  tileheight: number;
  infinite: boolean;
  layers: TiledLayer[];
  tilesets: TiledTileset[];
  properties?: TiledProperty[];
}

// ---------------------------------------------------------------------------------------------
// Schemas. Defaults fill fields that hand-written maps (and our test fixtures) may leave out.

const PropertySchema = z.looseObject({
  name: z.string(),
  type: z.string().optional(),
  value: z.unknown(),
  propertytype: z.string().optional(),
});

const PointSchema = z.looseObject({ x: z.number(), y: z.number() });

const ObjectSchema = z.looseObject({
  id: z.int(),
  name: z.string().default(''),
  x: z.number(),
  y: z.number(),
  width: z.number().min(0).default(0),
  height: z.number().min(0).default(0),
  rotation: z.number().default(0),
  visible: z.boolean().default(true),
  type: z.string().optional(),
  class: z.string().optional(),
  point: z.boolean().optional(),
  ellipse: z.boolean().optional(),
  polygon: z.array(PointSchema).optional(),
  polyline: z.array(PointSchema).optional(),
  text: z.unknown().optional(),
  gid: z.int().min(0).optional(),
  template: z.string().optional(),
  properties: z.array(PropertySchema).optional(),
});

const layerBase = {
  id: z.int().optional(),
  name: z.string().default(''),
  visible: z.boolean().default(true),
  opacity: z.number().optional(),
  x: z.number().optional(),
  y: z.number().optional(),
  properties: z.array(PropertySchema).optional(),
};

const TileLayerSchema = z.looseObject({
  ...layerBase,
  type: z.literal('tilelayer'),
  width: z.int().min(1),
  height: z.int().min(1),
  data: z.array(z.int().min(0)),
});

const ObjectGroupSchema = z.looseObject({
  ...layerBase,
  type: z.literal('objectgroup'),
  objects: z.array(ObjectSchema).default([]),
});

const ImageLayerSchema = z.looseObject({
  ...layerBase,
  type: z.literal('imagelayer'),
  image: z.string().optional(),
});

const GroupLayerSchema = z.looseObject({
  ...layerBase,
  type: z.literal('group'),
  get layers() {
    return z.array(LayerSchema).default([]);
  },
});

const LayerSchema: z.ZodType<TiledLayer> = z.discriminatedUnion('type', [
  TileLayerSchema,
  ObjectGroupSchema,
  ImageLayerSchema,
  GroupLayerSchema,
]) as unknown as z.ZodType<TiledLayer>;

const TilesetSchema = z.looseObject({
  firstgid: z.int().min(1),
  name: z.string().default(''),
  tilewidth: z.int().min(1),
  tileheight: z.int().min(1),
  tilecount: z.int().min(0).optional(),
  columns: z.int().min(0).optional(),
  image: z.string().optional(),
  imagewidth: z.int().min(0).optional(),
  imageheight: z.int().min(0).optional(),
  margin: z.int().min(0).optional(),
  spacing: z.int().min(0).optional(),
});

const MapSchema = z.looseObject({
  type: z.literal('map').optional(),
  orientation: z.literal('orthogonal'),
  width: z.int().min(1),
  height: z.int().min(1),
  tilewidth: z.int().min(1),
  tileheight: z.int().min(1),
  infinite: z.boolean().default(false),
  layers: z.array(LayerSchema),
  tilesets: z.array(TilesetSchema).default([]),
  properties: z.array(PropertySchema).optional(),
});

// ---------------------------------------------------------------------------------------------

const LAYER_TYPES = new Set(['tilelayer', 'objectgroup', 'imagelayer', 'group']);

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "layer "arenas"" / "object "stove" (id 42)" — how messages name things. */
export function describeLayer(layer: unknown, index: number): string {
  return isRecord(layer) && typeof layer.name === 'string' && layer.name !== ''
    ? `layer "${layer.name}"`
    : `layer #${index}`;
}

export function describeObject(obj: unknown, index: number): string {
  if (!isRecord(obj)) return `object #${index}`;
  const id = typeof obj.id === 'number' ? ` (id ${obj.id})` : '';
  return typeof obj.name === 'string' && obj.name !== '' ? `object "${obj.name}"${id}` : `object${id || ` #${index}`}`;
}

function describeTileset(ts: unknown, index: number): string {
  if (isRecord(ts) && typeof ts.name === 'string' && ts.name !== '') return `tileset "${ts.name}"`;
  if (isRecord(ts) && typeof ts.source === 'string') return `tileset "${ts.source}"`;
  return `tileset #${index}`;
}

/** Turns a zod issue path into words: `layer "arenas" → object "kitchen" (id 7) → width`. */
function describePath(root: unknown, path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = isRecord(node) || Array.isArray(node) ? (node as Json)[key as string] : undefined;
    const index = Number(path[i + 1]);
    if ((key === 'layers' || key === 'objects' || key === 'tilesets') && typeof path[i + 1] === 'number') {
      const item = Array.isArray(next) ? next[index] : undefined;
      parts.push(
        key === 'layers' ? describeLayer(item, index) : key === 'objects' ? describeObject(item, index) : describeTileset(item, index),
      );
      node = item;
      i++;
      continue;
    }
    parts.push(typeof key === 'number' ? `[${key}]` : String(key));
    node = next;
  }
  return parts.join(' → ');
}

/** Checks that need a specific message rather than a schema error; run before the schema. */
function checkUnsupported(json: Json, source: string): void {
  const fail = (msg: string): never => {
    throw new Error(`${source}: ${msg}`);
  };
  if (json.infinite === true) fail('infinite maps are not supported; uncheck "Infinite" in Map Properties');
  if (json.orientation !== undefined && json.orientation !== 'orthogonal') {
    fail(`orientation "${String(json.orientation)}" is not supported; use an orthogonal map`);
  }
  const tilesets = Array.isArray(json.tilesets) ? json.tilesets : [];
  tilesets.forEach((ts) => {
    if (isRecord(ts) && typeof ts.source === 'string') {
      fail(`external tileset "${ts.source}" not supported: embed it (Tiled: Map > Embed Tileset)`);
    }
  });
  const visit = (layers: unknown): void => {
    if (!Array.isArray(layers)) return;
    layers.forEach((layer, i) => {
      if (!isRecord(layer)) return;
      const what = describeLayer(layer, i);
      if (typeof layer.type === 'string' && !LAYER_TYPES.has(layer.type)) fail(`${what} has unknown type "${layer.type}"`);
      if (layer.type === 'tilelayer') {
        if (Array.isArray(layer.chunks)) fail(`tile ${what} is chunked: infinite maps are not supported`);
        if (layer.encoding !== undefined && layer.encoding !== 'csv') {
          fail(`tile ${what} uses ${String(layer.encoding)} encoding; save the map with CSV layer format`);
        }
        if (typeof layer.compression === 'string' && layer.compression !== '') {
          fail(`tile ${what} uses ${layer.compression} compression; save the map with CSV layer format`);
        }
      }
      if (layer.type === 'objectgroup' && Array.isArray(layer.objects)) {
        layer.objects.forEach((obj, j) => {
          if (isRecord(obj) && typeof obj.template === 'string') {
            fail(`${describeObject(obj, j)} in ${what} uses template "${obj.template}": templates are not supported; detach it (Tiled: Detach Template)`);
          }
        });
      }
      if (layer.type === 'group') visit(layer.layers);
    });
  };
  visit(json.layers);
}

/**
 * Validates the structure of a Tiled JSON map. Throws an Error starting with `source:` that
 * names the layer/object/tileset and field at fault. Returns the map with defaults filled in
 * (missing `name` → "", `visible` → true, `rotation` → 0, ...); unknown fields are kept.
 */
export function validateTiledMap(json: unknown, source: string): TiledMap {
  if (!isRecord(json)) throw new Error(`${source}: not a Tiled JSON map (expected an object)`);
  checkUnsupported(json, source);
  const result = MapSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = describePath(json, issue.path);
    throw new Error(`${source}: ${where ? `${where}: ` : ''}${issue.message}`);
  }
  const map = result.data as unknown as TiledMap;
  const visit = (layers: TiledLayer[]): void => {
    layers.forEach((layer, i) => {
      if (layer.type === 'tilelayer') {
        const what = describeLayer(layer, i);
        if (layer.width !== map.width || layer.height !== map.height) {
          throw new Error(`${source}: tile ${what} is ${layer.width}×${layer.height} but the map is ${map.width}×${map.height}`);
        }
        if (layer.data.length !== layer.width * layer.height) {
          throw new Error(`${source}: tile ${what} has ${layer.data.length} tiles, expected ${layer.width * layer.height}`);
        }
      }
      if (layer.type === 'group') visit(layer.layers);
    });
  };
  visit(map.layers);
  return map;
}

/** A property's value, checked against the expected Tiled type. `undefined` when absent. */
export function readProperty(
  properties: readonly TiledProperty[] | undefined,
  name: string,
  type: 'string' | 'bool' | 'int' | 'float',
  owner: string,
): string | number | boolean | undefined {
  const prop = properties?.find((p) => p.name === name);
  if (!prop) return undefined;
  const ok =
    type === 'string'
      ? typeof prop.value === 'string'
      : type === 'bool'
        ? typeof prop.value === 'boolean'
        : type === 'int'
          ? Number.isInteger(prop.value)
          : typeof prop.value === 'number';
  if (!ok) {
    throw new Error(`${owner} property "${name}" must be a ${type} (found ${JSON.stringify(prop.value)})`);
  }
  return prop.value as string | number | boolean;
}
