/**
 * Scenarios: an experiment as a file (maps/scenarios/<name>.scenario.json; the format is
 * documented in maps/scenarios/README.md). A scenario names the town (map, personas, seed, start,
 * duration), what seeds the story (whispers, events, announcements at game times), the facts to
 * track (each with the interview question that tests it, what counts as knowing it, and the words
 * that find it in memories) and the place and window of any gathering. Checked with zod; an error
 * names the file and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { parseGameTime } from '../engine/clock';
import { ABLATIONS } from '../mind/generative/ablation';
import { PROJECT_ROOT } from '../cli/version';

export const SCENARIO_DIR = join(PROJECT_ROOT, 'maps', 'scenarios');

const gameTime = z.string().refine(
  (s) => {
    try {
      parseGameTime(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'a game time YYYY-MM-DDTHH:MM that exists' },
);

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes');

const SeedSchema = z.union([
  z.strictObject({ at: gameTime.optional(), whisper: z.strictObject({ agent: z.string().min(1), text: z.string().min(1).max(300) }) }),
  z.strictObject({ at: gameTime.optional(), announce: z.string().min(1).max(300), minutes: z.number().int().min(1).max(1440).optional() }),
  z.strictObject({
    at: gameTime.optional(),
    event: z.strictObject({ place: z.string().min(1), text: z.string().min(1).max(300), radius: z.number().int().min(0).max(30).optional() }),
    minutes: z.number().int().min(1).max(1440).optional(),
  }),
]);

const FactSchema = z.strictObject({
  id,
  /** What the fact is, for the report. */
  label: z.string().min(1),
  /** The fixed interview question asked of every agent (read-only). */
  question: z.string().min(1).max(300),
  /** What counts as knowing it; the model judges each answer against this. */
  knowsIf: z.string().min(1).max(300),
  /**
   * Word groups that find the fact in memories (provenance) and in answers when no judge can be
   * had: every group must match, a group matches when any of its words occurs (case-insensitive,
   * word start).
   */
  mentions: z.array(z.array(z.string().min(2)).min(1)).min(1),
  /** Who knows it at the start (the paper's seed agent). */
  source: z.string().min(1),
});

const ScenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: id,
  title: z.string().min(1),
  description: z.string().optional(),
  /** Tiled map, relative to the scenario file. */
  map: z.string().min(1),
  /** Persona file, relative to the scenario file (default: next to the map). */
  personas: z.string().min(1).optional(),
  seed: z.number().int().min(0).default(1),
  start: gameTime,
  /** Game hours to run. */
  hours: z.number().positive().max(24 * 14),
  /** Only the first N personas (quick trials). */
  agents: z.number().int().min(1).optional(),
  /** The condition when the command line names none. */
  ablation: z.enum(ABLATIONS).default('none'),
  /** Fact interviews every this many game hours (and at the end). */
  measureEveryHours: z.number().positive().max(48).default(6),
  /** Ask every agent about every other one ("Do you know X?") at the start and the end. */
  relationshipInterviews: z.boolean().default(true),
  seeds: z.array(SeedSchema).default([]),
  facts: z.array(FactSchema).min(1),
  gathering: z
    .strictObject({
      /** The fact whose knowers count as invited. */
      fact: id,
      /** A sector (or sector:arena) of the map. */
      place: z.string().min(1),
      from: gameTime,
      to: gameTime,
    })
    .optional(),
});

export type ScenarioSeed = z.infer<typeof SeedSchema>;
export type ScenarioFact = z.infer<typeof FactSchema>;
export type Scenario = z.infer<typeof ScenarioSchema> & {
  /** The file it came from and the map and persona files, resolved. */
  file: string;
  mapPath: string;
  personasPath?: string;
};

export class ScenarioError extends Error {}

/** The file a scenario name or path means: a path as given, else maps/scenarios/<name>.scenario.json. */
export function scenarioPath(nameOrPath: string): string {
  if (nameOrPath.endsWith('.json') || nameOrPath.includes('/')) return resolve(nameOrPath);
  return join(SCENARIO_DIR, `${nameOrPath}.scenario.json`);
}

export function loadScenario(nameOrPath: string): Scenario {
  const file = scenarioPath(nameOrPath);
  if (!existsSync(file)) throw new ScenarioError(`scenario "${nameOrPath}" not found: ${file} (shipped: party, election)`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ScenarioError(`${file}: not valid JSON (${(err as Error).message})`);
  }
  return parseScenario(json, file);
}

/** Checks a scenario's JSON; `file` names it in errors and anchors its relative paths. */
export function parseScenario(json: unknown, file: string): Scenario {
  const parsed = ScenarioSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(top)'}: ${i.message}`);
    throw new ScenarioError(`${file}: not a valid scenario:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  const s = parsed.data;
  const problems: string[] = [];
  const factIds = new Set(s.facts.map((f) => f.id));
  if (factIds.size !== s.facts.length) problems.push('facts: two facts share an id');
  if (s.gathering && !factIds.has(s.gathering.fact)) problems.push(`gathering.fact: no fact "${s.gathering.fact}" (facts: ${[...factIds].join(', ')})`);
  if (s.gathering && parseGameTime(s.gathering.to) <= parseGameTime(s.gathering.from)) problems.push('gathering: "to" must come after "from"');
  const startMs = parseGameTime(s.start);
  for (const [i, seed] of s.seeds.entries()) if (seed.at && parseGameTime(seed.at) < startMs) problems.push(`seeds.${i}.at: before the start (${s.start})`);
  if (problems.length) throw new ScenarioError(`${file}: not a valid scenario:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  const base = dirname(file);
  const at = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  return { ...s, file, mapPath: at(s.map), ...(s.personas ? { personasPath: at(s.personas) } : {}) };
}

/**
 * Whether a text mentions a fact: within one clause (split at . ; ! ? and line ends), every word
 * group has a word that starts a word of the text. One clause, so a day plan listing "breakfast
 * with Emmanuel; preparing the election rolls" does not count as knowing Emmanuel runs for mayor.
 * `subject` is read as said in each clause (a first-person memory or answer of that person).
 */
export function mentionsFact(text: string, mentions: readonly (readonly string[])[], subject = ''): boolean {
  return text.split(/[.;!?\n]+/).some((clause) => {
    const lower = `${subject} ${clause}`.toLowerCase();
    return mentions.every((group) => group.some((word) => new RegExp(`(^|[^a-z])${escapeRegExp(word.toLowerCase())}`).test(lower)));
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
