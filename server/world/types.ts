/**
 * The world model derived from a Tiled map: the spatial tree (world > sector > arena > object),
 * the collision grid and the places agents can go. Everything here is plain data so it can be
 * shared with the engine, the minds and (as JSON) the client.
 */

import type { TiledMap } from './tiled';

/** A tile coordinate. x grows to the east, y to the south. */
export interface Tile {
  x: number;
  y: number;
}

/** Axis-aligned rectangle in tiles (inclusive x0/y0, exclusive x1/y1). */
export interface TileRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * A place address `world:sector:arena:object`. Shorter prefixes name bigger places:
 * `world:sector`, `world:sector:arena`. Names never contain ':' (the loader rejects them).
 */
export type Address = string;

export interface ObjectNode {
  name: string;
  address: Address;
  /** Tiles the object covers. */
  rect: TileRect;
  /** The walkable tile an agent stands on to use the object. */
  useTile: Tile;
  /** State when nobody uses it, from the Tiled property `state` (default "idle"). */
  idleState: string;
}

export interface ArenaNode {
  name: string;
  address: Address;
  rect: TileRect;
  objects: ObjectNode[];
  /** A walkable tile inside the arena, near its centre: where an agent goes to "be in the room". */
  entryTile: Tile;
}

export interface SectorNode {
  name: string;
  address: Address;
  /** Bounding rectangle of its tiles; `TownMap.sectorAt` holds the exact shape (polygon sectors are supported). */
  rect: TileRect;
  arenas: ArenaNode[];
  /** Free-form Tiled property `kind` ("home", "cafe", ...), empty when absent. */
  kind: string;
  /**
   * Where an agent goes to "be at" the sector: the entry tile of its largest arena, or (for a
   * sector without arenas) its walkable tile nearest the centre. Always set by the loader.
   */
  entryTile?: Tile;
}

export interface SpawnPoint {
  tile: Tile;
  /** Persona id or name from the Tiled property `persona`, when given. */
  persona?: string;
}

/** A tile layer as the client draws it (the `collision` layer is not listed). */
export interface DrawLayer {
  name: string;
  /** Tiled layer property `above`: drawn above the characters (roof edges, tree tops). */
  above: boolean;
  visible: boolean;
}

/** What the client needs to draw the map: the Tiled JSON itself is served as-is. */
export interface TownMap {
  /** The `world` map property, or the file name without extension. */
  world: string;
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  sectors: SectorNode[];
  spawns: SpawnPoint[];
  /** Row-major, width*height; true where movement is blocked. */
  blocked: Uint8Array;
  /** Row-major tile → arena index into `arenas` (-1 when outside every arena). */
  arenaAt: Int32Array;
  /** Row-major tile → sector index into `sectors` (-1 when outside every sector). */
  sectorAt: Int32Array;
  /** Flattened arenas, indexed by `arenaAt`. */
  arenas: ArenaNode[];
  /** Every object by full address. */
  objects: Map<Address, ObjectNode>;
  /** Where the map came from (file path or the name given to the parser); set by the loader. */
  source?: string;
  /** Drawable tile layers in drawing order (group layers flattened); set by the loader. */
  drawLayers?: DrawLayer[];
  /** Tileset image paths as written in the map (relative to the map file); set by the loader. */
  tilesetImages?: string[];
  /**
   * The validated Tiled JSON (defaults filled in, unknown fields kept); set by the loader.
   * The server may serve the map file itself instead: both load in Phaser.
   */
  tiled?: TiledMap;
}
