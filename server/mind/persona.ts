/**
 * Personas: who the townsfolk are. Loaded from a JSON file under maps/ and validated here.
 * Places are written relative to the world: "Sector", "Sector:arena" or "Sector:arena:object".
 */
import { z } from 'zod';
import { weekday } from '../engine/clock';
import { asAgentId } from '../engine/ids';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

export const RoutineItemSchema = z.object({
  /** Time of day the item starts, "HH:MM". Items run until the next item starts. */
  at: z.string().regex(CLOCK, 'use HH:MM (24-hour)'),
  /** Present-progressive activity: "brewing coffee". */
  activity: z.string().min(1),
  /** "Sector:arena:object" (or a shorter prefix) where it happens. */
  place: z.string().min(1),
  emoji: z.string().min(1),
  /** State the object takes while in use ("brewing coffee"); default: the activity. */
  objectState: z.string().optional(),
  /** Marks sleep items; agents asleep are not perceived as available. */
  sleep: z.boolean().optional(),
});

export const RelationshipSchema = z.object({
  id: z.string().transform(asAgentId),
  /** How they know each other: "daughter", "regular at the cafe", "classmate". */
  relation: z.string(),
});

export const PersonaSchema = z.object({
  /** The agent's id (branded as AgentId once parsed: see server/engine/ids.ts). */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes').transform(asAgentId),
  name: z.string().min(1),
  age: z.number().int().min(0).max(120),
  /** Innate traits: "friendly, outgoing, hospitable". */
  traits: z.string(),
  occupation: z.string(),
  /** Learned traits and background, a short paragraph. */
  background: z.string(),
  /** What the person is up to these days (revised each game day by a generative mind). */
  currently: z.string(),
  /** Daily habits: "goes to bed around 11pm, wakes up at 6:30am". */
  lifestyle: z.string(),
  /** Home place: a sector or "Sector:arena" (apartment, dorm room). */
  home: z.string(),
  /** Bed object address "Sector:arena:object". */
  bed: z.string(),
  /** Index into the character sprite sheet. */
  sprite: z.number().int().min(0),
  relationships: z.array(RelationshipSchema).default([]),
  /** Weekday routine, sorted by time; the last item usually is sleep. */
  routine: z.array(RoutineItemSchema).min(1),
  /** Optional Saturday/Sunday routine; the weekday routine is used when absent. */
  weekendRoutine: z.array(RoutineItemSchema).optional(),
  /** Starting memories, one sentence each. */
  memories: z.array(z.string()).default([]),
  /**
   * Places the person knows at the start besides home, bed, routine places and the homes of the
   * people they know ("Sector", "Sector:arena" or "Sector:arena:object"; each must exist on the
   * map). The paper's personas start knowing several sectors and dozens of objects.
   */
  knownPlaces: z.array(z.string().min(1)).optional(),
});

export const PersonaFileSchema = z.object({
  /** Informational: the map these personas were written for. */
  map: z.string().optional(),
  personas: z.array(PersonaSchema).min(1),
});

export type RoutineItem = z.infer<typeof RoutineItemSchema>;
export type Persona = z.infer<typeof PersonaSchema>;
export type PersonaFile = z.infer<typeof PersonaFileSchema>;

/** The routine of the day containing `timeMs`: the weekend routine on Saturdays and Sundays when there is one. */
export function routineOn(persona: Persona, timeMs: number): RoutineItem[] {
  const dow = weekday(timeMs);
  return (dow === 0 || dow === 6) && persona.weekendRoutine ? persona.weekendRoutine : persona.routine;
}

export interface ParsePersonaOptions {
  /**
   * Relationships may name people outside the list. True for the list stored in a simulation
   * file: a run made with --agents N keeps only the first N people, and their relationships to
   * the others stay (the minds still talk about them by name); the persona file it came from was
   * checked in full when the run was made.
   */
  relationsOutside?: boolean;
}

/** Parses persona JSON; errors name the persona and field at fault. */
export function parsePersonas(data: unknown, source = 'personas', options: ParsePersonaOptions = {}): Persona[] {
  const result = PersonaFileSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.map(String);
    let where = path.join('.');
    if (path[0] === 'personas' && path.length > 1) {
      const persona = (data as PersonaFile).personas?.[Number(path[1])];
      const who = persona && typeof persona === 'object' && 'id' in persona ? `persona "${persona.id}"` : `persona #${path[1]}`;
      where = [who, ...path.slice(2)].join(' → ');
    }
    throw new Error(`${source}: ${where}: ${issue.message}`);
  }
  const personas = result.data.personas;
  const ids = new Set<string>();
  // Names are how people address each other, how the page labels them and how a model refers to
  // them: two people with one name would be indistinguishable, so both are named in the error.
  const byName = new Map<string, Persona>();
  for (const [i, p] of personas.entries()) {
    if (ids.has(p.id)) {
      const first = personas.findIndex((q) => q.id === p.id);
      throw new Error(`${source}: persona id "${p.id}" appears twice (personas #${first + 1} and #${i + 1}); give each persona its own id`);
    }
    ids.add(p.id);
    const name = p.name.trim().replace(/\s+/g, ' ').toLowerCase();
    const same = byName.get(name);
    if (same) throw new Error(`${source}: personas "${same.id}" and "${p.id}" are both named "${p.name.trim()}"; give each person their own name`);
    byName.set(name, p);
  }
  for (const p of personas) {
    for (const r of p.relationships) {
      if (!ids.has(r.id) && !options.relationsOutside) throw new Error(`${source}: persona "${p.id}" → relationships: unknown persona "${r.id}"`);
    }
    for (const list of [p.routine, p.weekendRoutine ?? []]) {
      for (let i = 1; i < list.length; i++) {
        if (list[i].at < list[i - 1].at) throw new Error(`${source}: persona "${p.id}" → routine: "${list[i].at}" comes after "${list[i - 1].at}"; keep items in time order`);
      }
    }
  }
  return personas;
}
