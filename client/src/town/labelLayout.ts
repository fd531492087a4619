/**
 * Keeps text over the map from overlapping: names under people, emoji over their heads.
 * Each box starts where it belongs; one that would overlap a box already placed moves away
 * (down for names, up for emoji) past it, at most `maxMoves` times; a box that still finds no
 * room is hidden. Boxes are placed in the order given, so the caller lists the important ones
 * (the selected person, the one under the mouse) first. Pure geometry, any units.
 */

export interface LabelRequest {
  id: string;
  /** Centre x of the box. */
  x: number;
  /** Top of the box where it would like to be. */
  top: number;
  width: number;
  height: number;
  /** Never hidden (it still moves out of the way). */
  keep?: boolean;
}

export interface LabelPlacement {
  /** How far the box moved from where it wanted to be (positive: down). */
  dy: number;
  visible: boolean;
}

/** A placed box (also what callers pass as obstacles: boxes placed by an earlier layout). */
export interface LabelBox {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/**
 * Places the boxes in order. `direction` is where a box moves to clear another (1: down,
 * -1: up); `gap` the room left between boxes; `maxMoves` how often a box may move before it is
 * hidden (Infinity: never hidden); `obstacles` boxes already taken (placed by an earlier layout).
 * Returns each box's placement and the boxes placed (for a later layout to avoid).
 */
export function layoutLabels(
  requests: readonly LabelRequest[],
  direction: 1 | -1,
  gap: number,
  maxMoves: number,
  obstacles: readonly LabelBox[] = [],
): { placements: Map<string, LabelPlacement>; boxes: LabelBox[] } {
  const placed: LabelBox[] = [...obstacles];
  const boxes: LabelBox[] = [];
  const out = new Map<string, LabelPlacement>();
  for (const r of requests) {
    const left = r.x - r.width / 2;
    const right = r.x + r.width / 2;
    let top = r.top;
    let moves = 0;
    let visible = true;
    // Each move clears one placed box, so there are at most placed.length moves.
    for (let guard = 0; guard <= placed.length; guard++) {
      const hit = placed.find((p) => left < p.right && right > p.left && top < p.bottom && top + r.height > p.top);
      if (!hit) break;
      if (moves >= maxMoves && !r.keep) {
        visible = false;
        break;
      }
      top = direction > 0 ? hit.bottom + gap : hit.top - gap - r.height;
      moves++;
    }
    if (visible) {
      const box = { left, right, top, bottom: top + r.height };
      placed.push(box);
      boxes.push(box);
    }
    out.set(r.id, { dy: visible ? top - r.top : 0, visible });
  }
  return { placements: out, boxes };
}
