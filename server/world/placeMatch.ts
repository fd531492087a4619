/**
 * Fuzzy matching of a place name written by a language model ("the cafe kitchen stove",
 * "Hobs Cafe:kitchn", "coffeemachine") to the closest of the places an agent knows. Pure and
 * deterministic: ties go to the earlier entry of the known list.
 *
 * Score in [0, 1]: the best of
 *  - a soft overlap of word tokens (typos and prefixes count partly), weighted towards
 *    covering the candidate's words,
 *  - a character similarity of the texts without spaces ("coffeemachine" = "coffee machine"),
 *  - both again against the known place's last part ("stove" for "Cafe:kitchen:stove"),
 *    slightly discounted so that a full match wins.
 */

export interface PlaceMatch {
  /** The known place, spelled as in the list. */
  place: string;
  /** Its index in the list. */
  index: number;
  /** 1 = same words after normalisation; lower is further. */
  score: number;
}

export interface PlaceMatchOptions {
  /** Matches scoring below this are dropped (default 0.5). */
  minScore?: number;
}

const STOPWORDS = new Set(['the', 'a', 'an', 'of', 'in', 'at', 'on', 'to', 'by', 'my', 'his', 'her', 'their', 'our', 's']);

interface Prepared {
  tokens: string[];
  compact: string;
  lastTokens: string[];
  lastCompact: string;
  segments: number;
}

/** Lower-case, strip accents and possessive apostrophes, split on anything not a letter or digit. */
function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '' && !STOPWORDS.has(t));
}

function prepare(text: string): Prepared {
  const parts = text.split(':');
  const tokens = tokenize(text);
  const lastTokens = tokenize(parts[parts.length - 1]);
  return { tokens, compact: tokens.join(''), lastTokens, lastCompact: lastTokens.join(''), segments: parts.length };
}

/** Optimal-string-alignment edit distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
    }
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/** How alike two words are: 1 equal, ~0.85 prefix ("bed"/"bedroom"), typo-scaled, else 0. */
function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const short = Math.min(a.length, b.length);
  const long = Math.max(a.length, b.length);
  if (short >= 3 && (a.startsWith(b) || b.startsWith(a))) return 0.85 * (0.5 + (0.5 * short) / long);
  // Allow 1 edit up to 4 letters, 2 up to 8, then 3.
  const allowed = long <= 4 ? 1 : long <= 8 ? 2 : 3;
  if (short < 3 && long > 2) return 0;
  const d = editDistance(a, b);
  return d <= allowed ? 1 - d / long : 0;
}

/**
 * Soft token overlap, weighted towards covering the candidate's words: a partial name
 * ("college" for "Oak Hill College") should still match, and among places covering the
 * candidate equally the one with fewer extra words wins.
 */
function tokenOverlap(candidate: readonly string[], known: readonly string[]): number {
  if (candidate.length === 0 || known.length === 0) return 0;
  const best = (t: string, other: readonly string[]) => other.reduce((m, o) => Math.max(m, tokenSimilarity(t, o)), 0);
  let covered = 0;
  for (const t of candidate) covered += best(t, known);
  let explained = 0;
  for (const t of known) explained += best(t, candidate);
  return (2 * (covered / candidate.length) + explained / known.length) / 3;
}

function compactSimilarity(a: string, b: string): number {
  if (a === '' || b === '') return 0;
  if (a === b) return 1;
  const long = Math.max(a.length, b.length);
  return Math.max(0, 1 - editDistance(a, b) / long);
}

function score(candidate: Prepared, known: Prepared): number {
  const whole = Math.max(tokenOverlap(candidate.tokens, known.tokens), compactSimilarity(candidate.compact, known.compact));
  if (candidate.segments >= known.segments) return whole;
  // A shorter answer may name just the last part ("stove" for "Cafe:kitchen:stove").
  const last = Math.max(tokenOverlap(candidate.tokens, known.lastTokens), compactSimilarity(candidate.compact, known.lastCompact));
  return Math.max(whole, 0.95 * last);
}

/**
 * All known places scoring at least `minScore`, best first (ties keep list order).
 * @param candidate what the model wrote
 * @param known the places to choose from (any address form: "Cafe:kitchen:stove", "stove")
 */
export function rankKnownPlaces(candidate: string, known: readonly string[], options: PlaceMatchOptions = {}): PlaceMatch[] {
  const minScore = options.minScore ?? 0.5;
  const c = prepare(candidate);
  if (c.tokens.length === 0) return [];
  const matches: PlaceMatch[] = [];
  known.forEach((place, index) => {
    const s = score(c, prepare(place));
    if (s >= minScore) matches.push({ place, index, score: s });
  });
  return matches.sort((a, b) => b.score - a.score || a.index - b.index);
}

/**
 * The known place closest to a possibly misspelled or partial name, or undefined when nothing
 * scores at least `minScore` (default 0.5). Exact matches (ignoring case and punctuation) win.
 */
export function nearestKnownPlace(candidate: string, known: readonly string[], options: PlaceMatchOptions = {}): PlaceMatch | undefined {
  const exact = candidate.trim().toLowerCase();
  const hit = known.findIndex((k) => k.toLowerCase() === exact);
  if (hit >= 0) return { place: known[hit], index: hit, score: 1 };
  return rankKnownPlaces(candidate, known, options)[0];
}
