/**
 * People standing on the same tile (two people at one table, say) would be drawn exactly on top
 * of each other. These offsets fan them out inside the tile, in a fixed order (by id), so the same
 * group always gets the same arrangement. Offsets are in pixels from the tile centre and keep
 * everyone well inside their tile.
 */

/**
 * Offsets for `count` people in one tile of `tileWidth` px. One person: none. Two: side by side
 * (±1/4 tile). Three: a row. More: two rows, the back one a little higher (drawn behind the
 * front one). Everyone stays within ±3/8 of a tile of the centre.
 */
export function fanOffsets(count: number, tileWidth: number): { x: number; y: number }[] {
  if (count <= 1) return [{ x: 0, y: 0 }];
  const half = tileWidth * 0.375;
  const rows = count <= 3 ? 1 : 2;
  const perRow = Math.ceil(count / rows);
  const stepX = perRow > 1 ? Math.min(tileWidth / 2, (2 * half) / (perRow - 1)) : 0;
  const stepY = rows > 1 ? tileWidth * 0.3 : 0;
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < count; i++) {
    const row = Math.floor(i / perRow);
    const inRow = Math.min(perRow, count - row * perRow);
    const col = i - row * perRow;
    out.push({ x: Math.round((col - (inRow - 1) / 2) * stepX), y: Math.round((row - (rows - 1) / 2) * stepY) });
  }
  return out;
}

/**
 * Groups people by tile and gives each an offset. Only people `settled` on their tile take part:
 * someone walking through an occupied tile does not push the others aside.
 */
export function fanOutByTile(people: readonly { id: string; tileX: number; tileY: number; settled: boolean }[], tileWidth: number): Map<string, { x: number; y: number }> {
  const groups = new Map<string, string[]>();
  for (const p of people) {
    if (!p.settled) continue;
    const key = `${p.tileX},${p.tileY}`;
    const group = groups.get(key);
    if (group) group.push(p.id);
    else groups.set(key, [p.id]);
  }
  const out = new Map<string, { x: number; y: number }>();
  for (const ids of groups.values()) {
    if (ids.length < 2) continue;
    ids.sort();
    const offsets = fanOffsets(ids.length, tileWidth);
    ids.forEach((id, i) => out.set(id, offsets[i]));
  }
  return out;
}
