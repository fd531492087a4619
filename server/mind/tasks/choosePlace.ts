/**
 * choosePlace (the reference's action_sector / action_arena / action_game_object): where an
 * action happens, one level of the place tree at a time — the area (sector), then the room or
 * part of it (arena), then the thing used (object) — among the places the person knows, given
 * where they are and where they live. Used when placeChoice is "tree", as each task starts.
 */
import { z } from 'zod';
import { defineTask } from '../../llm/task';
import { asRecord, cleanText, pick } from './answerRepairs';
import type { PersonaCard } from './contracts';
import { clip, jsonReply, personaPrompt, shape } from './promptParts';

export interface ChoosePlaceInput {
  persona: PersonaCard;
  time: string;
  /** What the person is about to do, and the schedule entry it belongs to. */
  activity: string;
  blockActivity: string;
  level: 'sector' | 'arena' | 'object';
  /** The options (names at this level), in tree order. */
  options: string[];
  /** The sector (for arenas) or "sector:arena" (for objects) the options lie in. */
  within?: string;
  currentPlace: string;
  home: string;
  /** The fail-safe answer (the place the decomposition had written at this level, when it is an option). */
  fallback: string;
}

export interface ChoosePlaceOutput {
  choice: string;
}

const ChoiceSchema = z.object({ choice: z.string().trim().min(1) });

/** The option the answer names: exact (any case), then a number, then the one option it contains or is contained in. */
export function matchOption(answer: string, options: readonly string[]): string | undefined {
  const a = answer.trim().replace(/^["'“]|["'”.]$/g, '').trim().toLowerCase();
  if (!a) return undefined;
  const exact = options.find((o) => o.toLowerCase() === a);
  if (exact) return exact;
  const n = /^\d+$/.test(a) ? Number(a) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= options.length) return options[n - 1];
  const inside = options.filter((o) => a.includes(o.toLowerCase()) || o.toLowerCase().includes(a));
  return inside.length ? inside.sort((x, y) => y.length - x.length)[0] : undefined;
}

function normalize(value: unknown, input: ChoosePlaceInput): ChoosePlaceOutput {
  const obj = asRecord(value);
  const raw = obj ? pick(obj, ['choice', 'place', 'answer', 'option', 'sector', 'arena', 'object', 'area', 'room', 'thing']) : value;
  const choice = matchOption(typeof raw === 'string' || typeof raw === 'number' ? String(raw) : cleanText(raw), input.options);
  if (!choice) throw new Error(`the answer names none of the options (${input.options.slice(0, 5).join(', ')}${input.options.length > 5 ? ', ...' : ''})`);
  return { choice };
}

const QUESTION = {
  sector: () => 'Which area do you go to for it?',
  arena: (within: string) => `Which part of ${within} do you go to for it?`,
  object: (within: string) => `Which thing in ${within} do you use for it?`,
};

export const choosePlaceTask = defineTask<ChoosePlaceInput, ChoosePlaceOutput>({
  name: 'choosePlace',
  build: (input) =>
    personaPrompt(input.persona, [
      `It is ${input.time}. You are at ${input.currentPlace}; you live at ${input.home}.`,
      `You are about to be ${clip(input.activity, 120)} (part of: ${clip(input.blockActivity.split(' @ ')[0], 100)}).`,
      `${QUESTION[input.level](input.within ?? '')} Options: ${input.options.map((o) => `"${o}"`).join(', ')}.`,
      'Stay where you are when it will do; choose one of the options exactly as written.',
      jsonReply({ choice: input.options[0] ?? 'option' }),
    ]),
  schema: ChoiceSchema,
  jsonSchema: shape.obj({ choice: shape.str }),
  maxTokens: 40,
  temperature: 0,
  normalize,
  failSafe: (input) => ({ choice: input.fallback }),
});
