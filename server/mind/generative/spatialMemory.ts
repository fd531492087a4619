/**
 * What places each agent knows (the paper's spatial memory tree world > sector > arena > object),
 * as a bitset over the map's places in tree order. It starts from the persona's home, routine
 * places and the homes of the people it knows, grows with every tile the agent sees, and with
 * places named in its conversations. Plans may only use known places.
 */
import { resolvePlace, placeAddresses, relativeAddress } from '../../world/spatial';
import type { Address, Tile, TownMap } from '../../world/types';

/** Lower-case words separated by single spaces ("Brennan Supply Co." → "brennan supply co"). */
function wordsOnly(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}&]+/gu, ' ').trim();
}

/** A known-places set: one byte per place of the map (0/1), in the order of `SpatialMemory.places`. */
export type KnownPlaces = Uint8Array;

export class SpatialMemory {
  /** Every place's full address in tree order (sector, its arenas, their objects). */
  readonly places: readonly Address[];
  private readonly indexOf = new Map<Address, number>();
  /** Per tile, the places one sees there (CSR: offsets into `tileValues`). */
  private readonly tileOffsets: Int32Array;
  private readonly tileValues: Int32Array;
  /** Sector names (lower-case) and their place index, longest first, to spot them in text. */
  private readonly sectorNames: { name: string; index: number }[];

  constructor(private readonly map: TownMap) {
    this.places = placeAddresses(map, { relative: false });
    this.places.forEach((address, i) => this.indexOf.set(address, i));
    const perTile: number[][] = Array.from({ length: map.width * map.height }, () => []);
    const mark = (x: number, y: number, index: number) => {
      if (x < 0 || y < 0 || x >= map.width || y >= map.height) return;
      const list = perTile[y * map.width + x];
      if (!list.includes(index)) list.push(index);
    };
    for (let y = 0; y < map.height; y++) {
      for (let x = 0; x < map.width; x++) {
        const i = y * map.width + x;
        if (map.sectorAt[i] >= 0) perTile[i].push(this.indexOf.get(map.sectors[map.sectorAt[i]].address)!);
        if (map.arenaAt[i] >= 0) perTile[i].push(this.indexOf.get(map.arenas[map.arenaAt[i]].address)!);
      }
    }
    for (const object of map.objects.values()) {
      const index = this.indexOf.get(object.address);
      if (index === undefined) continue;
      for (let y = object.rect.y0; y < object.rect.y1; y++) for (let x = object.rect.x0; x < object.rect.x1; x++) mark(x, y, index);
      mark(object.useTile.x, object.useTile.y, index);
    }
    this.tileOffsets = new Int32Array(perTile.length + 1);
    let total = 0;
    perTile.forEach((list, i) => {
      this.tileOffsets[i] = total;
      total += list.length;
    });
    this.tileOffsets[perTile.length] = total;
    this.tileValues = new Int32Array(total);
    perTile.forEach((list, i) => this.tileValues.set(list, this.tileOffsets[i]));
    this.sectorNames = map.sectors
      .map((s) => ({ name: s.name.toLowerCase(), index: this.indexOf.get(s.address)! }))
      .filter((s) => s.name.length >= 4)
      .sort((a, b) => b.name.length - a.name.length);
  }

  empty(): KnownPlaces {
    return new Uint8Array(this.places.length);
  }

  /** Marks a place (full or world-relative address) and the sector and arena above it; false when it does not exist. */
  learn(known: KnownPlaces, place: string): boolean {
    const resolved = resolvePlace(this.map, place);
    if (!resolved.ok) return false;
    const p = resolved.place;
    this.set(known, p.sector.address);
    if (p.arena) this.set(known, p.arena.address);
    if (p.object) this.set(known, p.object.address);
    return true;
  }

  /** Marks a sector with all its arenas and objects (the agent's home). */
  learnWholeSector(known: KnownPlaces, place: string): void {
    const resolved = resolvePlace(this.map, place);
    if (!resolved.ok) return;
    const sector = resolved.place.sector;
    this.set(known, sector.address);
    for (const arena of sector.arenas) {
      this.set(known, arena.address);
      for (const object of arena.objects) this.set(known, object.address);
    }
  }

  /** Marks every place seen from `tile` (a square of `radius` tiles); returns how many were new. */
  see(known: KnownPlaces, tile: Tile, radius: number): number {
    let learned = 0;
    const { width, height } = this.map;
    const x0 = Math.max(0, tile.x - radius);
    const x1 = Math.min(width - 1, tile.x + radius);
    const y0 = Math.max(0, tile.y - radius);
    const y1 = Math.min(height - 1, tile.y + radius);
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const t = y * width + x;
        for (let k = this.tileOffsets[t]; k < this.tileOffsets[t + 1]; k++) {
          const index = this.tileValues[k];
          if (known[index] === 0) {
            known[index] = 1;
            learned++;
          }
        }
      }
    }
    return learned;
  }

  /** Sectors named in a text ("let's meet at Willow Cafe") that the agent did not know; marks them. */
  learnFromText(known: KnownPlaces, text: string): Address[] {
    const lower = ` ${wordsOnly(text)} `;
    const learned: Address[] = [];
    for (const { name, index } of this.sectorNames) {
      const needle = ` ${wordsOnly(name)} `;
      if (known[index] === 0 && lower.includes(needle)) {
        known[index] = 1;
        learned.push(this.places[index]);
      }
    }
    return learned;
  }

  isKnown(known: KnownPlaces, address: Address): boolean {
    const index = this.indexOf.get(address);
    return index !== undefined && known[index] === 1;
  }

  /** Known places as world-relative addresses, in tree order (the form prompts use). */
  knownRelative(known: KnownPlaces): string[] {
    const out: string[] = [];
    for (let i = 0; i < known.length; i++) if (known[i]) out.push(relativeAddress(this.map, this.places[i]));
    return out;
  }

  count(known: KnownPlaces): number {
    let n = 0;
    for (let i = 0; i < known.length; i++) n += known[i];
    return n;
  }

  /** Compact JSON form (base64 of a bitset) for snapshots. */
  encode(known: KnownPlaces): string {
    const bits = new Uint8Array(Math.ceil(known.length / 8));
    for (let i = 0; i < known.length; i++) if (known[i]) bits[i >> 3] |= 1 << (i & 7);
    return Buffer.from(bits).toString('base64');
  }

  decode(text: string): KnownPlaces {
    const bits = Buffer.from(text, 'base64');
    const known = this.empty();
    for (let i = 0; i < known.length; i++) if ((bits[i >> 3] ?? 0) & (1 << (i & 7))) known[i] = 1;
    return known;
  }

  private set(known: KnownPlaces, address: Address): void {
    const index = this.indexOf.get(address);
    if (index !== undefined) known[index] = 1;
  }
}
