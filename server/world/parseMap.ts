/**
 * Turns a Tiled JSON map into the world model: sectors > arenas > objects with addresses, the
 * collision grid, lookup grids and walk targets. It implements the Hamlet map convention
 * (layers `collision`, `sectors`, `arenas`, `objects`, optional `spawns`; map property `world`;
 * layer property `above`; object properties `kind`, `state`, `persona`) and also requires:
 *  - sectors do not overlap, arenas do not overlap, and an arena lies wholly in its sector;
 *  - a sector without arenas still has a reachable walkable tile (its entry tile);
 *  - spawns stand on reachable walkable tiles, and a persona is pinned at most once;
 *  - no rotated, ellipse, polyline, text or template objects in these layers.
 * Every rejection names the layer or object at fault, prefixed with the map's source name.
 *
 * Free of Node on purpose: the static site's page parses the map with it (for the walks it
 * recomputes, server/net/walks.ts). Reading files stays in loadMap.ts.
 */
import { coveredTiles, objectShape, shapeCentre, shapeContains, tileBounds, type GridSize, type Shape } from './geometry';
import { labelComponents } from './pathfinding';
import { chooseEntryTile, chooseUseTile, mainComponent } from './walkTargets';
import { describeLayer, readProperty, validateTiledMap, type TiledLayer, type TiledMap, type TiledObject, type TiledObjectGroup, type TiledTileLayer } from './tiled';
import type { ArenaNode, DrawLayer, ObjectNode, SectorNode, SpawnPoint, Tile, TownMap } from './types';

interface FlatLayer {
  layer: TiledLayer;
  /** Position among its siblings, for unnamed layers. */
  index: number;
  above: boolean;
  visible: boolean;
}

/** Layers in drawing order with group layers flattened; `above`/`visible` inherit from groups. */
function flattenLayers(layers: TiledLayer[], source: string, above = false, visible = true): FlatLayer[] {
  const out: FlatLayer[] = [];
  layers.forEach((layer, index) => {
    const own = readProperty(layer.properties, 'above', 'bool', `${source}: ${describeLayer(layer, index)}`) as boolean | undefined;
    const flat = { layer, index, above: own ?? above, visible: visible && layer.visible };
    if (layer.type === 'group') out.push(...flattenLayers(layer.layers, source, flat.above, flat.visible));
    else out.push(flat);
  });
  return out;
}

/** Builds a TownMap from parsed Tiled JSON; `sourceName` prefixes errors and names the world by default. */
export function parseTownMap(json: unknown, sourceName: string): TownMap {
  const tiled = validateTiledMap(json, sourceName);
  return new TownMapBuilder(tiled, sourceName).build();
}

interface PlaceDraft {
  obj: TiledObject;
  name: string;
  shape: Shape;
  tiles: number[];
  what: string;
}

class TownMapBuilder {
  private readonly grid: GridSize;
  private readonly layers: FlatLayer[];

  constructor(
    private readonly tiled: TiledMap,
    private readonly source: string,
  ) {
    this.grid = { width: tiled.width, height: tiled.height, tileWidth: tiled.tilewidth, tileHeight: tiled.tileheight };
    this.layers = flattenLayers(tiled.layers, source);
  }

  private fail(message: string): never {
    throw new Error(`${this.source}: ${message}`);
  }

  private tileText(i: number): string {
    const x = i % this.grid.width;
    return `(${x}, ${(i - x) / this.grid.width})`;
  }

  private findLayer(name: string, type: 'tilelayer', required: true): TiledTileLayer;
  private findLayer(name: string, type: 'objectgroup', required: boolean): TiledObjectGroup | undefined;
  private findLayer(name: string, type: 'tilelayer' | 'objectgroup', required: boolean): TiledLayer | undefined {
    const found = this.layers.filter((l) => l.layer.name === name);
    if (found.length > 1) this.fail(`${found.length} layers are named "${name}"; keep one`);
    const layer = found[0]?.layer;
    if (!layer) {
      if (!required) return undefined;
      const kind = type === 'tilelayer' ? 'a tile layer' : 'an object layer';
      this.fail(`layer "${name}" missing (${kind} named "${name}")`);
    }
    if (layer.type !== type) {
      this.fail(`layer "${name}" must be ${type === 'tilelayer' ? 'a tile layer' : 'an object layer'} (found ${layer.type})`);
    }
    return layer;
  }

  build(): TownMap {
    const { width, height } = this.grid;
    const collision = this.findLayer('collision', 'tilelayer', true);
    const sectorLayer = this.findLayer('sectors', 'objectgroup', true)!;
    const arenaLayer = this.findLayer('arenas', 'objectgroup', true)!;
    const objectLayer = this.findLayer('objects', 'objectgroup', true)!;
    const spawnLayer = this.findLayer('spawns', 'objectgroup', false);

    const world = this.worldName();
    const blocked = new Uint8Array(width * height);
    collision.data.forEach((gid, i) => (blocked[i] = gid !== 0 ? 1 : 0));

    // Sectors.
    const sectorDrafts = this.drafts(sectorLayer, 'sector', false);
    this.checkUnique(sectorDrafts, 'sector', 'the world');
    const sectorOfTile = this.paint(sectorDrafts, 'sectors');

    // Arenas, each inside exactly one sector (by its centre point).
    const arenaDrafts = this.drafts(arenaLayer, 'arena', false);
    const arenasBySector = sectorDrafts.map(() => [] as PlaceDraft[]);
    for (const arena of arenaDrafts) {
      const s = this.container(arena, sectorDrafts, 'sector');
      const outside = arena.tiles.find((t) => sectorOfTile[t] !== s);
      if (outside !== undefined) {
        this.fail(`${arena.what} extends outside its sector "${sectorDrafts[s].name}" at tile ${this.tileText(outside)}`);
      }
      arenasBySector[s].push(arena);
    }
    arenasBySector.forEach((list, s) => this.checkUnique(list, 'arena', `sector "${sectorDrafts[s].name}"`));
    const orderedArenas = arenasBySector.flat();
    const arenaOfTile = this.paint(orderedArenas, 'arenas');

    // Reachability: everything must connect to the component most arenas touch.
    const components = labelComponents({ width, height, blocked });
    const main = mainComponent(
      orderedArenas.map((a) => a.tiles),
      components,
    );
    const sectorOfArena = new Map<PlaceDraft, PlaceDraft>();
    arenasBySector.forEach((list, s) => list.forEach((a) => sectorOfArena.set(a, sectorDrafts[s])));
    const firstReachable = orderedArenas.find((a) => a.tiles.some((t) => components.labels[t] === main));
    // Unreachable places are reported relative to the first arena on the main component.
    const reference = firstReachable
      ? `arena "${sectorOfArena.get(firstReachable)!.name}:${firstReachable.name}"`
      : 'the rest of the map';

    const arenas: ArenaNode[] = [];
    const sectors: SectorNode[] = sectorDrafts.map((sector, s) => {
      const address = `${world}:${sector.name}`;
      const arenaNodes = arenasBySector[s].map((arena): ArenaNode => {
        const walkable = arena.tiles.filter((t) => !blocked[t]);
        if (walkable.length === 0) this.fail(`${arena.what} has no walkable tile (every tile is blocked in layer "collision")`);
        const entry = chooseEntryTile(arena.tiles, components.labels, main, width);
        if (entry < 0) this.fail(`${arena.what} in sector "${sector.name}" cannot be reached from ${reference}`);
        const node: ArenaNode = {
          name: arena.name,
          address: `${address}:${arena.name}`,
          rect: tileBounds(arena.tiles, width),
          objects: [],
          entryTile: this.tile(entry),
        };
        arenas.push(node);
        return node;
      });
      let entryTile: Tile;
      if (arenaNodes.length > 0) {
        // The largest arena (first on ties) stands for the sector.
        let best = 0;
        arenasBySector[s].forEach((a, i) => {
          if (a.tiles.length > arenasBySector[s][best].tiles.length) best = i;
        });
        entryTile = arenaNodes[best].entryTile;
      } else {
        const entry = chooseEntryTile(sector.tiles, components.labels, main, width);
        if (entry < 0) {
          const walkable = sector.tiles.some((t) => !blocked[t]);
          this.fail(
            walkable
              ? `${sector.what} has no arenas and cannot be reached from ${reference}`
              : `${sector.what} has no arenas and no walkable tile`,
          );
        }
        entryTile = this.tile(entry);
      }
      return {
        name: sector.name,
        address,
        rect: tileBounds(sector.tiles, width),
        arenas: arenaNodes,
        kind: (readProperty(sector.obj.properties, 'kind', 'string', `${this.source}: ${sector.what}`) as string | undefined) ?? '',
        entryTile,
      };
    });

    // Objects, each inside exactly one arena (by its centre point).
    const objects = new Map<string, ObjectNode>();
    const objectDrafts = this.drafts(objectLayer, 'object', true);
    const objectsByArena = orderedArenas.map(() => [] as PlaceDraft[]);
    for (const obj of objectDrafts) objectsByArena[this.container(obj, orderedArenas, 'arena')].push(obj);
    objectsByArena.forEach((list, a) => {
      const arena = arenas[a];
      this.checkUnique(list, 'object', `arena "${arena.address}"`);
      for (const obj of list) {
        const use = chooseUseTile(obj.tiles, a, arenaOfTile, components.labels, main, this.grid);
        if (use === 'none') this.fail(`${obj.what} has no walkable tile on or next to it (its use tile)`);
        if (use === 'unreachable') this.fail(`${obj.what} cannot be reached from ${reference}: its walkable neighbours are cut off`);
        const node: ObjectNode = {
          name: obj.name,
          address: `${arena.address}:${obj.name}`,
          rect: tileBounds(obj.tiles, width),
          useTile: this.tile(use),
          idleState: (readProperty(obj.obj.properties, 'state', 'string', `${this.source}: ${obj.what}`) as string | undefined) ?? 'idle',
        };
        arena.objects.push(node);
        objects.set(node.address, node);
      }
    });

    const arenaAt = new Int32Array(arenaOfTile);
    const sectorAt = new Int32Array(sectorOfTile);
    const spawns = spawnLayer ? this.spawns(spawnLayer, blocked, components.labels, main, reference) : [];

    const drawLayers: DrawLayer[] = this.layers
      .filter((l) => l.layer.type === 'tilelayer' && l.layer !== collision)
      .map((l) => ({ name: l.layer.name, above: l.above, visible: l.visible }));
    const tilesetImages = this.tiled.tilesets.flatMap((ts) => (ts.image ? [ts.image] : []));

    return {
      world,
      width,
      height,
      tileWidth: this.grid.tileWidth,
      tileHeight: this.grid.tileHeight,
      sectors,
      spawns,
      blocked,
      arenaAt,
      sectorAt,
      arenas,
      objects,
      source: this.source,
      drawLayers,
      tilesetImages,
      tiled: this.tiled,
    };
  }

  private tile(i: number): Tile {
    const x = i % this.grid.width;
    return { x, y: (i - x) / this.grid.width };
  }

  private worldName(): string {
    const prop = readProperty(this.tiled.properties, 'world', 'string', `${this.source}: map`) as string | undefined;
    const name = (prop ?? fileStem(this.source)).trim();
    if (name === '') this.fail('map property "world" is empty');
    if (name.includes(':')) this.fail(`world name "${name}" contains ':' (set the map property "world" to a name without ':')`);
    return name;
  }

  /** Validated name, shape and covered tiles of every object in a layer. */
  private drafts(layer: TiledObjectGroup, kind: 'sector' | 'arena' | 'object', allowPoint: boolean): PlaceDraft[] {
    return layer.objects.map((obj) => {
      const name = obj.name.trim();
      const suffix = kind === 'object' ? ` in layer "${layer.name}"` : '';
      const what = name ? `${kind} "${name}" (id ${obj.id})${suffix}` : `${kind} (id ${obj.id})${suffix}`;
      if (!name) this.fail(`${what} has no name`);
      if (name.includes(':')) this.fail(`${what}: names must not contain ':'`);
      const shape = objectShape(obj, allowPoint);
      if (typeof shape === 'string') this.fail(`${what} ${shape}`);
      const tiles = coveredTiles(shape, this.grid);
      if (tiles.length === 0) this.fail(`${what} lies outside the map`);
      return { obj, name, shape, tiles, what };
    });
  }

  private checkUnique(list: PlaceDraft[], kind: string, scope: string): void {
    const seen = new Map<string, PlaceDraft>();
    for (const d of list) {
      const first = seen.get(d.name);
      if (first) {
        const hint = kind === 'object' ? `; name them "${d.name}" and "${d.name} 2"` : '';
        this.fail(`${kind} name "${d.name}" is used twice in ${scope} (ids ${first.obj.id} and ${d.obj.id})${hint}`);
      }
      seen.set(d.name, d);
    }
  }

  /** Row-major owner index per tile (-1 = none); places of one kind must not overlap. */
  private paint(list: PlaceDraft[], layerName: string): Int32Array {
    const owner = new Int32Array(this.grid.width * this.grid.height).fill(-1);
    list.forEach((d, i) => {
      for (const t of d.tiles) {
        if (owner[t] !== -1) {
          this.fail(`${d.what} overlaps "${list[owner[t]].name}" (id ${list[owner[t]].obj.id}) at tile ${this.tileText(t)}; ${layerName} must not overlap`);
        }
        owner[t] = i;
      }
    });
    return owner;
  }

  /** Index of the one container whose shape holds the draft's centre point. */
  private container(inner: PlaceDraft, containers: PlaceDraft[], kind: 'sector' | 'arena'): number {
    const c = shapeCentre(inner.shape);
    const hits: number[] = [];
    containers.forEach((outer, i) => {
      if (shapeContains(outer.shape, c.x, c.y)) hits.push(i);
    });
    if (hits.length === 0) {
      const tile = `(${Math.floor(c.x / this.grid.tileWidth)}, ${Math.floor(c.y / this.grid.tileHeight)})`;
      this.fail(`${inner.what} lies in no ${kind} (its centre is on tile ${tile})`);
    }
    if (hits.length > 1) {
      this.fail(`${inner.what} lies in ${hits.length} ${kind}s (${hits.map((i) => `"${containers[i].name}"`).join(', ')}); it must lie in exactly one`);
    }
    return hits[0];
  }

  private spawns(layer: TiledObjectGroup, blocked: Uint8Array, labels: Int32Array, main: number, reference: string): SpawnPoint[] {
    const pinned = new Map<string, number>();
    return layer.objects.map((obj) => {
      const what = `spawn${obj.name ? ` "${obj.name}"` : ''} (id ${obj.id}) in layer "${layer.name}"`;
      const shape = objectShape(obj, true);
      if (typeof shape === 'string') this.fail(`${what} ${shape}`);
      const c = shapeCentre(shape);
      const x = Math.floor(c.x / this.grid.tileWidth);
      const y = Math.floor(c.y / this.grid.tileHeight);
      if (x < 0 || y < 0 || x >= this.grid.width || y >= this.grid.height) this.fail(`${what} lies outside the map`);
      const i = y * this.grid.width + x;
      if (blocked[i]) this.fail(`${what} stands on a blocked tile ${this.tileText(i)}`);
      if (labels[i] !== main) this.fail(`${what} at tile ${this.tileText(i)} cannot be reached from ${reference}`);
      const persona = readProperty(obj.properties, 'persona', 'string', `${this.source}: ${what}`) as string | undefined;
      const spawn: SpawnPoint = { tile: { x, y } };
      if (persona !== undefined && persona.trim() !== '') {
        const id = persona.trim();
        if (pinned.has(id)) this.fail(`${what} pins persona "${id}" again (already pinned by spawn id ${pinned.get(id)})`);
        pinned.set(id, obj.id);
        spawn.persona = id;
      }
      return spawn;
    });
  }
}

/** The file name without folder and extension, as node:path's basename(p, extname(p)) gives it (kept free of Node). */
function fileStem(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const file = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}
