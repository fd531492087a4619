import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTownMap, parseTownMap, tilesetImageFiles } from '../../../server/world/loadMap';
import { buildTiledMap, layerOf, objectOf, TILE, townJson, townOptions } from './fixtures';

const at = (map: { width: number }, x: number, y: number) => y * map.width + x;

describe('parseTownMap on a good map', () => {
  const map = parseTownMap(townJson(), 'maps/town.tmj');

  it('reads the size, world name and collision grid', () => {
    expect(map.world).toBe('Hamlet');
    expect([map.width, map.height, map.tileWidth, map.tileHeight]).toEqual([16, 10, TILE, TILE]);
    expect(map.blocked[at(map, 0, 0)]).toBe(1);
    expect(map.blocked[at(map, 6, 2)]).toBe(1); // the counter tile
    expect(map.blocked[at(map, 1, 1)]).toBe(0);
    expect(map.blocked.reduce((a, b) => a + b, 0)).toBe(TOWN_BLOCKED);
  });

  it('builds the sector > arena > object tree with addresses', () => {
    expect(map.sectors.map((s) => s.address)).toEqual(['Hamlet:Hobbs Cafe', 'Hamlet:Lin Home', 'Hamlet:Park']);
    expect(map.sectors.map((s) => s.kind)).toEqual(['cafe', 'home', '']);
    expect(map.sectors[0].arenas.map((a) => a.address)).toEqual(['Hamlet:Hobbs Cafe:kitchen', 'Hamlet:Hobbs Cafe:counter']);
    expect(map.arenas.map((a) => a.name)).toEqual(['kitchen', 'counter', 'bedroom', 'lawn']);
    expect([...map.objects.keys()]).toEqual([
      'Hamlet:Hobbs Cafe:kitchen:stove',
      'Hamlet:Hobbs Cafe:counter:coffee machine',
      'Hamlet:Lin Home:bedroom:bed',
      'Hamlet:Park:lawn:bench',
    ]);
    expect(map.sectors[1].arenas[0].objects[0]).toBe(map.objects.get('Hamlet:Lin Home:bedroom:bed'));
  });

  it('fills the arena and sector lookup grids', () => {
    expect(map.arenaAt[at(map, 2, 3)]).toBe(0);
    expect(map.arenaAt[at(map, 5, 1)]).toBe(1);
    expect(map.arenaAt[at(map, 10, 2)]).toBe(2);
    expect(map.arenaAt[at(map, 7, 3)]).toBe(-1); // cafe hall, not an arena
    expect(map.sectorAt[at(map, 7, 3)]).toBe(0);
    expect(map.sectorAt[at(map, 8, 3)]).toBe(1);
    for (let i = 0; i < map.arenaAt.length; i++) {
      const a = map.arenaAt[i];
      if (a >= 0) expect(map.sectors[map.sectorAt[i]].arenas).toContain(map.arenas[a]);
    }
  });

  it('covers polygon sectors by the tile centres inside the polygon', () => {
    expect(map.sectorAt[at(map, 1, 6)]).toBe(2);
    expect(map.sectorAt[at(map, 3, 8)]).toBe(2);
    expect(map.sectorAt[at(map, 1, 8)]).toBe(-1); // cut off by the slanted edge
    expect(map.sectors[2].rect).toEqual({ x0: 0, y0: 6, x1: 16, y1: 10 });
  });

  it('gives rect objects and point objects their tiles and use tiles', () => {
    const stove = map.objects.get('Hamlet:Hobbs Cafe:kitchen:stove')!;
    expect(stove.rect).toEqual({ x0: 1, y0: 1, x1: 2, y1: 2 });
    expect(stove.useTile).toEqual({ x: 1, y: 1 }); // walkable: stand on it
    const machine = map.objects.get('Hamlet:Hobbs Cafe:counter:coffee machine')!;
    expect(machine.rect).toEqual({ x0: 6, y0: 2, x1: 7, y1: 3 });
    expect(machine.useTile).toEqual({ x: 6, y: 1 }); // blocked: the first walkable neighbour
    const bed = map.objects.get('Hamlet:Lin Home:bedroom:bed')!;
    expect(bed.rect).toEqual({ x0: 13, y0: 1, x1: 15, y1: 2 });
    expect(bed.useTile).toEqual({ x: 13, y: 1 });
  });

  it('reads idle states with the default "idle"', () => {
    expect(map.objects.get('Hamlet:Lin Home:bedroom:bed')!.idleState).toBe('made');
    expect(map.objects.get('Hamlet:Park:lawn:bench')!.idleState).toBe('idle');
  });

  it('chooses walkable entry tiles near the arena centre and sector entry tiles from the largest arena', () => {
    expect(map.arenas.map((a) => a.entryTile)).toEqual([
      { x: 2, y: 2 },
      { x: 5, y: 2 },
      { x: 11, y: 2 },
      { x: 9, y: 7 },
    ]);
    expect(map.sectors.map((s) => s.entryTile)).toEqual([
      { x: 2, y: 2 },
      { x: 11, y: 2 },
      { x: 9, y: 7 },
    ]);
  });

  it('reads spawns with their persona property', () => {
    expect(map.spawns).toEqual([{ tile: { x: 3, y: 3 }, persona: 'isabella-rodriguez' }, { tile: { x: 10, y: 7 } }]);
  });

  it('lists drawable layers with the `above` property, leaving out collision', () => {
    expect(map.drawLayers).toEqual([
      { name: 'ground', above: false, visible: true },
      { name: 'walls', above: false, visible: true },
      { name: 'roof', above: true, visible: true },
    ]);
  });

  it('keeps what the client needs: source, tileset images and the Tiled JSON', () => {
    expect(map.source).toBe('maps/town.tmj');
    expect(map.tilesetImages).toEqual(['tiles/town.png']);
    expect(tilesetImageFiles(map)).toEqual(['maps/tiles/town.png']);
    expect(map.tiled?.layers.map((l) => l.name)).toEqual(['ground', 'walls', 'roof', 'collision', 'sectors', 'arenas', 'objects', 'spawns']);
    expect((map.tiled as unknown as Record<string, unknown>).renderorder).toBe('right-down'); // unknown fields kept
  });

  it('gives the same result for the same input', () => {
    const again = parseTownMap(townJson(), 'maps/town.tmj');
    expect({ ...again, objects: [...again.objects] }).toEqual({ ...map, objects: [...map.objects] });
  });
});

const TOWN_BLOCKED = townOptions()
  .grid.join('')
  .split('')
  .filter((c) => c === '#' || c === 'T').length;

describe('parseTownMap variations', () => {
  it('names the world after the file when the `world` property is absent', () => {
    const json = buildTiledMap({ ...townOptions(), world: undefined });
    expect(parseTownMap(json, 'maps/village.tmj').world).toBe('village');
    expect(parseTownMap(json, 'C:/maps/Old Town.json').objects.has('Old Town:Park:lawn:bench')).toBe(true);
  });

  it('flattens group layers and inherits `above` and visibility from the group', () => {
    const json = townJson();
    const roof = layerOf(json, 'roof');
    json.layers = json.layers.filter((l: { name: string }) => l.name !== 'roof');
    delete roof.properties;
    json.layers.splice(1, 0, {
      type: 'group',
      name: 'upper',
      visible: false,
      properties: [{ name: 'above', type: 'bool', value: true }],
      layers: [roof],
    });
    const map = parseTownMap(json, 'town.tmj');
    expect(map.drawLayers).toContainEqual({ name: 'roof', above: true, visible: false });
  });

  it('accepts hand-written maps that leave out optional Tiled fields', () => {
    const json = townJson();
    for (const layer of json.layers) {
      delete layer.id;
      delete layer.opacity;
      delete layer.x;
      delete layer.y;
      delete layer.visible;
      for (const obj of layer.objects ?? []) {
        delete obj.rotation;
        delete obj.visible;
        delete obj.type;
      }
    }
    delete json.infinite;
    delete json.type;
    expect(parseTownMap(json, 'town.tmj').objects.size).toBe(4);
  });

  it('treats any non-zero collision gid as blocking, flip flags included', () => {
    const json = townJson();
    layerOf(json, 'collision').data[17] = 0x80000002; // (1, 1), horizontally flipped tile 2
    const map = parseTownMap(json, 'town.tmj');
    expect(map.blocked[at(map, 1, 1)]).toBe(1);
  });

  it('finds the collision layer inside a group layer', () => {
    const json = townJson();
    const collision = layerOf(json, 'collision');
    json.layers = json.layers.filter((l: { name: string }) => l.name !== 'collision');
    json.layers.push({ type: 'group', name: 'logic', layers: [collision] });
    expect(parseTownMap(json, 'town.tmj').blocked[0]).toBe(1);
  });

  it('places tile objects (gid) by their bottom-left anchor', () => {
    const json = townJson();
    // A 1×1 tile object whose bottom-left corner is at tile (3, 4)'s bottom-left: it covers tile (3, 3).
    layerOf(json, 'objects').objects.push({ id: 99, name: 'chair', gid: 5, x: 3 * TILE, y: 4 * TILE, width: TILE, height: TILE });
    const chair = parseTownMap(json, 'town.tmj').objects.get('Hamlet:Hobbs Cafe:kitchen:chair')!;
    expect(chair.rect).toEqual({ x0: 3, y0: 3, x1: 4, y1: 4 });
  });

  it('covers the tiles whose centres lie inside a rectangle that is not tile-aligned', () => {
    const json = townJson();
    Object.assign(objectOf(json, 'objects', 'stove'), { point: undefined, x: 1.4 * TILE, y: 1.6 * TILE, width: 2.2 * TILE, height: 1.6 * TILE });
    // y 1.6..3.2 holds the centre 2.5 → row 2; x 1.4..3.6 holds 1.5, 2.5, 3.5 → columns 1..3.
    const stove = parseTownMap(json, 'town.tmj').objects.get('Hamlet:Hobbs Cafe:kitchen:stove')!;
    expect(stove.rect).toEqual({ x0: 1, y0: 2, x1: 4, y1: 3 });
  });

  it('covers at least the centre tile of a rectangle too small to hold a tile centre', () => {
    const json = townJson();
    Object.assign(objectOf(json, 'objects', 'stove'), { point: undefined, x: 2 * TILE + 2, y: 3 * TILE + 2, width: 8, height: 8 });
    const stove = parseTownMap(json, 'town.tmj').objects.get('Hamlet:Hobbs Cafe:kitchen:stove')!;
    expect(stove.rect).toEqual({ x0: 2, y0: 3, x1: 3, y1: 4 });
  });

  it('gives a sector without arenas an entry tile near its centre', () => {
    const options = townOptions();
    options.arenas = options.arenas!.filter((a) => a.name !== 'lawn');
    options.objects = options.objects!.filter((o) => o.name !== 'bench');
    const map = parseTownMap(buildTiledMap(options), 'town.tmj');
    expect(map.sectors[2].arenas).toEqual([]);
    expect(map.sectors[2].entryTile).toEqual({ x: 7, y: 7 });
  });

  it('prefers a use tile inside the object\'s own arena', () => {
    const json = buildTiledMap({
      grid: ['#######', '#.....#', '#..T..#', '#######'],
      sectors: [{ name: 'Shop', rect: [0, 0, 7, 4] }],
      arenas: [
        { name: 'west', rect: [1, 2, 3, 1] },
        { name: 'east', rect: [4, 2, 2, 1] },
      ],
      // The shelf at (3, 2) has three walkable neighbours at equal distance: (3, 1) in the hall
      // (first in row-major order), (2, 2) in its own arena and (4, 2) in the next one.
      objects: [{ name: 'shelf', rect: [3, 2, 1, 1] }],
    });
    const shelf = parseTownMap(json, 'shop.tmj').objects.get('shop:Shop:west:shelf')!;
    expect(shelf.useTile).toEqual({ x: 2, y: 2 });
  });
});

describe('loadTownMap', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hamlet-world-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a map file and names the world after it', () => {
    const path = join(dir, 'village.tmj');
    writeFileSync(path, JSON.stringify(buildTiledMap({ ...townOptions(), world: undefined })));
    const map = loadTownMap(path);
    expect(map.world).toBe('village');
    expect(map.source).toBe(path);
  });

  it('reports a missing file and invalid JSON with the path', () => {
    expect(() => loadTownMap(join(dir, 'nope.tmj'))).toThrow(/nope\.tmj: cannot read the map file \(ENOENT\)/);
    const bad = join(dir, 'bad.tmj');
    writeFileSync(bad, '<?xml version="1.0"?><map/>');
    expect(() => loadTownMap(bad)).toThrow(/bad\.tmj: not valid JSON .*export the map as JSON/);
  });
});
