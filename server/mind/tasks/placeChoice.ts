/**
 * Places in prompts and answers: the compact grouped list of known places a prompt shows, the
 * mapping of a model's place name to a known place (fuzzy, through the world's
 * nearestKnownPlace, preferring the sectors the agent is in or usually goes to), and the choice
 * of a place for an activity without a model (for fail-safes). Pure.
 *
 * A model may write an activity with a place as a suffix: "opening the cafe @ Corner Cafe:floor:counter";
 * `splitPlaceHint` separates the two where answers are parsed (the plan itself keeps them apart).
 */
import { rankKnownPlaces } from '../../world/placeMatch';
import { placeWordsFor } from './activityHints';

/** "opening the cafe @ Cafe:floor:counter" → { activity: "opening the cafe", place: "Cafe:floor:counter" }. */
export function splitPlaceHint(activity: string): { activity: string; place?: string } {
  const at = activity.lastIndexOf(' @ ');
  if (at < 0) return { activity: activity.trim() };
  const place = activity.slice(at + 3).trim();
  return place ? { activity: activity.slice(0, at).trim(), place } : { activity: activity.slice(0, at).trim() };
}

/** The sector part of an address ("Cafe" for "Cafe:floor:counter"). */
export function sectorOf(address: string): string {
  return address.split(':')[0].trim().toLowerCase();
}

/** "Corner Cafe: cafe floor (counter)" / "Corner Cafe > floor > counter" → "Corner Cafe:cafe floor:counter". */
function tidyPlaceName(name: string): string {
  return name
    .replace(/\s*\(([^)]*)\)\s*$/, ':$1')
    .replace(/\s*(?:>|->|\/|,)\s*/g, ':')
    .replace(/\s*:\s*/g, ':')
    .replace(/^the\s+/i, '')
    .replace(/[.!]+$/, '')
    .trim();
}

/**
 * The known place a model meant, or undefined when nothing is close. Among equally good
 * matches ("bed" when two homes have one) the one in a preferred sector wins, then list order.
 * @param prefer addresses whose sectors are preferred, most preferred first (current place, usual place)
 */
export function resolvePlace(candidate: string, known: readonly string[], prefer: readonly string[] = []): string | undefined {
  if (!candidate.trim() || known.length === 0) return undefined;
  const tidy = tidyPlaceName(candidate);
  const exact = known.find((k) => k.toLowerCase() === tidy.toLowerCase());
  if (exact) return exact;
  const ranked = rankKnownPlaces(tidy, known);
  if (ranked.length === 0) return undefined;
  const top = ranked[0].score;
  const best = ranked.filter((m) => m.score >= top - 0.02);
  const sectors = prefer.map(sectorOf);
  best.sort((a, b) => preferRank(sectors, a.place) - preferRank(sectors, b.place) || a.index - b.index);
  return best[0].place;
}

function preferRank(sectors: readonly string[], place: string): number {
  const i = sectors.indexOf(sectorOf(place));
  return i < 0 ? sectors.length : i;
}

const WORD = /[\p{L}\p{N}]+/gu;
const IGNORED = new Set(['the', 'a', 'an', 'of', 'at', 'in', 'on', 'to', 'for', 'with', 'and', 'her', 'his', 'their', 'some', 'up']);

/** words() of texts seen so far: place names and hint words recur in every prompt (cleared past WORDS_CACHE_SIZE). */
const wordsCache = new Map<string, readonly string[]>();
const WORDS_CACHE_SIZE = 20_000;

function words(text: string): readonly string[] {
  let out = wordsCache.get(text);
  if (out === undefined) {
    if (wordsCache.size >= WORDS_CACHE_SIZE) wordsCache.clear();
    out = (text.toLowerCase().match(WORD) ?? []).filter((w) => !IGNORED.has(w) && w.length > 1);
    wordsCache.set(text, out);
  }
  return out;
}

/** Same word, or a shared stem of at least 4 letters ("cooking"/"cook", "studying"/"study"). */
function related(a: string, b: string): boolean {
  if (a === b) return true;
  const n = Math.min(a.length, b.length);
  if (n < 4) return false;
  let common = 0;
  while (common < n && a[common] === b[common]) common++;
  return common >= 4 && common >= n - 2;
}

/**
 * How well a known place suits an activity: its words named in the activity (the object counts
 * most), and place words the activity implies ("sleeping" → bed). 0 when nothing fits.
 */
function suitability(activityWords: readonly string[], hintWords: readonly string[], place: string): number {
  const parts = place.split(':');
  let score = 0;
  parts.forEach((part, depth) => {
    const weight = depth === parts.length - 1 ? 3 : depth + 1;
    for (const w of words(part)) {
      if (activityWords.some((a) => related(a, w))) score += weight;
      const hint = hintWords.findIndex((h) => words(h).some((hw) => related(hw, w)));
      if (hint >= 0) score += weight * (1 - hint * 0.05);
    }
  });
  return score;
}

/**
 * The known place an activity most likely happens at, for choosing without a model: its usual
 * place when given and known, else the best suited place (preferring the given sectors on
 * ties), else undefined.
 */
export function bestPlaceForActivity(activity: string, known: readonly string[], prefer: readonly string[] = [], usual?: string): string | undefined {
  const text = activity.trim();
  if (usual) {
    const hit = resolvePlace(usual, known, prefer);
    if (hit) return hit;
  }
  const activityWords = words(text);
  const hintWords = placeWordsFor(text);
  const sectors = prefer.map(sectorOf);
  let best: { place: string; score: number; rank: number } | undefined;
  for (const place of known) {
    const score = suitability(activityWords, hintWords, place);
    if (score <= 0) continue;
    const rank = preferRank(sectors, place);
    if (!best || score > best.score + 1e-9 || (Math.abs(score - best.score) <= 1e-9 && rank < best.rank)) best = { place, score, rank };
  }
  return best?.place;
}

/**
 * Known places grouped by sector, one line each, so a prompt lists many places in few tokens:
 *   "Corner Cafe: cafe floor (counter, coffee machine); kitchen (stove)"
 * Sectors come in this order: those of `focus` (current place, usual place), those with places
 * suited to `activity`, then the rest in list order — until about `maxPlaces` places are shown.
 */
export function renderKnownPlaces(known: readonly string[], focus: readonly string[], activity: string, maxPlaces: number): string {
  const tree = new Map<string, { name: string; arenas: Map<string, string[]>; count: number; order: number }>();
  known.forEach((address, order) => {
    const [sector, arena, ...rest] = address.split(':').map((s) => s.trim());
    const key = sector.toLowerCase();
    let node = tree.get(key);
    if (!node) tree.set(key, (node = { name: sector, arenas: new Map(), count: 0, order }));
    node.count++;
    if (!arena) return;
    const objects = node.arenas.get(arena) ?? [];
    if (rest.length) objects.push(rest.join(':'));
    node.arenas.set(arena, objects);
  });
  const activityWords = words(activity);
  const hintWords = placeWordsFor(activity);
  const fit = new Map<string, number>();
  for (const address of known) {
    const key = sectorOf(address);
    fit.set(key, Math.max(fit.get(key) ?? 0, suitability(activityWords, hintWords, address)));
  }
  const focusKeys = focus.map(sectorOf);
  const rank = (key: string) => {
    const f = focusKeys.indexOf(key);
    return f >= 0 ? f : focusKeys.length + ((fit.get(key) ?? 0) > 0 ? 0 : 1);
  };
  const sectors = [...tree.entries()].sort(([a, na], [b, nb]) => rank(a) - rank(b) || (fit.get(b) ?? 0) - (fit.get(a) ?? 0) || na.order - nb.order);
  const lines: string[] = [];
  let shown = 0;
  for (const [, node] of sectors) {
    if (lines.length > 0 && shown + node.count > maxPlaces) continue;
    shown += node.count;
    const arenas = [...node.arenas.entries()].map(([arena, objects]) => (objects.length ? `${arena} (${objects.join(', ')})` : arena));
    lines.push(arenas.length ? `${node.name}: ${arenas.join('; ')}` : node.name);
  }
  return lines.join('\n');
}
