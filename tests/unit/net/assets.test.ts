import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTownMap } from '../../../server/world/loadMap';
import { CHARACTER_FRAME, townAssets } from '../../../server/net/assets';
import { miniTownMapJson, writeMiniTown } from '../../support/miniTown';

describe('townAssets', () => {
  let files: ReturnType<typeof writeMiniTown>;
  beforeAll(() => {
    files = writeMiniTown();
  });
  afterAll(() => rmSync(files.dir, { recursive: true, force: true }));

  it('describes the map, and a missing tileset image or character sheet as null URLs', () => {
    const map = loadTownMap(files.mapPath);
    const assets = townAssets(map);
    expect(assets.describe()).toEqual({
      url: '/town/map.json',
      width: 24,
      height: 14,
      tileWidth: 32,
      tileHeight: 32,
      layers: [{ name: 'ground', above: false, visible: true }],
      tilesets: [{ name: 'tiles', url: null }],
      characters: { url: null, ...CHARACTER_FRAME },
    });
    expect(JSON.parse(assets.lookup('/town/map.json')!.body!)).toMatchObject({ width: 24, height: 14 });
    expect(assets.lookup('/town/tilesets/0.png')).toBeNull();
    expect(assets.lookup('/town/characters.png')).toBeNull();
  });

  it('serves exactly the tileset images the map names and the first character sheet found; nothing else', () => {
    writeFileSync(join(files.dir, 'tiles.png'), 'png');
    mkdirSync(join(files.dir, 'sprites'), { recursive: true });
    writeFileSync(join(files.dir, 'sprites', 'characters.png'), 'png');
    writeFileSync(join(files.dir, 'other.png'), 'png');
    const assets = townAssets(loadTownMap(files.mapPath), { charactersPaths: [join(files.dir, 'nope.png'), join(files.dir, 'sprites', 'characters.png')] });
    expect(assets.describe().tilesets).toEqual([{ name: 'tiles', url: '/town/tilesets/0.png' }]);
    expect(assets.describe().characters.url).toBe('/town/characters.png');
    expect(assets.lookup('/town/tilesets/0.png')).toEqual({ contentType: 'image/png', file: join(files.dir, 'tiles.png') });
    expect(assets.lookup('/town/characters.png')).toEqual({ contentType: 'image/png', file: join(files.dir, 'sprites', 'characters.png') });
    for (const path of ['/town/tilesets/1.png', '/town/tilesets/0', '/town/other.png', '/town/../tiles.png', '/town/tiles.png', '/town/minitown.tmj', '/town/map.json/']) {
      expect(assets.lookup(path), path).toBeNull();
    }
  });

  it('refuses a tileset image that is not a picture', () => {
    const json = miniTownMapJson() as { tilesets: { image: string }[] };
    json.tilesets[0].image = 'minitown.personas.json';
    writeFileSync(join(files.dir, 'odd.tmj'), JSON.stringify(json));
    const assets = townAssets(loadTownMap(join(files.dir, 'odd.tmj')));
    expect(assets.describe().tilesets).toEqual([{ name: 'tiles', url: null }]);
    expect(assets.lookup('/town/tilesets/0.json')).toBeNull();
  });
});
