/**
 * TownBuilder: paints a town tile by tile (by tile *name*, from the catalogue) and records the
 * places of the Hamlet map convention (sectors > arenas > objects, spawns). Walls are stored
 * abstractly and resolved when the map is finished: a wall tile shows its face (wallpaper or
 * brick) when the tile south of it is not a wall, otherwise its cap — the 3/4 top-down rule that
 * makes roofless rooms read as rooms.
 */
import { isSolid, TileName } from '../tiles';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const VISUAL_LAYERS = ['ground', 'floor', 'walls', 'furniture', 'above'] as const;
export type LayerName = (typeof VISUAL_LAYERS)[number];

export interface PlacedObject {
  name: string;
  rect: Rect;
  state?: string;
}

export interface PlacedArena {
  name: string;
  rect: Rect;
  objects: PlacedObject[];
}

export interface PlacedSector {
  name: string;
  kind: string;
  rect: Rect;
  arenas: PlacedArena[];
}

export interface Spawn {
  x: number;
  y: number;
  persona?: string;
}

/** Wall styles with cap/face/window tiles in the catalogue. */
export type WallStyle = 'plaster' | 'brick' | 'timber' | 'stone' | 'sage' | 'rose' | 'navy';

interface WallCell {
  style: WallStyle;
  window: boolean;
  door: 'door' | 'shop' | null;
}

export class ArenaBuilder {
  constructor(private readonly town: TownBuilder, readonly arena: PlacedArena) {}

  /**
   * Places furniture tiles (rows of tile names, `null` = leave empty) at (x, y) and records an
   * object covering them. Names must be unique within the arena.
   */
  put(name: string, x: number, y: number, rows: Array<Array<TileName | null>> | TileName, state?: string): this {
    const grid = typeof rows === 'string' ? [[rows]] : rows;
    grid.forEach((row, dy) => row.forEach((t, dx) => t && this.town.set('furniture', x + dx, y + dy, t)));
    return this.mark(name, { x, y, w: Math.max(...grid.map((r) => r.length)), h: grid.length }, state);
  }

  /** Records an object without drawing (a pond, a lawn, furniture already drawn). */
  mark(name: string, rect: Rect, state?: string): this {
    if (name.includes(':')) throw new Error(`object name "${name}" contains ':'`);
    if (this.arena.objects.some((o) => o.name === name)) throw new Error(`object "${name}" appears twice in arena "${this.arena.name}"`);
    if (!within(rect, this.arena.rect)) throw new Error(`object "${name}" lies outside arena "${this.arena.name}"`);
    this.arena.objects.push({ name, rect, ...(state ? { state } : {}) });
    return this;
  }
}

export class SectorBuilder {
  constructor(private readonly town: TownBuilder, readonly sector: PlacedSector) {}

  arena(name: string, rect: Rect): ArenaBuilder {
    if (name.includes(':')) throw new Error(`arena name "${name}" contains ':'`);
    if (this.sector.arenas.some((a) => a.name === name)) throw new Error(`arena "${name}" appears twice in sector "${this.sector.name}"`);
    if (!within(rect, this.sector.rect)) throw new Error(`arena "${name}" lies outside sector "${this.sector.name}"`);
    const arena: PlacedArena = { name, rect, objects: [] };
    this.sector.arenas.push(arena);
    return new ArenaBuilder(this.town, arena);
  }
}

function within(inner: Rect, outer: Rect): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.w <= outer.x + outer.w && inner.y + inner.h <= outer.y + outer.h;
}

export class TownBuilder {
  private readonly layers = new Map<LayerName, Array<TileName | null>>();
  private readonly walls = new Map<number, WallCell>();
  /** Face style of the space south of a wall (a room's wallpaper), by tile. */
  private readonly wallpaper = new Map<number, WallStyle>();
  /** Outer wall style of the building covering a tile. */
  private readonly exterior = new Map<number, WallStyle>();
  readonly sectors: PlacedSector[] = [];
  readonly spawns: Spawn[] = [];

  constructor(readonly world: string, readonly width: number, readonly height: number) {
    for (const l of VISUAL_LAYERS) this.layers.set(l, new Array(width * height).fill(null));
  }

  private key(x: number, y: number): number {
    return y * this.width + x;
  }

  inside(x: number, y: number): boolean {
    return x >= 0 && y >= 0 && x < this.width && y < this.height;
  }

  get(layer: LayerName, x: number, y: number): TileName | null {
    return this.inside(x, y) ? this.layers.get(layer)![this.key(x, y)] : null;
  }

  set(layer: LayerName, x: number, y: number, name: TileName | null): void {
    if (!this.inside(x, y)) return;
    if (name) isSolid(name); // validates the name early
    if (name && (layer === 'furniture' || layer === 'ground') && this.walls.has(this.key(x, y))) {
      throw new Error(`${layer} tile "${name}" placed on a wall at (${x}, ${y})`);
    }
    this.layers.get(layer)![this.key(x, y)] = name;
  }

  fill(layer: LayerName, r: Rect, name: TileName | null | ((x: number, y: number) => TileName | null)): void {
    for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) this.set(layer, x, y, typeof name === 'function' ? name(x, y) : name);
  }

  sector(name: string, kind: string, rect: Rect): SectorBuilder {
    if (name.includes(':')) throw new Error(`sector name "${name}" contains ':'`);
    if (this.sectors.some((s) => s.name === name)) throw new Error(`sector "${name}" appears twice`);
    const sector: PlacedSector = { name, kind, rect, arenas: [] };
    this.sectors.push(sector);
    return new SectorBuilder(this, sector);
  }

  spawn(x: number, y: number, persona?: string): void {
    this.spawns.push({ x, y, ...(persona ? { persona } : {}) });
  }

  // ---- Buildings -------------------------------------------------------------------------

  /** A building shell: walls around `r` in `style`, and `floor` inside. */
  shell(r: Rect, style: WallStyle, floor: TileName): void {
    for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) this.exterior.set(this.key(x, y), style);
    this.wallH(r.x, r.x + r.w - 1, r.y, style);
    this.wallH(r.x, r.x + r.w - 1, r.y + r.h - 1, style);
    this.wallV(r.x, r.y, r.y + r.h - 1, style);
    this.wallV(r.x + r.w - 1, r.y, r.y + r.h - 1, style);
    this.fill('floor', { x: r.x + 1, y: r.y + 1, w: r.w - 2, h: r.h - 2 }, floor);
  }

  /** A building that is one place: its shell, and a sector with exactly its footprint. */
  building(name: string, kind: string, r: Rect, style: WallStyle, floor: TileName): SectorBuilder {
    this.shell(r, style, floor);
    return this.sector(name, kind, r);
  }

  /** A room inside a shell: its floor and the wallpaper shown on the wall north of it. */
  room(r: Rect, floor: TileName, wallpaper?: WallStyle): void {
    this.fill('floor', r, floor);
    if (wallpaper) for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) this.wallpaper.set(this.key(x, y), wallpaper);
  }

  /** An east-west wall. Where it meets an existing wall, the existing one (and its style) wins. */
  wallH(x0: number, x1: number, y: number, style: WallStyle): void {
    for (let x = x0; x <= x1; x++) this.addWall(x, y, style);
  }

  /** A north-south wall. Where it meets an existing wall, the existing one (and its style) wins. */
  wallV(x: number, y0: number, y1: number, style: WallStyle): void {
    for (let y = y0; y <= y1; y++) this.addWall(x, y, style);
  }

  private addWall(x: number, y: number, style: WallStyle): void {
    const k = this.key(x, y);
    if (!this.walls.has(k)) this.walls.set(k, { style, window: false, door: null });
  }

  /** Whether anything built stands on the tile (a wall, door, floor or furniture). */
  occupied(x: number, y: number): boolean {
    return this.walls.has(this.key(x, y)) || !!this.get('floor', x, y) || !!this.get('furniture', x, y);
  }

  isWall(x: number, y: number): boolean {
    const w = this.inside(x, y) ? this.walls.get(this.key(x, y)) : undefined;
    return !!w && !w.door;
  }

  /** Turns a wall tile into a doorway; the floor under it copies the neighbouring room's. */
  door(x: number, y: number, kind: 'door' | 'shop' = 'door'): void {
    const w = this.walls.get(this.key(x, y));
    if (!w) throw new Error(`door at (${x}, ${y}) is not on a wall`);
    w.door = kind;
    this.floorFromNeighbour(x, y);
  }

  /** An opening with no door leaf (an archway between rooms). */
  opening(x: number, y: number): void {
    this.walls.delete(this.key(x, y));
    this.floorFromNeighbour(x, y);
  }

  /** A doorway's floor: the first floored neighbour's (south, north, east, west), else wood. */
  private floorFromNeighbour(x: number, y: number): void {
    const floor = [this.get('floor', x, y + 1), this.get('floor', x, y - 1), this.get('floor', x + 1, y), this.get('floor', x - 1, y)].find((f) => f);
    this.set('floor', x, y, floor ?? 'floor_wood');
  }

  window(x: number, y: number): void {
    const w = this.walls.get(this.key(x, y));
    if (!w) throw new Error(`window at (${x}, ${y}) is not on a wall`);
    w.window = true;
  }

  /** Resolves abstract walls into wall-layer tiles (see the class comment). */
  resolveWalls(): void {
    for (const [k, w] of this.walls) {
      const x = k % this.width;
      const y = Math.floor(k / this.width);
      if (w.door) {
        const horizontal = this.walls.has(this.key(x - 1, y)) || this.walls.has(this.key(x + 1, y));
        this.set('walls', x, y, w.door === 'shop' ? 'door_shop' : horizontal ? 'door_h' : 'door_v');
        continue;
      }
      const southIsWall = this.walls.has(this.key(x, y + 1)) && !this.walls.get(this.key(x, y + 1))!.door;
      if (southIsWall) {
        this.set('walls', x, y, w.window ? 'wall_window_v' : `wall_cap_${this.exterior.get(k) ?? w.style}`);
      } else {
        // The face seen belongs to the space south of the wall: a room's wallpaper, else the wall's own style.
        const style = this.wallpaper.get(this.key(x, y + 1)) ?? w.style;
        this.set('walls', x, y, w.window ? `wall_${style}_window` : `wall_${style}`);
      }
    }
  }

  /** Row-major tile names of a layer. */
  layer(name: LayerName): ReadonlyArray<TileName | null> {
    return this.layers.get(name)!;
  }

  /** Row-major blocked flags from every visual layer. */
  blocked(): Uint8Array {
    const out = new Uint8Array(this.width * this.height);
    for (const l of VISUAL_LAYERS) {
      if (l === 'above') continue;
      this.layers.get(l)!.forEach((t, i) => {
        if (t && isSolid(t)) out[i] = 1;
      });
    }
    return out;
  }
}
