/**
 * Where the town's objects are, read from the Tiled JSON the page already loaded: each object's
 * address (`sector:arena:object`, found by the same containment rule as the server: an object
 * belongs to the arena holding its centre, an arena to the sector holding its centre), its pixel
 * box and its idle state. The page uses it to mark objects in use and to name what is going on
 * in a room. Pure data, no Phaser.
 */

interface TiledObjectLike {
  name?: string;
  x: number;
  y: number;
  width?: number;
  height?: number;
  point?: boolean;
  gid?: number;
  polygon?: { x: number; y: number }[];
  properties?: { name: string; value: unknown }[] | Record<string, unknown>;
}

interface TiledLayerLike {
  name: string;
  type: string;
  objects?: TiledObjectLike[];
  layers?: TiledLayerLike[];
}

/** A pixel box; points have zero width and height. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedObject {
  /** `sector:arena:object` (the full address without the world's name). */
  key: string;
  name: string;
  box: Box;
  idleState: string;
}

interface Area {
  name: string;
  box: Box;
  polygon: { x: number; y: number }[] | null;
}

const DEFAULT_IDLE_STATE = 'idle';
/** How near a click must be to a point object (no size in Tiled) to pick it: half a 32 px tile. */
const POINT_SLACK_PX = 16;

/** A Tiled custom property by name, from either form Tiled writes (a list of `{ name, value }`, or an object). */
export function tiledProperty(props: unknown, name: string): unknown {
  if (Array.isArray(props)) return (props as { name?: string; value?: unknown }[]).find((p) => p.name === name)?.value;
  if (props && typeof props === 'object') return (props as Record<string, unknown>)[name];
  return undefined;
}

function boxOf(obj: TiledObjectLike): Box {
  if (obj.polygon && obj.polygon.length) {
    const xs = obj.polygon.map((p) => obj.x + p.x);
    const ys = obj.polygon.map((p) => obj.y + p.y);
    return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
  }
  const width = obj.point ? 0 : (obj.width ?? 0);
  const height = obj.point ? 0 : (obj.height ?? 0);
  // Tile objects are anchored at their bottom-left corner.
  return { x: obj.x, y: obj.gid !== undefined ? obj.y - height : obj.y, width, height };
}

function centreOf(box: Box): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

function inPolygon(points: { x: number; y: number }[], px: number, py: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const a = points[i];
    const b = points[j];
    if (a.y > py !== b.y > py && px < ((b.x - a.x) * (py - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

function areaContains(area: Area, px: number, py: number): boolean {
  if (area.polygon) return inPolygon(area.polygon, px, py);
  const b = area.box;
  return px >= b.x && px < b.x + b.width && py >= b.y && py < b.y + b.height;
}

function areasOf(obj: TiledObjectLike[]): Area[] {
  return obj.map((o) => ({ name: o.name ?? '', box: boxOf(o), polygon: o.polygon?.length ? o.polygon.map((p) => ({ x: o.x + p.x, y: o.y + p.y })) : null }));
}

/** Object layers by their short name (`sectors`, `arenas`, `objects`), looking inside groups. */
function objectLayers(layers: TiledLayerLike[] | undefined, out = new Map<string, TiledObjectLike[]>()): Map<string, TiledObjectLike[]> {
  for (const layer of layers ?? []) {
    if (layer.type === 'group') objectLayers(layer.layers, out);
    else if (layer.type === 'objectgroup') {
      const short = layer.name.split('/').pop() ?? layer.name;
      out.set(short, [...(out.get(short) ?? []), ...(layer.objects ?? [])]);
    }
  }
  return out;
}

/** Drops the world's name: "Hamlet:Willow Cafe:kitchen:stove" → "Willow Cafe:kitchen:stove". */
export function placeKey(address: string): string {
  const parts = address.split(':');
  return parts.slice(1).join(':');
}

/** The room (arena) an address lies in: "Hamlet:Willow Cafe:kitchen:stove" → "Hamlet:Willow Cafe:kitchen". */
export function roomAddress(address: string): string {
  return address.split(':').slice(0, 3).join(':');
}

/** A place people can name: a sector, an arena (`sector:arena`) or an object (`sector:arena:object`). */
export interface NamedPlace {
  /** The address without the world's name, as the inject request takes it. */
  key: string;
  kind: 'sector' | 'arena' | 'object';
  box: Box;
}

export class PlaceIndex {
  private readonly objects = new Map<string, PlacedObject>();
  /** Every sector, arena and object, sectors first (for the inject panel's list and map clicks). */
  private readonly named: NamedPlace[] = [];
  /** Sectors (plain names) and arenas (`sector:arena`) with their shapes, for map clicks. */
  private readonly areas: Area[] = [];

  /** Reads a Tiled JSON map; objects that lie in no arena (or arenas in no sector) are left out. */
  constructor(tiled: { layers?: unknown } | null | undefined) {
    const layers = objectLayers((tiled?.layers as TiledLayerLike[] | undefined) ?? []);
    const sectors = areasOf(layers.get('sectors') ?? []);
    const arenas = areasOf(layers.get('arenas') ?? []).flatMap((arena) => {
      const c = centreOf(arena.box);
      const sector = sectors.find((s) => areaContains(s, c.x, c.y));
      return sector ? [{ ...arena, name: `${sector.name}:${arena.name}` }] : [];
    });
    for (const s of sectors) if (s.name) this.named.push({ key: s.name, kind: 'sector', box: s.box });
    for (const a of arenas) this.named.push({ key: a.name, kind: 'arena', box: a.box });
    this.areas = [...sectors.filter((s) => s.name), ...arenas];
    for (const obj of layers.get('objects') ?? []) {
      const box = boxOf(obj);
      const c = centreOf(box);
      const arena = arenas.find((a) => areaContains(a, c.x, c.y));
      if (!arena || !obj.name) continue;
      const idle = tiledProperty(obj.properties, 'state');
      const key = `${arena.name}:${obj.name}`;
      this.objects.set(key, { key, name: obj.name, box, idleState: typeof idle === 'string' && idle ? idle : DEFAULT_IDLE_STATE });
      this.named.push({ key, kind: 'object', box });
    }
  }

  /** Every named place (sectors, then arenas, then objects). */
  places(): readonly NamedPlace[] {
    return this.named;
  }

  /** A place by its key (`sector`, `sector:arena` or `sector:arena:object`) or full address. */
  place(keyOrAddress: string): NamedPlace | undefined {
    return this.named.find((p) => p.key === keyOrAddress) ?? this.named.find((p) => p.key === placeKey(keyOrAddress));
  }

  /**
   * The most precise place at a map pixel: an object whose box holds it, else the arena, else
   * the sector (polygons honoured); null outside every sector.
   */
  placeAt(px: number, py: number): NamedPlace | null {
    // Point objects (no size) are hit within POINT_SLACK_PX of where they stand.
    const inBox = (b: Box) =>
      b.width === 0 && b.height === 0 ? Math.abs(px - b.x) <= POINT_SLACK_PX && Math.abs(py - b.y) <= POINT_SLACK_PX : px >= b.x && px < b.x + b.width && py >= b.y && py < b.y + b.height;
    const object = this.named.find((p) => p.kind === 'object' && inBox(p.box));
    if (object) return object;
    for (const kind of ['arena', 'sector'] as const) {
      const area = this.areas.find((a) => a.name.split(':').length === (kind === 'arena' ? 2 : 1) && areaContains(a, px, py));
      if (area) return this.named.find((p) => p.kind === kind && p.key === area.name) ?? null;
    }
    return null;
  }

  /** The centre of a place in map pixels (null when unknown). */
  centreOf(keyOrAddress: string): { x: number; y: number } | null {
    const p = this.place(keyOrAddress);
    return p ? centreOf(p.box) : null;
  }

  get size(): number {
    return this.objects.size;
  }

  /** The object at a full address (`world:sector:arena:object`). */
  object(address: string): PlacedObject | undefined {
    return this.objects.get(placeKey(address));
  }

  /** Whether `state` is something other than the object's idle state (unknown objects count as busy). */
  isBusy(address: string, state: string): boolean {
    const obj = this.object(address);
    return obj ? state !== obj.idleState : true;
  }

  /**
   * Objects in use in the room (arena) of `address`, as `[name, state]`, in address order.
   * `states` are object states by full address (the snapshot's `objects` with steps applied).
   */
  busyInRoom(address: string, states: Readonly<Record<string, string>>): { name: string; state: string; address: string }[] {
    const room = roomAddress(address);
    if (room.split(':').length < 3) return [];
    return Object.entries(states)
      .filter(([a, s]) => a.startsWith(`${room}:`) && this.isBusy(a, s))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([a, state]) => ({ address: a, name: this.object(a)?.name ?? a.split(':').pop() ?? a, state }));
  }
}
