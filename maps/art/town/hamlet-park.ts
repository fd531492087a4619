/** Town Park: meadow, pond, playground and flower garden, south of the town square. */
import { TownBuilder } from './builder';
import { path, scatter, tree } from './decor';
import { pond } from './pond';

export function townPark(t: TownBuilder): void {
  const s = t.sector('Town Park', 'park', { x: 66, y: 58, w: 40, h: 20 });
  // Paths first, so the props below sit beside them.
  path(t, 70, 58, 70, 69, 'dirt');
  path(t, 70, 69, 98, 69, 'dirt');
  path(t, 82, 58, 82, 74, 'dirt');
  path(t, 82, 74, 98, 74, 'dirt');
  path(t, 98, 60, 98, 74, 'dirt');
  path(t, 98, 60, 104, 60, 'dirt');
  path(t, 100, 58, 100, 60, 'dirt');
  path(t, 83, 65, 85, 65, 'dirt');
  path(t, 96, 65, 97, 65, 'dirt');
  pond(t, { x: 86, y: 62, w: 10, h: 7 }, 'town-pond');
  path(t, 86, 65, 95, 65, 'bridge');
  t.fill('ground', { x: 68, y: 70, w: 10, h: 6 }, 'sand');

  s.arena('meadow', { x: 66, y: 58, w: 16, h: 10 })
    .put('picnic table', 73, 61, 'picnic_table')
    .put('picnic table 2', 77, 61, 'picnic_table')
    .put('easel', 76, 65, 'easel')
    .put('bench', 71, 64, 'park_bench')
    .mark('lawn', { x: 72, y: 63, w: 8, h: 4 });
  for (const [x, y] of [[67, 60], [68, 64], [79, 59], [80, 66], [74, 67]]) tree(t, x, y, (x + y) % 3 ? 'tree' : 'blossom');
  for (const [x, y] of [[72, 59], [78, 64], [67, 66]]) t.set('furniture', x, y, 'flowers_yellow');

  s.arena('pond', { x: 83, y: 58, w: 15, h: 16 })
    .mark('pond', { x: 86, y: 62, w: 10, h: 7 })
    .put('bench', 88, 60, 'park_bench')
    .put('bench 2', 93, 60, 'park_bench')
    .put('bench 3', 90, 70, 'park_bench')
    .mark('bridge', { x: 86, y: 65, w: 10, h: 1 });
  for (const [x, y] of [[85, 62], [96, 64], [85, 66]]) t.set('furniture', x, y, 'reeds');
  for (const [x, y] of [[84, 60], [96, 60], [85, 71], [95, 71], [88, 72]]) tree(t, x, y, (x + y) % 2 ? 'tree' : 'pine');
  t.set('furniture', 83, 59, 'street_lamp');
  t.set('furniture', 97, 72, 'street_lamp');

  s.arena('playground', { x: 66, y: 69, w: 14, h: 8 })
    .put('swing', 69, 71, 'swing')
    .put('swing 2', 70, 71, 'swing')
    .put('slide', 74, 71, 'slide')
    .mark('sandbox', { x: 72, y: 73, w: 4, h: 2 })
    .put('bench', 77, 75, 'park_bench');
  t.set('furniture', 79, 70, 'trash_bin');
  for (const [x, y] of [[67, 76], [79, 76], [66, 72]]) tree(t, x, y, 'tree');

  s.arena('flower garden', { x: 99, y: 61, w: 7, h: 13 })
    .put('flower bed', 100, 62, [['flowerbed', 'flowerbed']])
    .put('flower bed 2', 103, 62, [['flowerbed', 'flowerbed']])
    .put('flower bed 3', 100, 66, [['flowerbed', 'flowerbed']])
    .put('flower bed 4', 103, 66, [['flowerbed', 'flowerbed']])
    .put('bench', 101, 70, 'park_bench');
  for (const [x, y] of [[100, 73], [104, 73], [105, 69]]) tree(t, x, y, 'blossom');
  for (let y = 61; y <= 76; y++) if (y !== 73) t.set('furniture', 106, y, y === 61 || y === 76 ? 'fence_post' : 'fence_v');
  // More green: a copse in the south-east corner, trees along the west edge, flowers everywhere.
  for (const [x, y] of [[84, 76], [86, 75], [89, 76], [92, 75], [95, 76], [97, 77], [101, 76], [103, 75], [67, 58], [76, 58], [80, 62]]) {
    tree(t, x, y, (x * 7 + y) % 3 === 0 ? 'pine' : (x + y) % 4 === 0 ? 'blossom' : 'tree');
  }
  for (const [x, y] of [[83, 72], [96, 70], [78, 68], [100, 64], [104, 64]]) t.set('furniture', x, y, 'bush_berries');
  scatter(t, { x: 66, y: 58, w: 40, h: 20 }, 'park-flowers', 0.06, ['flowers_red', 'flowers_yellow', 'flowers_blue', 'grass_tall', 'flowers_yellow']);
}
