import { describe, expect, it } from 'vitest';
import { addresses, layer, readMap, tiles } from './support';

describe.each([
  ['hamlet.tmj', 'Hamlet', 100, 70, 12],
  ['village.tmj', 'Village', 40, 30, 3],
])('%s follows the Tiled map convention', (file, world, minW, minH, minSectors) => {
  const map = readMap(file);

  it('is a fixed-size orthogonal Tiled 1.10 map named by its world property', () => {
    expect(map.orientation).toBe('orthogonal');
    expect(map.infinite).toBe(false);
    expect(map.tiledversion).toBe('1.10.2');
    expect(map.version).toBe('1.10');
    expect(map.width).toBeGreaterThanOrEqual(minW);
    expect(map.height).toBeGreaterThanOrEqual(minH);
    expect(map.tilewidth).toBe(32);
    expect(map.properties).toContainEqual({ name: 'world', type: 'string', value: world });
  });

  it('embeds its tileset with a relative image path', () => {
    expect(map.tilesets).toHaveLength(1);
    const ts = map.tilesets[0];
    expect(ts.firstgid).toBe(1);
    expect(ts.image).toBe('tiles/hamlet-tiles.png');
    expect(ts.imagewidth / ts.tilewidth).toBe(ts.columns);
  });

  it('has CSV-style tile layers of the map size, a hidden collision layer and an above layer', () => {
    const tileLayers = map.layers.filter((l) => l.type === 'tilelayer');
    expect(tileLayers.map((l) => l.name)).toEqual(['ground', 'floor', 'walls', 'furniture', 'above', 'collision']);
    const maxGid = map.tilesets[0].tilecount;
    for (const l of tileLayers) {
      expect(l.width).toBe(map.width);
      expect(l.height).toBe(map.height);
      expect(Array.isArray(l.data)).toBe(true);
      expect(l.data).toHaveLength(map.width * map.height);
      expect(l.data!.every((g) => Number.isInteger(g) && g >= 0 && g <= maxGid)).toBe(true);
    }
    expect(layer(map, 'collision')!.visible).toBe(false);
    expect(layer(map, 'above')!.properties).toContainEqual({ name: 'above', type: 'bool', value: true });
    expect(layer(map, 'ground')!.data!.every((g) => g > 0)).toBe(true);
  });

  it('has consistent layer and object ids', () => {
    const layerIds = map.layers.map((l) => l.id);
    expect(new Set(layerIds).size).toBe(layerIds.length);
    expect(map.nextlayerid).toBe(Math.max(...layerIds) + 1);
    const objectIds = map.layers.flatMap((l) => l.objects ?? []).map((o) => o.id);
    expect(new Set(objectIds).size).toBe(objectIds.length);
    expect(map.nextobjectid).toBe(Math.max(...objectIds) + 1);
  });

  it('places every arena in exactly one sector and every object in exactly one arena, with unique names', () => {
    const { owners, all } = addresses(map);
    const sectors = layer(map, 'sectors')!.objects!;
    expect(sectors.length).toBeGreaterThanOrEqual(minSectors);
    expect(new Set(sectors.map((s) => s.name)).size).toBe(sectors.length);
    for (const [o, where] of owners) expect(where, `${o.name} at (${o.x}, ${o.y})`).toHaveLength(1);
    const arenas = layer(map, 'arenas')!.objects!;
    const objects = layer(map, 'objects')!.objects!;
    // Unique names per parent: the address set has one entry per place.
    expect(all.size).toBe(sectors.length + arenas.length + objects.length);
    for (const name of [...all]) for (const part of name.split(':')) expect(part.length).toBeGreaterThan(0);
    for (const o of [...sectors, ...arenas, ...objects]) expect(o.name).not.toContain(':');
  });

  it('has spawn points on walkable tiles', () => {
    const spawns = layer(map, 'spawns')!.objects!;
    expect(spawns.length).toBeGreaterThan(0);
    const blocked = layer(map, 'collision')!.data!;
    for (const s of spawns) {
      const [x, y] = tiles(s, map.tilewidth);
      expect(s.point).toBe(true);
      expect(blocked[y * map.width + x]).toBe(0);
    }
  });
});

describe('Hamlet has the places its people need', () => {
  const map = readMap('hamlet.tmj');
  const kinds = layer(map, 'sectors')!.objects!.map((s) => s.properties?.find((p) => p.name === 'kind')?.value);

  it('has homes, an apartment block, a dorm, a cafe, a bar, shops, a college, a library, a park and a town hall', () => {
    for (const kind of ['home', 'apartments', 'dorm', 'cafe', 'bar', 'grocery', 'college', 'library', 'park', 'town hall', 'store', 'pharmacy', 'bakery', 'barber', 'hall']) {
      expect(kinds, kind).toContain(kind);
    }
    expect(kinds.filter((k) => k === 'home').length).toBeGreaterThanOrEqual(6);
  });

  it('has at least 25 beds', () => {
    const beds = [...addresses(map).objects.keys()].filter((a) => /:bed( \d+)?$/.test(a));
    expect(beds.length).toBeGreaterThanOrEqual(25);
  });
});
