/** Hamlet's public places: the library, the town hall, the town square and the community hall. */
import { TownBuilder } from './builder';
import { tree } from './decor';

/** Hamlet Public Library, x 67..84, y 28..38: reading room, stacks and the librarian's office. */
export function publicLibrary(t: TownBuilder): void {
  const s = t.building('Hamlet Public Library', 'library', { x: 67, y: 28, w: 18, h: 11 }, 'stone', 'floor_parquet');
  t.room({ x: 68, y: 29, w: 10, h: 9 }, 'floor_parquet', 'sage');
  t.room({ x: 79, y: 29, w: 5, h: 5 }, 'carpet_green', 'timber');
  t.room({ x: 79, y: 35, w: 5, h: 3 }, 'carpet_plum', 'rose');
  t.wallV(78, 28, 38, 'plaster');
  t.wallH(79, 83, 34, 'plaster');
  t.door(78, 31);
  t.door(78, 36);
  t.door(81, 34);
  t.door(72, 38);
  for (const x of [69, 75, 77, 81]) t.window(x, 38);
  t.window(67, 33);
  t.window(84, 31);
  s.arena('reading room', { x: 68, y: 29, w: 10, h: 9 })
    .put('bookshelf', 68, 29, [['bookshelf', 'bookshelf_2', 'bookshelf', 'bookshelf_2']])
    .put('bookshelf 2', 73, 29, [['bookshelf_2', 'bookshelf', 'bookshelf_2', 'bookshelf']])
    .put('reading table', 71, 32, [['dining_table', 'dining_table']])
    .put('reading table 2', 75, 32, [['dining_table', 'dining_table']])
    .put('front desk', 69, 35, 'desk_computer')
    .put('armchair', 75, 36, 'armchair')
    .put('armchair 2', 76, 36, 'armchair')
    .put('globe', 77, 34, 'globe');
  for (const x of [71, 72, 75, 76]) {
    t.set('furniture', x, 31, 'chair_down');
    t.set('furniture', x, 33, 'chair');
  }
  t.set('furniture', 69, 36, 'chair');
  t.set('furniture', 68, 37, 'plant_tall');
  t.set('furniture', 77, 37, 'lamp_floor');
  s.arena('stacks', { x: 79, y: 29, w: 5, h: 5 })
    .put('bookshelf', 79, 29, [['bookshelf', 'bookshelf_2', 'bookshelf', 'bookshelf_2', 'bookshelf']])
    .put('bookshelf 2', 80, 31, [['bookshelf_2', 'bookshelf', 'bookshelf_2', 'bookshelf']])
    .put('bookshelf 3', 82, 33, [['bookshelf', 'bookshelf_2']]);
  t.set('furniture', 79, 33, 'bookshelf_2');
  s.arena('office', { x: 79, y: 35, w: 5, h: 3 })
    .put('desk', 80, 35, 'desk_computer')
    .put('chair', 80, 36, 'chair')
    .put('filing cabinet', 83, 35, 'filing_cabinet');
  t.set('furniture', 83, 37, 'plant_pot');
}

/** Town Hall, x 88..111, y 28..38: lobby, council chamber, clerk's and mayor's offices. */
export function townHall(t: TownBuilder): void {
  const s = t.building('Town Hall', 'town hall', { x: 88, y: 28, w: 24, h: 11 }, 'stone', 'floor_stone');
  t.room({ x: 89, y: 29, w: 10, h: 9 }, 'floor_stone', 'plaster');
  t.room({ x: 100, y: 29, w: 11, h: 4 }, 'carpet_red', 'navy');
  t.room({ x: 100, y: 34, w: 5, h: 4 }, 'floor_wood', 'sage');
  t.room({ x: 106, y: 34, w: 5, h: 4 }, 'carpet_blue', 'navy');
  t.wallV(99, 28, 38, 'plaster');
  t.wallH(100, 110, 33, 'plaster');
  t.wallV(105, 33, 38, 'plaster');
  t.door(99, 30);
  t.door(99, 36);
  t.door(105, 36);
  t.door(93, 38);
  t.door(94, 38);
  for (const x of [90, 97, 101, 103, 107, 109]) t.window(x, 38);
  t.window(111, 31);
  s.arena('lobby', { x: 89, y: 29, w: 10, h: 9 })
    .put('notice board', 89, 29, 'notice_board')
    .put('front desk', 93, 31, [['counter', 'cash_register', 'counter']])
    .put('bench', 90, 35, [['park_bench', 'park_bench']])
    .put('statue', 97, 29, 'statue');
  t.set('furniture', 92, 29, 'flagpole');
  t.set('furniture', 89, 37, 'plant_tall');
  t.set('furniture', 98, 37, 'plant_tall');
  t.set('furniture', 95, 29, 'filing_cabinet');
  s.arena('council chamber', { x: 100, y: 29, w: 11, h: 4 })
    .put('podium', 105, 29, 'lectern')
    .put('council table', 102, 31, [['dining_table', 'dining_table', 'dining_table', 'dining_table', 'dining_table', 'dining_table']]);
  for (let x = 102; x <= 107; x++) t.set('furniture', x, 32, 'chair');
  t.set('furniture', 100, 29, 'flagpole');
  t.set('furniture', 110, 29, 'clock');
  s.arena('clerk office', { x: 100, y: 34, w: 5, h: 4 })
    .put('desk', 101, 34, 'desk_computer')
    .put('chair', 101, 35, 'chair')
    .put('filing cabinet', 103, 34, [['filing_cabinet', 'filing_cabinet']]);
  t.set('furniture', 104, 37, 'plant_pot');
  s.arena("mayor's office", { x: 106, y: 34, w: 5, h: 4 })
    .put('desk', 108, 35, 'desk')
    .put('chair', 108, 36, 'chair')
    .put('bookshelf', 106, 34, 'bookshelf')
    .put('armchair', 110, 37, 'armchair');
  t.set('furniture', 110, 34, 'plant_tall');
}

/** Town Square, x 66..88, y 44..55: a brick plaza with the fountain and a small market. */
export function townSquare(t: TownBuilder): void {
  t.fill('ground', { x: 66, y: 44, w: 23, h: 12 }, 'plaza');
  // A cobbled ring around the fountain and cobbled walks to the streets.
  t.fill('ground', { x: 70, y: 46, w: 6, h: 6 }, 'cobble');
  t.fill('ground', { x: 72, y: 44, w: 2, h: 12 }, 'cobble');
  t.fill('ground', { x: 66, y: 48, w: 15, h: 2 }, 'cobble');
  const s = t.sector('Town Square', 'plaza', { x: 66, y: 44, w: 23, h: 12 });
  const square = s.arena('square', { x: 66, y: 44, w: 15, h: 12 });
  square
    .put('fountain', 72, 48, [
      ['fountain_tl', 'fountain_tr'],
      ['fountain_bl', 'fountain_br'],
    ])
    .put('bench', 69, 46, 'park_bench')
    .put('bench 2', 76, 46, 'park_bench')
    .put('bench 3', 69, 52, 'park_bench')
    .put('bench 4', 76, 52, 'park_bench')
    .put('notice board', 67, 44, 'notice_board')
    .put('statue', 79, 44, 'statue');
  for (const [x, y] of [[70, 46], [75, 46], [70, 51], [75, 51], [68, 54], [77, 54]]) t.set('furniture', x, y, 'planter');
  for (const [x, y] of [[67, 47], [78, 47], [67, 53], [78, 53]]) tree(t, x, y, 'tree');
  t.set('furniture', 66, 55, 'street_lamp');
  t.set('furniture', 80, 55, 'street_lamp');
  t.set('furniture', 80, 50, 'trash_bin');
  s.arena('market', { x: 81, y: 44, w: 8, h: 12 })
    .put('fruit stall', 82, 46, 'market_stall')
    .put('flower stall', 85, 46, 'market_stall')
    .put('bread stall', 82, 51, 'market_stall')
    .put('cheese stall', 85, 51, 'market_stall')
    .put('crates', 88, 53, [['crate'], ['barrel']]);
  t.set('furniture', 83, 54, 'crate');
  t.set('furniture', 87, 47, 'barrel');
  t.set('furniture', 88, 44, 'flagpole');
  tree(t, 88, 50, 'blossom');
}

/** Community Hall, x 92..111, y 44..55: a hall for meetings, concerts and parties. */
export function communityHall(t: TownBuilder): void {
  const s = t.building('Community Hall', 'hall', { x: 92, y: 44, w: 20, h: 12 }, 'brick', 'floor_honey');
  t.room({ x: 93, y: 45, w: 12, h: 10 }, 'floor_honey', 'rose');
  t.room({ x: 106, y: 45, w: 5, h: 4 }, 'floor_tile_white', 'sage');
  t.room({ x: 106, y: 50, w: 5, h: 5 }, 'carpet_green', 'plaster');
  t.wallV(105, 44, 55, 'plaster');
  t.wallH(106, 110, 49, 'plaster');
  t.door(105, 47);
  t.door(105, 52);
  t.door(96, 44);
  t.door(92, 50);
  for (const x of [94, 99, 102, 108]) t.window(x, 55);
  for (const x of [100, 103, 108]) t.window(x, 44);
  t.window(111, 52);
  s.arena('main hall', { x: 93, y: 45, w: 12, h: 10 })
    .put('piano', 93, 45, [['piano_l', 'piano_r']])
    .put('stage', 98, 45, [['altar', 'altar', 'altar']])
    .put('podium', 99, 46, 'lectern')
    .put('pews', 95, 48, [['pew', 'pew', 'pew', 'pew', 'pew', 'pew', 'pew', 'pew']])
    .put('pews 2', 95, 50, [['pew', 'pew', 'pew', 'pew', 'pew', 'pew', 'pew', 'pew']])
    .put('pews 3', 95, 52, [['pew', 'pew', 'pew', 'pew', 'pew', 'pew', 'pew', 'pew']]);
  t.set('furniture', 104, 45, 'plant_tall');
  t.set('furniture', 93, 54, 'plant_tall');
  t.set('furniture', 104, 54, 'lamp_floor');
  s.arena('kitchen', { x: 106, y: 45, w: 5, h: 4 })
    .put('stove', 106, 45, 'stove')
    .put('counter', 107, 45, [['counter', 'counter']])
    .put('sink', 109, 45, 'counter_sink')
    .put('fridge', 110, 45, 'fridge')
    .put('table', 109, 47, 'dining_table');
  s.arena('meeting room', { x: 106, y: 50, w: 5, h: 5 })
    .put('meeting table', 107, 52, [['dining_table', 'dining_table', 'dining_table']])
    .put('bookshelf', 110, 50, 'bookshelf');
  for (let x = 107; x <= 109; x++) {
    t.set('furniture', x, 51, 'chair_down');
    t.set('furniture', x, 53, 'chair');
  }
}
