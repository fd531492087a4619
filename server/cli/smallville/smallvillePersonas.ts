/**
 * The reference's 25 personas as a Hamlet persona file: identity from scratch.json, starting
 * places from spatial_memory.json, seeded memories from agent_history_init_n25.csv, start tiles
 * from the storage's environment/0.json and a weekday routine derived from the lifestyle and the
 * daily plan requirement (the reference has no routine: its minds plan every day with a model).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asAgentId, type AgentId } from '../../engine/ids';
import type { Persona, RoutineItem } from '../../mind/persona';
import { resolvePlace } from '../../world/spatial';
import type { TownMap } from '../../world/types';
import { nearestWalkable, type ConvertedMap } from './smallvilleMap';
import { parseCsv, REFERENCE_PATHS, ReferenceError, type ReferenceClone } from './reference';
import { whispersAsMemories } from './whispers';

type Json = Record<string, unknown>;

/** What scratch.json says about a person (the fields the importer uses). */
export interface ReferencePersona {
  folder: string;
  name: string;
  firstName: string;
  age: number;
  innate: string;
  learned: string;
  currently: string;
  lifestyle: string;
  livingArea: string;
  dailyPlanReq: string;
  spatial: Json;
}

export function readReferencePersonas(ref: ReferenceClone): ReferencePersona[] {
  const names = ref.personaNames();
  if (names.length === 0) throw new ReferenceError(`${ref.path(REFERENCE_PATHS.personas)}: no persona folders`);
  return names.map((folder) => {
    const base = join(REFERENCE_PATHS.personas, folder, 'bootstrap_memory');
    const scratchPath = join(base, 'scratch.json');
    if (!ref.has(scratchPath)) throw new ReferenceError(`${ref.path(scratchPath)} is missing`);
    const s = ref.json(scratchPath) as Json;
    const str = (key: string) => (typeof s[key] === 'string' ? (s[key] as string).trim() : '');
    const name = str('name') || folder;
    const spatialPath = join(base, 'spatial_memory.json');
    return {
      folder,
      name,
      firstName: str('first_name') || name.split(' ')[0],
      age: Number.isInteger(s.age) ? (s.age as number) : 30,
      innate: str('innate'),
      learned: str('learned'),
      currently: str('currently'),
      lifestyle: str('lifestyle'),
      livingArea: str('living_area'),
      dailyPlanReq: str('daily_plan_req'),
      spatial: ref.has(spatialPath) ? (ref.json(spatialPath) as Json) : {},
    };
  });
}

export function personaId(name: string): AgentId {
  return asAgentId(
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, ''),
  );
}

/** "6am", "11:30 pm", "noon" → minutes after midnight. */
export function parseClock(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t === 'noon') return 12 * 60;
  if (t === 'midnight') return 0;
  const m = /^(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?$/.exec(t);
  if (!m) return null;
  const h = Number(m[1]) % 12;
  const minutes = Number(m[2] ?? 0);
  if (h > 12 || minutes > 59) return null;
  return (m[3] === 'p' ? h + 12 : h) * 60 + minutes;
}

// "noon" and "midnight" as whole words: the reference's prose has "In the afternoon, he likes to …".
// No word boundary after "am"/"pm": one lifestyle reads "awakes up around 7amam".
const TIME = String.raw`(\d{1,2}(?::\d{2})?\s*[ap]\.?\s*m\.?|\bnoon\b|\bmidnight\b)`;

function findTime(text: string, lead: string): number | null {
  const m = new RegExp(`\\b(?:${lead})\\b[^.;]*?${TIME}`, 'i').exec(text);
  return m ? parseClock(m[1]) : null;
}

function allTimes(text: string): number[] {
  return [...text.matchAll(new RegExp(TIME, 'gi'))].map((m) => parseClock(m[1])).filter((t): t is number => t !== null);
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Whole-word, case-insensitive mention of `needle` in `text`: the index or -1. */
function mentionAt(text: string, needle: string): number {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').exec(text);
  return m ? m.index + m[1].length : -1;
}

/**
 * Where `name` is mentioned in `text`, allowing the slips the reference's prose makes with place
 * names: a leading "the" left out or added, a plural or possessive "s" dropped ("the Willow Market
 * and Pharmacy" for "The Willows Market and Pharmacy"), any case. The index or -1.
 */
function looseMentionAt(text: string, name: string): number {
  const words = name.trim().split(/\s+/);
  if (words.length > 1 && words[0].toLowerCase() === 'the') words.shift();
  const parts = words.map((w) => {
    const base = w.length > 3 ? w.replace(/(?:['’]s|s['’]?)$/i, '') : w;
    return `${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${base !== w || w.length > 3 ? "(?:['’]?s['’]?)?" : ''}`;
  });
  const m = new RegExp(`(^|[^\\p{L}\\p{N}])((?:the\\s+)?${parts.join('\\s+')})(?![\\p{L}\\p{N}])`, 'iu').exec(text);
  return m ? m.index + m[1].length : -1;
}

/** The sector other than home that a person's plan or background names first (see looseMentionAt). */
export function findWorkplace(planText: string, sectorNames: readonly string[], home: string, ...besides: string[]): string | undefined {
  return sectorNames
    .filter((s) => s !== home && !besides.includes(s))
    .map((s) => ({ s, at: looseMentionAt(planText, s) }))
    .filter((m) => m.at >= 0)
    .sort((a, b) => a.at - b.at || b.s.length - a.s.length)[0]?.s;
}

/**
 * The reference's whispers carry planning hints ("For planning, you frequent Hobbs Cafe…", "In
 * terms of your daily plans, you sometimes spend time at The Rose and Crown Pub when it's late"),
 * and 13 of its 25 people have an empty daily plan requirement: these hints are all their prose
 * says about where they go.
 */
const PLAN_HINT = /\b(?:frequents?|daily plans?|for planning|in terms of (?:your|my) plans?|spends? time at|likes? to go to)\b/i;
const EVENING = /\b(?:night|late|evening|dinner|drinks?)\b/i;

/**
 * A place someone goes besides home and work: a sector their daily plan names besides the
 * workplace ("…closes it at 6pm, at which point she likes to go to The Rose and Crown Pub"), else
 * the first one a planning hint among their memories names. `evening` when the text says so.
 */
export function findHaunt(memories: readonly string[], dailyPlan: string, sectorNames: readonly string[], home: string, workplace?: string): { sector: string; evening: boolean } | undefined {
  const besides = workplace ? [workplace] : [];
  const planned = findWorkplace(dailyPlan, sectorNames, home, ...besides);
  if (planned) return { sector: planned, evening: EVENING.test(dailyPlan) };
  for (const m of memories) {
    if (!PLAN_HINT.test(m)) continue;
    const sector = findWorkplace(m, sectorNames, home, ...besides);
    if (sector) return { sector, evening: EVENING.test(m) };
  }
  return undefined;
}

/** Edit distance, enough for names. */
function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length];
}

/**
 * Where `name` ("Hailey Johnson") is mentioned misspelt by a letter in its first or last name or
 * both ("Haily Johnson", "Abigail Chan": the reference's whispers have both), or -1. A pair that is
 * itself someone's name does not count.
 */
export function misspeltNameAt(text: string, name: string, names: ReadonlySet<string>): number {
  const [first, ...rest] = name.toLowerCase().split(' ');
  const last = rest.join(' ');
  if (!last) return -1;
  for (const m of text.matchAll(/\b(\p{Lu}[\p{L}'’-]+)\s+(\p{Lu}[\p{L}'’-]+)\b/gu)) {
    const [a, b] = [m[1].toLowerCase(), m[2].toLowerCase()];
    if (names.has(`${a} ${b}`) || Math.min(a.length, first.length) < 3) continue;
    if (editDistance(a, first) <= 1 && editDistance(b, last) <= 1) return m.index;
  }
  return -1;
}

/** The sentence of `text` around position `at`. */
function sentenceAt(text: string, at: number): string {
  const start = Math.max(text.lastIndexOf('.', at - 1), text.lastIndexOf(';', at - 1)) + 1;
  const ends = [text.indexOf('.', at), text.indexOf(';', at)].filter((i) => i >= 0);
  const end = ends.length ? Math.min(...ends) : text.length;
  const sentence = text.slice(start, end).trim();
  return sentence.length > 160 ? `${sentence.slice(0, 157)}...` : sentence;
}

export interface PersonaImport {
  personas: Persona[];
  /** Tiled point objects pinning each person's start tile. */
  spawns: Json[];
  /** Reference persona folder per output persona, in order (for the sprites). */
  folders: string[];
}

export function convertPersonas(
  ref: ReferenceClone,
  people: ReferencePersona[],
  converted: ConvertedMap,
  map: TownMap,
  notes: Set<string>,
): PersonaImport {
  const world = converted.world;
  const stripWorld = (place: string) => {
    const parts = place.split(':').map((p) => p.trim());
    return (parts[0].toLowerCase() === world.toLowerCase() ? parts.slice(1) : parts).join(':');
  };
  const exists = (place: string) => place !== '' && resolvePlace(map, place).ok;
  const sectorNames = [...converted.places.keys()].sort((a, b) => b.length - a.length);

  // Seeded memories: "Name,Whisper" rows (a header row first), whispers separated by ';' and
  // written to the person ("You and …"): rewritten as their own first-person memories.
  const whispers = new Map<string, string[]>();
  if (ref.has(REFERENCE_PATHS.agentHistory)) {
    for (const row of parseCsv(ref.text(REFERENCE_PATHS.agentHistory)).slice(1)) {
      const [name, text] = row;
      if (!name || !text) continue;
      whispers.set(name.trim(), [...(whispers.get(name.trim()) ?? []), ...whispersAsMemories(text)]);
    }
    notes.add("the seeded whispers (\"You are …\") became first-person memories (\"I am …\") by rule; the reference rewrites them with a model");
  } else notes.add(`${REFERENCE_PATHS.agentHistory} not found: no seeded memories`);

  // Start tiles.
  let startTiles: Json = {};
  if (ref.has(REFERENCE_PATHS.startTiles)) startTiles = ref.json(REFERENCE_PATHS.startTiles) as Json;
  else notes.add(`${REFERENCE_PATHS.startTiles} not found: people start at their beds`);

  const fullNames = new Set(people.map((q) => q.name.toLowerCase()));
  const firstNameCount = new Map<string, number>();
  for (const p of people) firstNameCount.set(p.firstName.toLowerCase(), (firstNameCount.get(p.firstName.toLowerCase()) ?? 0) + 1);

  const spawns: Json[] = [];
  let spawnId = 900000;
  let derivedRoutines = 0;
  let haunts = 0;
  let movedSpawns = 0;
  let unknownPlaces = 0;
  const personas = people.map((p, index): Persona => {
    const id = personaId(p.name);
    const memories = whispers.get(p.name) ?? [];

    // Home and bed.
    let home = stripWorld(p.livingArea);
    if (!exists(home)) {
      const sector = home.split(':')[0];
      notes.add(`${p.name}: living area "${p.livingArea}" is not on the map${exists(sector) ? `; home is "${sector}"` : ''}`);
      home = exists(sector) ? sector : '';
    }
    const resolvedHome = home ? resolvePlace(map, home) : null;
    const homeSector = resolvedHome?.ok ? resolvedHome.place.sector : map.sectors.find((s) => s.kind === 'home') ?? map.sectors[0];
    if (!home) home = homeSector.name;
    const homeArena = resolvedHome?.ok ? resolvedHome.place.arena : undefined;
    const candidates = [...(homeArena ? [homeArena] : []), ...homeSector.arenas.filter((a) => a !== homeArena)];
    const beds = candidates.flatMap((a) => a.objects).filter((o) => /\bbed\b/i.test(o.name));
    const bedNode = beds[0] ?? candidates.flatMap((a) => a.objects)[0];
    if (!bedNode) throw new ReferenceError(`${p.name}: home "${home}" has no objects on the map to sleep at`);
    if (!beds[0]) notes.add(`${p.name}: no bed at home; sleeps at "${bedNode.name}"`);
    const bed = bedNode.address.split(':').slice(1).join(':');
    const homeAt = homeArena ? `${homeSector.name}:${homeArena.name}` : homeSector.name;

    // Routine: sleep, wake at home, a day at the place the daily plan names, evening at home.
    const wake = findTime(p.lifestyle, 'wakes?|awakes?|wakes? up|gets? up|rises?') ?? 7 * 60;
    let bedtime = findTime(p.lifestyle, 'goes? to bed|goes? to sleep|sleeps?|bed') ?? 23 * 60;
    if (bedtime <= wake) {
      notes.add(`${p.name}: goes to bed after midnight (${p.lifestyle}); the routine sleeps from 23:30`);
      bedtime = 23 * 60 + 30;
    }
    const planText = `${p.dailyPlanReq} ${p.learned}`;
    const workplace = findWorkplace(planText, sectorNames, homeSector.name);
    const times = allTimes(p.dailyPlanReq);
    const until = findTime(p.dailyPlanReq, 'until|till|to');
    const start = Math.max(times[0] ?? wake + 120, wake + 30);
    let end = until !== null && until > start ? until : times.find((t) => t > start) ?? 17 * 60;
    end = Math.min(end, bedtime - 30);
    const routine: RoutineItem[] = [
      { at: '00:00', activity: 'sleeping', place: bed, emoji: '😴', sleep: true },
      { at: hhmm(wake), activity: 'waking up and getting ready for the day', place: homeAt, emoji: '🌅' },
    ];
    const works = !!workplace && start < end;
    if (works) routine.push({ at: hhmm(start), activity: `spending the day at ${workplace}`, place: workplace, emoji: '🏙️' });
    // Back home after work (or an hour after waking), with a visit to the person's usual haunt:
    // in the evening when the hint says so, else two hours after work or in the afternoon.
    const free = works ? end : Math.min(wake + 60, bedtime - 30);
    const haunt = findHaunt(memories, p.dailyPlanReq, sectorNames, homeSector.name, works ? workplace : undefined);
    const visitFrom = haunt ? (haunt.evening ? Math.max(free, bedtime - 180) : Math.max(free, works ? free : 14 * 60)) : 0;
    const visitTo = haunt ? Math.min(visitFrom + (haunt.evening ? 150 : 120), bedtime - 30) : 0;
    if (haunt && visitTo - visitFrom >= 60) {
      if (visitFrom > free) routine.push({ at: hhmm(free), activity: works ? 'relaxing at home' : 'going about the day at home', place: homeAt, emoji: '🏠' });
      routine.push({ at: hhmm(visitFrom), activity: `spending time at ${haunt.sector}`, place: haunt.sector, emoji: haunt.evening ? '🌙' : '☕' });
      routine.push({ at: hhmm(visitTo), activity: 'relaxing at home', place: homeAt, emoji: '🏠' });
      haunts++;
    } else routine.push({ at: hhmm(free), activity: works ? 'relaxing at home' : 'going about the day at home', place: homeAt, emoji: '🏠' });
    routine.push({ at: hhmm(bedtime), activity: 'sleeping', place: bed, emoji: '😴', sleep: true });
    derivedRoutines++;

    // Relationships: other personas named in this person's prose.
    const prose = [p.learned, p.currently, p.dailyPlanReq, ...memories].join('. ');
    const relationships = people
      .filter((q) => q !== p)
      .flatMap((q) => {
        let at = mentionAt(prose, q.name);
        if (at < 0 && firstNameCount.get(q.firstName.toLowerCase()) === 1 && q.firstName.toLowerCase() !== p.firstName.toLowerCase()) {
          at = mentionAt(prose, q.firstName);
        }
        if (at < 0) at = misspeltNameAt(prose, q.name, fullNames);
        return at < 0 ? [] : [{ id: personaId(q.name), relation: sentenceAt(prose, at) }];
      });

    // Places known at the start (the reference's spatial memory tree), those on the map.
    const knownPlaces: string[] = [];
    const addKnown = (parts: string[]) => {
      const place = parts.map((x) => x.replace(/:/g, ' -').trim()).join(':');
      if (exists(place)) knownPlaces.push(place);
      else unknownPlaces++;
    };
    for (const sectors of Object.values(p.spatial)) {
      if (!sectors || typeof sectors !== 'object') continue;
      for (const [sector, arenas] of Object.entries(sectors as Json)) {
        const arenaEntries = arenas && typeof arenas === 'object' ? Object.entries(arenas as Json) : [];
        if (arenaEntries.length === 0) addKnown([sector]);
        for (const [arena, objects] of arenaEntries) {
          const list = Array.isArray(objects) ? objects.filter((o): o is string => typeof o === 'string') : [];
          if (list.length === 0) addKnown([sector, arena]);
          for (const o of list) addKnown([sector, arena, o]);
        }
      }
    }

    // Start tile.
    const start0 = startTiles[p.name] as Json | undefined;
    if (start0 && Number.isInteger(start0.x) && Number.isInteger(start0.y)) {
      const x = start0.x as number;
      const y = start0.y as number;
      if (x >= 0 && y >= 0 && x < converted.width && y < converted.height) {
        const t = nearestWalkable(converted, y * converted.width + x);
        if (t >= 0) {
          if (t !== y * converted.width + x) movedSpawns++;
          const tx = t % converted.width;
          const ty = (t - tx) / converted.width;
          spawns.push({
            id: spawnId++,
            name: p.name,
            point: true,
            x: (tx + 0.5) * map.tileWidth,
            y: (ty + 0.5) * map.tileHeight,
            width: 0,
            height: 0,
            rotation: 0,
            visible: true,
            type: '',
            properties: [{ name: 'persona', type: 'string', value: id }],
          });
        }
      }
    }

    const occupation = /\bis (?:a|an|the) ([^.,;]+?)(?:\s+(?:who|that|and|with)\b|[.,;]|$)/i.exec(p.learned)?.[1]?.trim() ?? '';
    return {
      id,
      name: p.name,
      age: p.age,
      traits: p.innate,
      occupation,
      background: p.learned,
      currently: p.currently,
      // Hamlet has no field for the reference's daily plan requirement; the planning prompts read
      // the lifestyle, so it travels there.
      lifestyle: [p.lifestyle, p.dailyPlanReq].filter((x) => x !== '').join(' '),
      home,
      bed,
      sprite: index,
      relationships,
      routine,
      knownPlaces,
      memories,
    };
  });
  notes.add(`routines derived from each person's lifestyle and daily plan requirement (${derivedRoutines}): sleep, wake at home, the day at the place the plan names, evening at home; the daily plan requirement is appended to the lifestyle`);
  if (haunts) notes.add(`${haunts} people also visit the place their daily plan or planning whispers ("you frequent …") name besides work, for two hours after work, in the afternoon or in the evening`);
  notes.add('relationships are the sentences of each person\'s prose that name another persona');
  if (movedSpawns) notes.add(`${movedSpawns} start tiles were blocked or cut off and moved to the nearest walkable tile`);
  if (unknownPlaces) notes.add(`${unknownPlaces} places of the personas' spatial memories are not on the map and were left out`);
  return { personas, spawns, folders: people.map((p) => p.folder) };
}

/** For tests and callers that want to read back what was written. */
export function readJsonFile(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
