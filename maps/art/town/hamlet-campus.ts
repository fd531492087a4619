/** Hamlet College (classrooms, lecture hall, lab, college library, offices) and Oak Hall, its dorm. */
import { TownBuilder } from './builder';
import { path, tree } from './decor';

/** Hamlet College, building x 67..96, y 3..19; sector includes the quad down to y 25. */
export function college(t: TownBuilder): void {
  t.shell({ x: 67, y: 3, w: 30, h: 17 }, 'brick', 'floor_lino');
  t.room({ x: 68, y: 4, w: 10, h: 7 }, 'floor_wood', 'sage');
  t.room({ x: 79, y: 4, w: 10, h: 7 }, 'floor_honey', 'navy');
  t.room({ x: 90, y: 4, w: 6, h: 7 }, 'floor_tile_white', 'plaster');
  t.room({ x: 68, y: 12, w: 28, h: 2 }, 'floor_lino', 'plaster');
  t.room({ x: 68, y: 15, w: 12, h: 4 }, 'carpet_blue', 'timber');
  t.room({ x: 81, y: 15, w: 7, h: 4 }, 'floor_walnut', 'rose');
  t.room({ x: 89, y: 15, w: 7, h: 4 }, 'carpet_red', 'sage');
  t.wallV(78, 3, 11, 'plaster');
  t.wallV(89, 3, 11, 'plaster');
  t.wallH(68, 95, 11, 'plaster');
  t.wallH(68, 95, 14, 'plaster');
  t.wallV(80, 14, 19, 'plaster');
  t.wallV(88, 14, 19, 'plaster');
  for (const x of [72, 84, 92]) t.door(x, 11);
  for (const x of [73, 84, 92]) t.door(x, 14);
  t.door(67, 12);
  t.door(96, 12);
  t.door(92, 19);
  for (const x of [70, 75, 82, 86, 93]) t.window(x, 3);
  for (const x of [70, 77, 83, 86, 90, 94]) t.window(x, 19);
  t.window(67, 6);
  t.window(67, 16);
  t.window(96, 6);
  t.window(96, 16);

  const s = t.sector('Hamlet College', 'college', { x: 66, y: 2, w: 32, h: 24 });
  const classroom = s.arena('classroom', { x: 68, y: 4, w: 10, h: 7 });
  classroom.put('blackboard', 72, 4, [['blackboard_l', 'blackboard_r']]).put('lectern', 75, 5, 'lectern');
  let n = 0;
  for (const y of [7, 9]) for (const x of [69, 71, 73, 75]) classroom.put(n++ === 0 ? 'desk' : `desk ${n}`, x, y, 'school_desk');
  t.set('furniture', 68, 4, 'bookshelf');
  t.set('furniture', 77, 4, 'globe');
  const lecture = s.arena('lecture hall', { x: 79, y: 4, w: 10, h: 7 });
  lecture
    .put('blackboard', 83, 4, [['blackboard_l', 'blackboard_r']])
    .put('lectern', 85, 5, 'lectern')
    .put('bench', 80, 7, [['pew', 'pew', 'pew', 'pew', 'pew', 'pew', 'pew', 'pew']])
    .put('bench 2', 80, 9, [['pew', 'pew', 'pew', 'pew', 'pew', 'pew', 'pew', 'pew']]);
  t.set('furniture', 79, 4, 'plant_tall');
  t.set('furniture', 88, 4, 'clock');
  s.arena('lab', { x: 90, y: 4, w: 6, h: 7 })
    .put('lab bench', 90, 4, [['lab_bench', 'lab_flasks', 'lab_bench']])
    .put('microscope', 93, 4, 'microscope')
    .put('sink', 94, 4, 'counter_sink')
    .put('lab bench 2', 91, 7, [['lab_flasks', 'lab_bench', 'microscope']])
    .put('cabinet', 95, 9, 'filing_cabinet');
  t.set('furniture', 95, 4, 'fridge');
  s.arena('hallway', { x: 68, y: 12, w: 28, h: 2 }).put('bench', 76, 13, [['park_bench', 'park_bench']]).put('notice board', 88, 12, 'notice_board');
  const lib = s.arena('college library', { x: 68, y: 15, w: 12, h: 4 });
  lib
    .put('bookshelf', 68, 15, [['bookshelf', 'bookshelf_2', 'bookshelf', 'bookshelf_2', 'bookshelf']])
    .put('bookshelf 2', 74, 15, [['bookshelf_2', 'bookshelf', 'bookshelf_2', 'bookshelf', 'bookshelf_2', 'bookshelf']])
    .put('study table', 70, 17, [['dining_table', 'dining_table']])
    .put('study table 2', 75, 17, [['dining_table', 'dining_table']]);
  for (const x of [70, 71, 75, 76]) t.set('furniture', x, 18, 'chair');
  t.set('furniture', 79, 18, 'lamp_floor');
  s.arena('faculty office', { x: 81, y: 15, w: 7, h: 4 })
    .put('desk', 82, 15, 'desk_computer')
    .put('chair', 82, 16, 'chair')
    .put('desk 2', 86, 15, 'desk')
    .put('chair 2', 86, 16, 'chair')
    .put('bookshelf', 83, 15, 'bookshelf_2')
    .put('bookshelf 2', 87, 15, 'bookshelf')
    .put('coffee machine', 81, 18, 'coffee_machine')
    .put('filing cabinet', 87, 18, 'filing_cabinet');
  s.arena('student lounge', { x: 89, y: 15, w: 7, h: 4 })
    .put('sofa', 93, 15, [['sofa_l', 'sofa_r']])
    .put('coffee table', 93, 16, 'coffee_table')
    .put('vending machine', 95, 15, 'drinks_cooler')
    .put('table', 90, 16, 'cafe_table')
    .put('microwave', 89, 15, 'microwave');
  t.set('furniture', 90, 17, 'chair');
  t.set('furniture', 95, 18, 'plant_tall');

  // The quad: a lawn with a statue, benches and trees between the college and Main Street.
  const quad = s.arena('quad', { x: 66, y: 20, w: 32, h: 6 });
  path(t, 92, 20, 92, 25, 'cobble');
  path(t, 66, 12, 66, 25, 'cobble');
  path(t, 66, 22, 97, 22, 'cobble');
  quad
    .put('statue', 80, 21, 'statue')
    .put('bench', 76, 21, 'park_bench')
    .put('bench 2', 84, 21, 'park_bench')
    .put('bench 3', 88, 23, 'park_bench')
    .mark('lawn', { x: 68, y: 23, w: 10, h: 3 });
  for (const [x, y] of [[70, 21], [73, 21], [87, 21], [95, 21], [70, 25], [83, 25], [95, 25]]) tree(t, x, y, x % 2 ? 'tree' : 'blossom');
}

/** Oak Hall, the dorm: x 99..116, y 3..19, four student rooms, a bathroom and a common room. */
export function oakHall(t: TownBuilder): void {
  t.shell({ x: 99, y: 3, w: 18, h: 17 }, 'timber', 'floor_wood');
  const rooms = [
    { name: 'room 1', x: 100, y: 4, w: 5, h: 5, door: [102, 9], floor: 'carpet_blue', paper: 'navy' as const },
    { name: 'room 2', x: 106, y: 4, w: 5, h: 5, door: [108, 9], floor: 'carpet_green', paper: 'sage' as const },
    { name: 'room 3', x: 112, y: 4, w: 4, h: 5, door: [113, 9], floor: 'carpet_plum', paper: 'rose' as const },
    { name: 'room 4', x: 100, y: 13, w: 5, h: 6, door: [102, 12], floor: 'carpet_red', paper: 'plaster' as const },
  ];
  t.room({ x: 100, y: 10, w: 16, h: 2 }, 'floor_wood', 'plaster');
  t.room({ x: 106, y: 13, w: 4, h: 6 }, 'floor_tile_blue', 'navy');
  t.room({ x: 111, y: 13, w: 5, h: 6 }, 'floor_honey', 'sage');
  for (const r of rooms) t.room(r, r.floor, r.paper);
  t.wallH(100, 115, 9, 'plaster');
  t.wallH(100, 115, 12, 'plaster');
  t.wallV(105, 3, 9, 'plaster');
  t.wallV(111, 3, 9, 'plaster');
  t.wallV(105, 12, 19, 'plaster');
  t.wallV(110, 12, 19, 'plaster');
  for (const r of rooms) t.door(r.door[0], r.door[1]);
  t.door(107, 12);
  t.door(113, 12);
  t.door(99, 10);
  t.door(113, 19);
  for (const x of [101, 103, 108, 114]) t.window(x, 3);
  for (const x of [101, 103, 107, 115]) t.window(x, 19);
  t.window(116, 6);
  t.window(116, 16);

  const s = t.sector('Oak Hall', 'dorm', { x: 98, y: 2, w: 20, h: 24 });
  const beds = [['bed_top', 'bed_bottom'], ['bed_red_top', 'bed_red_bottom'], ['bed_green_top', 'bed_green_bottom'], ['bed_top', 'bed_bottom']];
  rooms.forEach((r, i) => {
    const a = s.arena(r.name, r);
    a.put('bed', r.x, r.y, [[beds[i][0]], [beds[i][1]]])
      .put('desk', r.x + r.w - 2, r.y, 'desk')
      .put('chair', r.x + r.w - 2, r.y + 1, 'chair')
      .put('wardrobe', r.x + r.w - 1, r.y, 'wardrobe');
    t.set('furniture', r.x, r.y + r.h - 1, i % 2 ? 'plant_pot' : 'rug');
  });
  s.arena('hallway', { x: 100, y: 10, w: 16, h: 2 }).put('notice board', 115, 10, 'notice_board');
  s.arena('bathroom', { x: 106, y: 13, w: 4, h: 6 })
    .put('shower', 106, 13, 'shower')
    .put('shower 2', 106, 14, 'shower')
    .put('sink', 108, 13, 'basin')
    .put('toilet', 109, 13, 'toilet')
    .put('toilet 2', 109, 15, 'toilet')
    .put('washing machine', 109, 18, 'washer');
  s.arena('common room', { x: 111, y: 13, w: 5, h: 6 })
    .put('stove', 111, 13, 'stove')
    .put('fridge', 112, 13, 'fridge')
    .put('counter', 114, 13, [['counter_sink', 'counter']])
    .put('sofa', 111, 16, [['sofa_l', 'sofa_r']])
    .put('tv', 111, 18, 'tv')
    .put('table', 115, 16, 'cafe_table');
  t.set('furniture', 115, 18, 'plant_tall');

  const lawn = s.arena('lawn', { x: 98, y: 20, w: 20, h: 6 });
  path(t, 98, 10, 98, 25, 'cobble');
  path(t, 113, 20, 113, 25, 'cobble');
  lawn.put('picnic table', 105, 22, 'picnic_table').put('bench', 109, 21, 'park_bench').put('bike rack', 115, 21, 'bike_rack');
  for (const [x, y] of [[101, 22], [117, 24], [103, 25], [109, 25]]) tree(t, x, y, 'pine');
}
