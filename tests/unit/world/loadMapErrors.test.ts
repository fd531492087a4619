import { describe, expect, it } from 'vitest';
import { parseTownMap } from '../../../server/world/loadMap';
import { buildTiledMap, layerOf, objectOf, TILE, townJson, townOptions, type FixtureOptions } from './fixtures';

type Json = Record<string, any>;

/** Each case breaks the good town one way and names the message the loader must give. */
const cases: { name: string; json: () => unknown; message: string | RegExp }[] = [
  {
    name: 'not an object',
    json: () => [1, 2, 3],
    message: 'maps/x.tmj: not a Tiled JSON map (expected an object)',
  },
  {
    name: 'missing collision layer',
    json: () => {
      const json = townJson();
      json.layers = json.layers.filter((l: Json) => l.name !== 'collision');
      return json;
    },
    message: 'maps/x.tmj: layer "collision" missing',
  },
  {
    name: 'missing arenas layer',
    json: () => {
      const json = townJson();
      json.layers = json.layers.filter((l: Json) => l.name !== 'arenas');
      return json;
    },
    message: 'maps/x.tmj: layer "arenas" missing',
  },
  {
    name: 'collision is an object layer',
    json: () => {
      const json = townJson();
      json.layers = json.layers.filter((l: Json) => l.name !== 'collision');
      layerOf(json, 'spawns').name = 'collision';
      return json;
    },
    message: 'maps/x.tmj: layer "collision" must be a tile layer (found objectgroup)',
  },
  {
    name: 'two layers with a special name',
    json: () => {
      const json = townJson();
      json.layers.push({ ...layerOf(json, 'objects'), id: 99 });
      return json;
    },
    message: 'maps/x.tmj: 2 layers are named "objects"; keep one',
  },
  {
    name: 'base64 tile data',
    json: () => {
      const json = townJson();
      Object.assign(layerOf(json, 'ground'), { encoding: 'base64', data: 'AAAA' });
      return json;
    },
    message: 'maps/x.tmj: tile layer "ground" uses base64 encoding; save the map with CSV layer format',
  },
  {
    name: 'compressed tile data',
    json: () => {
      const json = townJson();
      Object.assign(layerOf(json, 'collision'), { encoding: 'base64', compression: 'zlib', data: 'eJw=' });
      return json;
    },
    message: 'maps/x.tmj: tile layer "collision" uses base64 encoding; save the map with CSV layer format',
  },
  {
    name: 'external tileset',
    json: () => {
      const json = townJson();
      json.tilesets.push({ firstgid: 65, source: 'x.tsx' });
      return json;
    },
    message: 'maps/x.tmj: external tileset "x.tsx" not supported: embed it (Tiled: Map > Embed Tileset)',
  },
  {
    name: 'infinite map',
    json: () => {
      const json = townJson();
      json.infinite = true;
      layerOf(json, 'ground').chunks = [];
      return json;
    },
    message: /maps\/x\.tmj: infinite maps are not supported/,
  },
  {
    name: 'isometric map',
    json: () => ({ ...townJson(), orientation: 'isometric' }),
    message: 'maps/x.tmj: orientation "isometric" is not supported; use an orthogonal map',
  },
  {
    name: 'tile layer of the wrong length',
    json: () => {
      const json = townJson();
      layerOf(json, 'ground').data.pop();
      return json;
    },
    message: 'maps/x.tmj: tile layer "ground" has 159 tiles, expected 160',
  },
  {
    name: 'schema error names the layer and object',
    json: () => {
      const json = townJson();
      objectOf(json, 'arenas', 'kitchen').width = '96';
      return json;
    },
    message: /maps\/x\.tmj: layer "arenas" → object "kitchen" \(id \d+\) → width: Invalid input: expected number/,
  },
  {
    name: 'object template',
    json: () => {
      const json = townJson();
      objectOf(json, 'objects', 'stove').template = 'stove.tx';
      return json;
    },
    message: /object "stove" \(id \d+\) in layer "objects" uses template "stove.tx": templates are not supported/,
  },
  {
    name: 'wrong property type',
    json: () => {
      const json = townJson();
      layerOf(json, 'roof').properties = [{ name: 'above', type: 'string', value: 'yes' }];
      return json;
    },
    message: 'maps/x.tmj: layer "roof" property "above" must be a bool (found "yes")',
  },
  {
    name: 'object in no arena',
    json: () => {
      const json = townJson();
      const stove = objectOf(json, 'objects', 'stove');
      Object.assign(stove, { id: 42, x: 7.5 * TILE, y: 3.5 * TILE }); // the hall between cafe and home
      return json;
    },
    message: 'maps/x.tmj: object "stove" (id 42) in layer "objects" lies in no arena',
  },
  {
    name: 'arena in no sector',
    json: () => {
      const json = townJson();
      Object.assign(objectOf(json, 'arenas', 'lawn'), { id: 7 });
      layerOf(json, 'sectors').objects.pop(); // remove the park
      return json;
    },
    message: 'maps/x.tmj: arena "lawn" (id 7) lies in no sector',
  },
  {
    name: 'arena sticking out of its sector',
    json: () => {
      const json = townJson();
      objectOf(json, 'arenas', 'counter').width = 5 * TILE; // x 4..8; 8 is in the home
      return json;
    },
    message: /arena "counter" \(id \d+\) extends outside its sector "Hobbs Cafe" at tile \(8, 1\)/,
  },
  {
    name: 'overlapping sectors',
    json: () => {
      const json = townJson();
      objectOf(json, 'sectors', 'Lin Home').x = 7 * TILE;
      return json;
    },
    message: /sector "Lin Home" \(id \d+\) overlaps "Hobbs Cafe" \(id \d+\) at tile \(7, 0\); sectors must not overlap/,
  },
  {
    name: 'duplicate sector names',
    json: () => {
      const json = townJson();
      objectOf(json, 'sectors', 'Park').name = 'Lin Home';
      return json;
    },
    message: /sector name "Lin Home" is used twice in the world \(ids \d+ and \d+\)/,
  },
  {
    name: 'duplicate arena names in a sector',
    json: () => {
      const json = townJson();
      objectOf(json, 'arenas', 'counter').name = 'kitchen';
      return json;
    },
    message: /arena name "kitchen" is used twice in sector "Hobbs Cafe" \(ids \d+ and \d+\)/,
  },
  {
    name: 'duplicate object names in an arena',
    json: () => {
      const json = townJson();
      layerOf(json, 'objects').objects.push({ id: 50, name: 'bed', x: 10 * TILE, y: 2 * TILE, width: TILE, height: TILE });
      return json;
    },
    message: /object name "bed" is used twice in arena "Hamlet:Lin Home:bedroom" \(ids \d+ and 50\); name them "bed" and "bed 2"/,
  },
  {
    name: 'name with a colon',
    json: () => {
      const json = townJson();
      Object.assign(objectOf(json, 'objects', 'bench'), { name: 'bench:old', id: 9 });
      return json;
    },
    message: `maps/x.tmj: object "bench:old" (id 9) in layer "objects": names must not contain ':'`,
  },
  {
    name: 'world name with a colon',
    json: () => ({ ...townJson(), properties: [{ name: 'world', type: 'string', value: 'Ham:let' }] }),
    message: `maps/x.tmj: world name "Ham:let" contains ':'`,
  },
  {
    name: 'unnamed arena',
    json: () => {
      const json = townJson();
      Object.assign(objectOf(json, 'arenas', 'lawn'), { name: '', id: 7 });
      return json;
    },
    message: 'maps/x.tmj: arena (id 7) has no name',
  },
  {
    name: 'arena drawn as a point',
    json: () => {
      const json = townJson();
      Object.assign(objectOf(json, 'arenas', 'lawn'), { id: 7, point: true, width: 0, height: 0 });
      return json;
    },
    message: 'maps/x.tmj: arena "lawn" (id 7) is a point; draw a rectangle or polygon',
  },
  {
    name: 'rotated sector',
    json: () => {
      const json = townJson();
      Object.assign(objectOf(json, 'sectors', 'Park'), { id: 3, rotation: 15 });
      return json;
    },
    message: 'maps/x.tmj: sector "Park" (id 3) is rotated; rotated objects are not supported',
  },
  {
    name: 'object outside the map',
    json: () => {
      const json = townJson();
      Object.assign(objectOf(json, 'objects', 'bench'), { id: 9, x: -100, y: -100 });
      return json;
    },
    message: 'maps/x.tmj: object "bench" (id 9) in layer "objects" lies outside the map',
  },
  {
    name: 'arena without a walkable tile',
    json: () => {
      const options = townOptions();
      options.arenas!.push({ name: 'closet', rect: [7, 4, 1, 1] }); // the wall tile (7, 4)
      return buildTiledMap(options);
    },
    message: /arena "closet" \(id \d+\) has no walkable tile/,
  },
  {
    name: 'object without a walkable use tile',
    json: () => {
      const options: FixtureOptions = townOptions();
      // A 3×3 block of counters in the bedroom: its centre tile (11, 2) has no walkable tile on or next to it.
      options.grid = options.grid.map((row, y) => (y >= 1 && y <= 3 ? row.slice(0, 10) + 'TTT' + row.slice(13) : row));
      options.objects!.push({ name: 'safe', rect: [11, 2, 1, 1] });
      return buildTiledMap(options);
    },
    message: /object "safe" \(id \d+\) in layer "objects" has no walkable tile on or next to it/,
  },
  {
    name: 'unreachable arena',
    json: () => {
      const options = townOptions();
      // Close the doors from the home to the cafe (row 3) and to the park (row 5).
      options.grid = options.grid.map((row, y) =>
        y === 3 ? row.slice(0, 8) + '#' + row.slice(9) : y === 5 ? row.slice(0, 10) + '#' + row.slice(11) : row,
      );
      return buildTiledMap(options);
    },
    message: /arena "bedroom" \(id \d+\) in sector "Lin Home" cannot be reached from arena "Hobbs Cafe:kitchen"/,
  },
  {
    name: 'object walled off from the town',
    json: () => {
      const options = townOptions();
      // A walkable pocket at (13, 2) enclosed by counters, inside the bedroom.
      options.grid = options.grid.map((row, y) =>
        y === 1 || y === 3 ? row.slice(0, 12) + 'TTT' + row.slice(15) : y === 2 ? row.slice(0, 12) + 'T.T' + row.slice(15) : row,
      );
      options.objects = options.objects!.filter((o) => o.name !== 'bed');
      options.objects.push({ name: 'chest', point: [13, 2] });
      return buildTiledMap(options);
    },
    message: /object "chest" \(id \d+\) in layer "objects" cannot be reached from arena "Hobbs Cafe:kitchen"/,
  },
  {
    name: 'spawn on a blocked tile',
    json: () => {
      const options = townOptions();
      options.spawns = [{ at: [0, 0] }];
      return buildTiledMap(options);
    },
    message: /spawn "spawn 1" \(id \d+\) in layer "spawns" stands on a blocked tile \(0, 0\)/,
  },
  {
    name: 'persona pinned twice',
    json: () => {
      const options = townOptions();
      options.spawns = [{ at: [3, 3], persona: 'ada' }, { at: [4, 3], persona: 'ada' }];
      return buildTiledMap(options);
    },
    message: /spawn "spawn 2" \(id \d+\) in layer "spawns" pins persona "ada" again/,
  },
];

describe('parseTownMap rejects broken maps with a message naming the fault', () => {
  it.each(cases)('$name', ({ json, message }) => {
    const attempt = () => parseTownMap(json(), 'maps/x.tmj');
    if (typeof message === 'string') expect(attempt).toThrow(message);
    else expect(attempt).toThrow(message);
  });

  it('every message starts with the source name', () => {
    for (const c of cases) {
      expect(() => parseTownMap(c.json(), 'maps/x.tmj'), c.name).toThrow(/^maps\/x\.tmj: /);
    }
  });
});
