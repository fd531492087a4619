/**
 * Reading a clone of the Generative Agents reference repository (joonspk-research/generative_agents):
 * where its files are and how they are written. Nothing of the repository is bundled with Hamlet;
 * every error names the file that is missing or malformed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ASSETS = join('environment', 'frontend_server', 'static_dirs', 'assets');
const VILLE = join(ASSETS, 'the_ville');
const STORAGE = join('environment', 'frontend_server', 'storage', 'base_the_ville_n25');

/** Paths inside the clone, relative to its root. */
export const REFERENCE_PATHS = {
  tiledMap: join(VILLE, 'visuals', 'the_ville_jan7.json'),
  visuals: join(VILLE, 'visuals'),
  meta: join(VILLE, 'matrix', 'maze_meta_info.json'),
  maze: (name: string) => join(VILLE, 'matrix', 'maze', `${name}.csv`),
  blocks: (name: string) => join(VILLE, 'matrix', 'special_blocks', `${name}.csv`),
  agentHistory: join(VILLE, 'agent_history_init_n25.csv'),
  personas: join(STORAGE, 'personas'),
  startTiles: join(STORAGE, 'environment', '0.json'),
  simulation: join(STORAGE, 'reverie', 'meta.json'),
  characters: join(ASSETS, 'characters'),
} as const;

export class ReferenceError extends Error {}

export class ReferenceClone {
  constructor(readonly root: string) {}

  path(relative: string): string {
    return join(this.root, relative);
  }

  has(relative: string): boolean {
    return existsSync(this.path(relative));
  }

  /** Checks first that this looks like a clone at all, so a wrong path gets one clear line. */
  checkLayout(): void {
    if (!existsSync(this.root) || !statSync(this.root).isDirectory()) {
      throw new ReferenceError(`${this.root}: not a directory; pass the path of a clone of https://github.com/joonspk-research/generative_agents`);
    }
    const required = [
      REFERENCE_PATHS.tiledMap,
      REFERENCE_PATHS.meta,
      ...['collision_maze', 'sector_maze', 'arena_maze', 'game_object_maze'].map(REFERENCE_PATHS.maze),
      ...['world_blocks', 'sector_blocks', 'arena_blocks', 'game_object_blocks'].map(REFERENCE_PATHS.blocks),
      REFERENCE_PATHS.personas,
    ];
    for (const rel of required) {
      if (!this.has(rel)) {
        throw new ReferenceError(`${this.root} is not a clone of joonspk-research/generative_agents: ${rel} is missing`);
      }
    }
  }

  text(relative: string): string {
    try {
      return readFileSync(this.path(relative), 'utf8');
    } catch (err) {
      throw new ReferenceError(`${this.path(relative)}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }

  json(relative: string): unknown {
    const text = this.text(relative);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new ReferenceError(`${this.path(relative)}: not valid JSON (${(err as Error).message})`);
    }
  }

  /** A block matrix: one row of width×height values (the reference keeps them flat). */
  maze(name: string, size: number): string[] {
    const rel = REFERENCE_PATHS.maze(name);
    const values = this.text(rel)
      .split(/[\s,]+/)
      .filter((v) => v !== '');
    if (values.length !== size) {
      throw new ReferenceError(`${this.path(rel)}: ${values.length} values, expected ${size} (maze_width × maze_height)`);
    }
    return values;
  }

  /**
   * A special-blocks file: "32135, the Ville, artist's co-living space" per line → colour → the
   * last name on the line (the reference keys by the first field and keeps the last).
   */
  blocks(name: string, required: boolean): Map<string, string> {
    const rel = REFERENCE_PATHS.blocks(name);
    const out = new Map<string, string>();
    if (!required && !this.has(rel)) return out;
    for (const line of this.text(rel).split(/\r?\n/)) {
      const fields = line.split(',').map((f) => f.trim());
      if (fields.length < 2 || fields[0] === '') continue;
      out.set(fields[0], fields[fields.length - 1]);
    }
    return out;
  }

  personaNames(): string[] {
    const dir = this.path(REFERENCE_PATHS.personas);
    return readdirSync(dir)
      .filter((name) => statSync(join(dir, name)).isDirectory())
      .sort();
  }
}

/** RFC 4180-ish CSV (quoted fields with doubled quotes), enough for agent_history_init_n25.csv. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((f) => f.trim() !== ''));
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * The day the reference's simulation starts ("start_date": "February 13, 2023" in the storage's
 * reverie/meta.json) as a Hamlet --start value at `time`, or null when absent or unreadable. Its
 * personas' prose is dated from it (a party "on February 14th, 2023"), Hamlet's default day is not.
 */
export function referenceStartTime(ref: ReferenceClone, time = '06:00'): string | null {
  if (!ref.has(REFERENCE_PATHS.simulation)) return null;
  let meta: unknown;
  try {
    meta = ref.json(REFERENCE_PATHS.simulation);
  } catch {
    return null;
  }
  const date = typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>).start_date : undefined;
  const m = typeof date === 'string' ? /^([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})$/.exec(date.trim()) : null;
  const month = m ? MONTHS.indexOf(m[1].toLowerCase()) + 1 : 0;
  if (!m || month === 0) return null;
  return `${m[3]}-${String(month).padStart(2, '0')}-${m[2].padStart(2, '0')}T${time}`;
}
