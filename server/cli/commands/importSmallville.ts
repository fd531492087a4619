/**
 * `hamlet import smallville <clone> [--out maps/smallville]`: the Generative Agents paper's town
 * (Smallville, "the Ville") and its 25 personas from a local clone of the reference repository,
 * written as a Hamlet map, persona file, tileset images and character sheet. The reference's art
 * is third-party, so the output goes to an ignored folder and never into git.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parsePersonas } from '../../mind/persona';
import { validatePersonaPlaces } from '../../mind/personaPlaces';
import { parseTownMap } from '../../world/loadMap';
import { stringOpt, UsageError, type CommandSpec, type ParsedArgs } from '../args';
import { ReferenceClone, ReferenceError, referenceStartTime } from '../smallville/reference';
import { convertMap } from '../smallville/smallvilleMap';
import { convertPersonas, readReferencePersonas } from '../smallville/smallvillePersonas';
import { packCharacterSheet } from '../smallville/smallvilleSprites';

export interface ImportResult {
  mapPath: string;
  personasPath: string;
  spritesPath: string;
  sectors: number;
  arenas: number;
  objects: number;
  personas: number;
  /** What the conversion had to approximate, one line each. */
  notes: string[];
  /** The reference's first day at 06:00 as a --start value (null when its meta.json is absent). */
  startTime: string | null;
}

/** The conversion itself (the command prints its result). Throws ReferenceError for a bad clone. */
export function importSmallville(clonePath: string, outDir: string): ImportResult {
  const ref = new ReferenceClone(resolve(clonePath));
  ref.checkLayout();
  const notes = new Set<string>();
  const people = readReferencePersonas(ref);
  // Sectors someone lives in are homes (the reference's living_area: "world:sector:arena").
  const homes = new Set(people.map((p) => p.livingArea.split(':')[1]?.trim()).filter((s): s is string => !!s));
  mkdirSync(outDir, { recursive: true });
  const converted = convertMap(ref, outDir, homes, notes);
  const mapPath = join(outDir, 'the_ville.tmj');

  // First the places alone (personas need them resolved), then again with the spawns.
  const bare = parseTownMap(converted.json, mapPath);
  const { personas, spawns } = convertPersonas(ref, people, converted, bare, notes);
  const layers = converted.json.layers as Record<string, unknown>[];
  layers.push({ id: 1004, name: 'spawns', type: 'objectgroup', draworder: 'topdown', opacity: 1, visible: false, x: 0, y: 0, objects: spawns });
  converted.json.nextobjectid = Math.max(Number(converted.json.nextobjectid), ...spawns.map((s) => Number(s.id) + 1));
  let map;
  try {
    map = parseTownMap(converted.json, mapPath);
  } catch (err) {
    throw new Error(`the converted map does not load: ${(err as Error).message}`);
  }
  const personaFile = { map: 'the_ville.tmj', personas };
  const personasPath = join(outDir, 'the_ville.personas.json');
  const checked = parsePersonas(JSON.parse(JSON.stringify(personaFile)), personasPath);
  validatePersonaPlaces(checked, map, personasPath);

  writeFileSync(mapPath, `${JSON.stringify(converted.json)}\n`);
  writeFileSync(personasPath, `${JSON.stringify(personaFile, null, 2)}\n`);
  mkdirSync(join(outDir, 'sprites'), { recursive: true });
  const spritesPath = join(outDir, 'sprites', 'characters.png');
  writeFileSync(spritesPath, packCharacterSheet(ref, people.map((p) => p.name), notes));
  const startTime = referenceStartTime(ref);
  if (startTime) notes.add(`the reference's simulation starts on ${startTime.slice(0, 10)} (its people's prose is dated from it); run with --start ${startTime}, 6 am where the reference starts at midnight`);
  return {
    mapPath,
    personasPath,
    spritesPath,
    sectors: map.sectors.length,
    arenas: map.arenas.length,
    objects: map.objects.size,
    personas: personas.length,
    notes: [...notes],
    startTime,
  };
}

export const importSmallvilleCommand: CommandSpec = {
  name: 'import smallville',
  summary: "convert the Generative Agents paper's Smallville and its 25 people from a clone of the reference repository",
  usage: 'hamlet import smallville <path to a clone of joonspk-research/generative_agents> [--out <dir>]',
  details: [
    'Get the reference first: git clone https://github.com/joonspk-research/generative_agents',
    'Writes <out>/the_ville.tmj, the_ville.personas.json, tiles/ and sprites/characters.png, then',
    'run it with: hamlet start --map <out>/the_ville.tmj --start <the reference\'s first day, printed>.',
    'The reference\'s art is third-party: keep the output out of git (maps/smallville/ is ignored).',
    'Prints what was approximated.',
  ].join('\n'),
  options: {
    out: { type: 'string', value: '<dir>', description: 'output folder', default: join('maps', 'smallville') },
    help: { type: 'boolean', short: 'h', description: 'show this help' },
  },
  examples: ['hamlet import smallville ../generative_agents', 'hamlet start --map maps/smallville/the_ville.tmj --start 2023-02-13T06:00'],
  async run(args: ParsedArgs): Promise<number> {
    const [clone, ...extra] = args.positionals;
    if (!clone) throw new UsageError('import smallville needs the path of a clone of joonspk-research/generative_agents');
    if (extra.length) throw new UsageError(`import smallville takes one path, got also "${extra.join(' ')}"`);
    const out = stringOpt(args, 'out') ?? join('maps', 'smallville');
    let result: ImportResult;
    try {
      result = importSmallville(clone, out);
    } catch (err) {
      if (err instanceof ReferenceError) {
        process.stderr.write(`hamlet: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    // Paths under the working folder are shown relative to it (maps/smallville/...), others in full.
    const rel = (p: string) => {
      const r = relative(process.cwd(), resolve(p));
      return r && !r.startsWith('..') ? r : resolve(p);
    };
    process.stdout.write(
      [
        `Imported ${result.personas} people and ${result.sectors} sectors, ${result.arenas} arenas, ${result.objects} objects:`,
        `  map       ${rel(result.mapPath)}`,
        `  personas  ${rel(result.personasPath)}`,
        `  sprites   ${rel(result.spritesPath)}`,
        'Approximated:',
        ...result.notes.map((n) => `  - ${n}`),
        `Run it: hamlet start --map ${rel(result.mapPath)}${result.startTime ? ` --start ${result.startTime}` : ''}`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};
