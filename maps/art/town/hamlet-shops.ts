/** Hamlet's shops: the row north of Main Street and the row south of it. */
import { TownBuilder } from './builder';

/** Willow Cafe, x 3..20, y 30..38, front door on Main Street. */
export function willowCafe(t: TownBuilder): void {
  const s = t.building('Willow Cafe', 'cafe', { x: 3, y: 30, w: 18, h: 9 }, 'brick', 'floor_checker');
  t.room({ x: 4, y: 31, w: 11, h: 7 }, 'floor_checker', 'rose');
  t.room({ x: 16, y: 31, w: 4, h: 4 }, 'floor_tile_white', 'sage');
  t.room({ x: 16, y: 36, w: 4, h: 2 }, 'floor_tile_blue', 'navy');
  t.wallV(15, 30, 38, 'plaster');
  t.wallH(16, 19, 35, 'plaster');
  t.door(15, 32);
  t.door(15, 36);
  t.door(9, 38, 'shop');
  for (const x of [5, 7, 12, 14, 17]) t.window(x, 38);
  t.window(3, 34);
  s.arena('cafe', { x: 4, y: 31, w: 11, h: 7 })
    .put('pastry case', 10, 32, 'pastry_case')
    .put('counter', 11, 32, 'cash_register')
    .put('coffee machine', 12, 32, 'coffee_machine', 'idle')
    .put('bar counter', 13, 32, 'counter')
    .put('table', 5, 33, 'cafe_table')
    .put('table 2', 8, 33, 'cafe_table')
    .put('table 3', 5, 36, 'cafe_table')
    .put('table 4', 8, 36, 'cafe_table')
    .put('chair', 5, 34, 'chair')
    .put('chair 2', 8, 34, 'chair')
    .put('chair 3', 5, 35, 'chair_down')
    .put('chair 4', 8, 35, 'chair_down')
    .put('sofa', 12, 36, [['sofa_l', 'sofa_r']])
    .put('piano', 4, 31, [['piano_l', 'piano_r']])
    .put('bookshelf', 7, 31, 'bookshelf_2');
  t.set('furniture', 14, 37, 'plant_tall');
  t.set('furniture', 11, 36, 'lamp_floor');
  t.set('furniture', 4, 37, 'plant_pot');
  s.arena('kitchen', { x: 16, y: 31, w: 4, h: 4 })
    .put('stove', 16, 31, 'stove')
    .put('oven', 17, 31, 'bread_oven')
    .put('sink', 18, 31, 'counter_sink')
    .put('fridge', 19, 31, 'fridge')
    .put('prep table', 18, 33, 'counter');
  s.arena('restroom', { x: 16, y: 36, w: 4, h: 2 }).put('toilet', 19, 36, 'toilet').put('sink', 18, 36, 'basin');
  t.set('above', 5, 38, 'awning_red');
  t.set('above', 12, 38, 'awning_red');
  t.set('above', 14, 38, 'awning_red');
}

/** Sunrise Bakery, x 22..33, y 30..38: a kitchen behind a small shop. */
export function sunriseBakery(t: TownBuilder): void {
  const s = t.building('Sunrise Bakery', 'bakery', { x: 22, y: 30, w: 12, h: 9 }, 'timber', 'floor_honey');
  t.room({ x: 23, y: 31, w: 10, h: 3 }, 'floor_stone', 'stone');
  t.room({ x: 23, y: 35, w: 10, h: 3 }, 'floor_honey', 'plaster');
  t.wallH(23, 32, 34, 'plaster');
  t.door(29, 34);
  t.door(25, 38, 'shop');
  for (const x of [23, 28, 31]) t.window(x, 38);
  s.arena('kitchen', { x: 23, y: 31, w: 10, h: 3 })
    .put('oven', 23, 31, [['bread_oven', 'bread_oven']])
    .put('counter', 25, 31, [['counter', 'counter']])
    .put('sink', 27, 31, 'counter_sink')
    .put('fridge', 28, 31, 'fridge')
    .put('flour sacks', 32, 31, 'flour_sacks')
    .put('kneading table', 25, 33, [['dining_table', 'dining_table']]);
  t.set('furniture', 31, 31, 'kitchen_shelf');
  s.arena('shop', { x: 23, y: 35, w: 10, h: 3 })
    .put('pastry case', 28, 36, [['pastry_case', 'pastry_case']])
    .put('counter', 30, 36, 'cash_register')
    .put('table', 23, 36, 'cafe_table')
    .put('chair', 23, 37, 'chair');
  t.set('furniture', 32, 35, 'plant_pot');
  t.set('above', 28, 38, 'awning_green');
  t.set('above', 31, 38, 'awning_green');
}

/** Clip & Comb barbershop, x 35..44, y 30..38: chairs at the mirrors, a waiting area by the door. */
export function clipAndComb(t: TownBuilder): void {
  const s = t.building('Clip & Comb', 'barber', { x: 35, y: 30, w: 10, h: 9 }, 'plaster', 'floor_checker');
  t.room({ x: 36, y: 31, w: 8, h: 7 }, 'floor_checker', 'navy');
  t.door(38, 38, 'shop');
  t.window(36, 38);
  t.window(41, 38);
  t.window(43, 38);
  s.arena('barbershop', { x: 36, y: 31, w: 8, h: 4 })
    .put('mirror', 37, 31, 'mirror_station')
    .put('wash basin', 38, 31, 'basin')
    .put('mirror 2', 40, 31, 'mirror_station')
    .put('shelf', 43, 31, 'shelf_boxes')
    .put('barber chair', 37, 32, 'barber_chair')
    .put('barber chair 2', 40, 32, 'barber_chair')
    .put('counter', 42, 34, [['cash_register', 'counter']]);
  t.set('furniture', 36, 31, 'plant_tall');
  s.arena('waiting area', { x: 36, y: 35, w: 8, h: 3 })
    .put('waiting bench', 36, 35, [['sofa_l', 'sofa_r']])
    .put('coffee table', 36, 36, 'coffee_table')
    .put('radio', 43, 37, 'radio');
  t.set('furniture', 43, 35, 'plant_pot');
}

/** Hamlet Pharmacy, x 46..57, y 30..38: dispensary behind the counter, shop in front. */
export function pharmacy(t: TownBuilder): void {
  const s = t.building('Hamlet Pharmacy', 'pharmacy', { x: 46, y: 30, w: 12, h: 9 }, 'stone', 'floor_tile_white');
  t.room({ x: 47, y: 31, w: 10, h: 7 }, 'floor_tile_white', 'sage');
  t.door(51, 38, 'shop');
  for (const x of [48, 54, 56]) t.window(x, 38);
  s.arena('dispensary', { x: 47, y: 31, w: 10, h: 2 })
    .put('medicine shelf', 47, 31, [['medicine_shelf', 'medicine_shelf', 'medicine_shelf']])
    .put('medicine shelf 2', 51, 31, [['medicine_shelf', 'medicine_shelf']])
    .put('desk', 54, 31, 'desk_computer')
    .put('fridge', 56, 31, 'fridge');
  s.arena('shop', { x: 47, y: 33, w: 10, h: 5 })
    .put('counter', 49, 33, [['counter', 'cash_register', 'counter', 'counter']])
    .put('shelf', 47, 35, [['shelf_boxes', 'medicine_shelf']])
    .put('shelf 2', 54, 35, [['medicine_shelf', 'shelf_boxes']])
    .put('waiting chair', 56, 37, 'chair_down');
  t.set('furniture', 47, 37, 'plant_pot');
}

/** Hamlet Grocery, x 3..20, y 44..54, door on Main Street (north). */
export function grocery(t: TownBuilder): void {
  const s = t.building('Hamlet Grocery', 'grocery', { x: 3, y: 44, w: 18, h: 11 }, 'brick', 'floor_lino');
  t.room({ x: 4, y: 45, w: 11, h: 9 }, 'floor_lino', 'sage');
  t.room({ x: 16, y: 45, w: 4, h: 9 }, 'floor_concrete', 'stone');
  t.wallV(15, 44, 54, 'plaster');
  t.door(15, 51);
  t.door(8, 44, 'shop');
  for (const x of [5, 11, 13]) t.window(x, 44);
  for (const x of [6, 12, 17]) t.window(x, 54);
  s.arena('shop floor', { x: 4, y: 45, w: 11, h: 9 })
    .put('checkout', 4, 47, [['cash_register', 'counter']])
    .put('produce stand', 10, 46, [['produce_crate', 'produce_crate', 'produce_crate']])
    .put('drinks cooler', 13, 45, [['drinks_cooler', 'drinks_cooler']])
    .put('shelf', 6, 49, [['shelf_cans', 'shelf_boxes', 'shelf_cans']])
    .put('shelf 2', 11, 49, [['shelf_boxes', 'shelf_cans', 'shelf_boxes']])
    .put('shelf 3', 6, 52, [['shelf_boxes', 'shelf_cans', 'shelf_boxes']])
    .put('shelf 4', 11, 52, [['shelf_cans', 'shelf_boxes']]);
  t.set('furniture', 4, 53, 'plant_pot');
  s.arena('storeroom', { x: 16, y: 45, w: 4, h: 9 })
    .put('freezer', 16, 45, [['fridge', 'fridge']])
    .put('crates', 19, 47, [['crate'], ['crate']])
    .put('barrels', 16, 53, [['barrel', 'barrel']])
    .put('desk', 18, 45, 'desk');
  t.set('furniture', 19, 53, 'crate');
}

/** The Lamplight, the bar: x 23..38, y 44..54, door on Main Street, storeroom behind the bar. */
export function lamplight(t: TownBuilder): void {
  const s = t.building('The Lamplight', 'bar', { x: 23, y: 44, w: 16, h: 11 }, 'timber', 'floor_walnut');
  t.room({ x: 24, y: 45, w: 10, h: 9 }, 'floor_walnut', 'navy');
  t.room({ x: 35, y: 45, w: 3, h: 9 }, 'floor_concrete', 'stone');
  t.wallV(34, 44, 54, 'timber');
  t.door(34, 46);
  t.door(25, 44);
  for (const x of [29, 32]) t.window(x, 44);
  for (const x of [26, 31, 36]) t.window(x, 54);
  t.window(23, 50);
  s.arena('bar', { x: 24, y: 45, w: 10, h: 9 })
    .put('bottle shelf', 29, 45, [['bottle_shelf', 'bottle_shelf', 'bottle_shelf', 'bottle_shelf']])
    .put('bar counter', 28, 47, [['bar_counter', 'bar_taps', 'bar_counter', 'bar_taps', 'bar_counter']])
    .put('bar stool', 28, 48, 'bar_stool')
    .put('bar stool 2', 30, 48, 'bar_stool')
    .put('bar stool 3', 32, 48, 'bar_stool')
    .put('piano', 26, 45, [['piano_l', 'piano_r']])
    .put('dartboard', 24, 45, 'dartboard')
    .put('table', 25, 49, 'cafe_table')
    .put('table 2', 25, 52, 'cafe_table')
    .put('table 3', 28, 52, 'cafe_table')
    .put('pool table', 31, 51, 'pool_table');
  t.set('furniture', 25, 48, 'chair_down');
  t.set('furniture', 25, 50, 'chair');
  t.set('furniture', 25, 53, 'chair');
  t.set('furniture', 28, 53, 'chair');
  t.set('furniture', 33, 45, 'clock');
  t.set('furniture', 33, 53, 'plant_pot');
  s.arena('storeroom', { x: 35, y: 45, w: 3, h: 9 })
    .put('beer fridge', 37, 45, 'fridge')
    .put('barrels', 35, 53, [['barrel', 'barrel']])
    .put('crates', 37, 50, [['crate'], ['crate']]);
  t.set('furniture', 35, 45, 'crate');
}

/** Brennan Supply Co., x 41..56, y 44..54: hardware shop and workshop. */
export function brennanSupply(t: TownBuilder): void {
  const s = t.building('Brennan Supply Co.', 'store', { x: 41, y: 44, w: 16, h: 11 }, 'stone', 'floor_concrete');
  t.room({ x: 42, y: 45, w: 9, h: 9 }, 'floor_wood', 'timber');
  t.room({ x: 52, y: 45, w: 4, h: 9 }, 'floor_concrete', 'stone');
  t.wallV(51, 44, 54, 'timber');
  t.door(51, 49);
  t.door(46, 44, 'shop');
  for (const x of [43, 49]) t.window(x, 44);
  t.window(54, 44);
  s.arena('shop', { x: 42, y: 45, w: 9, h: 9 })
    .put('counter', 42, 47, [['cash_register', 'counter']])
    .put('tool rack', 48, 45, [['tool_rack', 'tool_rack', 'tool_rack']])
    .put('shelf', 43, 50, [['shelf_boxes', 'shelf_cans', 'shelf_boxes']])
    .put('shelf 2', 47, 50, [['shelf_cans', 'shelf_boxes']])
    .put('lumber', 44, 53, [['lumber', 'lumber', 'lumber']]);
  t.set('furniture', 42, 53, 'barrel');
  t.set('furniture', 50, 53, 'crate');
  s.arena('workshop', { x: 52, y: 45, w: 4, h: 9 })
    .put('workbench', 52, 45, [['workbench', 'workbench', 'workbench']])
    .put('tool rack', 55, 45, 'tool_rack')
    .put('lumber', 55, 49, [['lumber'], ['lumber']])
    .put('crates', 52, 53, [['crate', 'crate']]);
}
