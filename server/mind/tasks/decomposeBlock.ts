/**
 * decomposeBlock (when a schedule block starts): the block's activity as 5–15 minute steps, each
 * with a known place, an emoji, an event triple and the used object's new state — what the
 * reference asked in about eight calls per action, in one. The block may carry its usual place
 * ("Cafe:floor:counter"), which the prompt shows ("(usually at …)") and the repairs and fail-safe use.
 */
import { z } from 'zod';
import { defineTask } from '../../llm/task';
import type { DecomposeBlockInput, DecomposeBlockOutput } from './contracts';
import { defaultEmoji } from './activityHints';
import { asRecord, listFrom } from './answerRepairs';
import { bestPlaceForActivity, renderKnownPlaces } from './placeChoice';
import { bulletList, clockText, jsonReply, personaPrompt, PROMPT_LIMITS, shape } from './promptParts';
import { repairSubTasks, repairTriple, SubTaskSchema, subTaskShape, type SubTaskContext } from './subTasks';

const DecomposeSchema = z.object({ tasks: z.array(SubTaskSchema).min(1) });

/** Length of the block in minutes (a block may run past midnight), at least 1. */
export function blockMinutes(block: DecomposeBlockInput['block']): number {
  const span = (block.endMinute - block.startMinute + 1440) % 1440;
  return span === 0 ? (block.endMinute === block.startMinute ? 1 : 1440) : span;
}

/** Where the block happens: its usual place when known, else the place best suited to its activity, else where the agent is. */
function blockPlace(input: DecomposeBlockInput): string {
  return bestPlaceForActivity(input.block.activity, input.knownPlaces, preferred(input), input.block.place) ?? input.currentPlace;
}

/** Sectors that win ties: the block's usual place first, then where the agent is. */
function preferred(input: DecomposeBlockInput): string[] {
  const usual = input.block.place;
  return usual ? [usual, input.currentPlace] : [input.currentPlace];
}

function context(input: DecomposeBlockInput): SubTaskContext {
  return {
    name: input.persona.name,
    totalMinutes: blockMinutes(input.block),
    startMinute: input.block.startMinute,
    endMinute: input.block.endMinute,
    knownPlaces: input.knownPlaces,
    currentPlace: input.currentPlace,
    blockPlace: blockPlace(input),
    prefer: preferred(input),
  };
}

function buildPrompt(input: DecomposeBlockInput) {
  const { activity, place: usual } = input.block;
  const minutes = blockMinutes(input.block);
  const steps = minutes <= 20 ? '1 to 3' : minutes <= 60 ? '3 to 8' : `${Math.ceil(minutes / 15)} to ${Math.min(24, Math.floor(minutes / 5))}`;
  const example = blockPlace(input);
  return personaPrompt(input.persona, [
    `${input.date}. You are at ${input.currentPlace}.`,
    `Plan for ${clockText(input.block.startMinute)}-${clockText(input.block.endMinute)} (${minutes} min): ${activity}${usual ? ` (usually at ${usual})` : ''}.`,
    'Places you know:',
    renderKnownPlaces(input.knownPlaces, preferred(input), activity, PROMPT_LIMITS.places),
    input.memories.length ? `Notes:\n${bulletList(input.memories, PROMPT_LIMITS.decomposeMemories)}` : '',
    `Split it into ${steps} steps of 5 to 15 minutes that add up to exactly ${minutes} minutes. For each: minutes, what you do (-ing form), place as "Sector:arena:object" from the list, an emoji, an event [subject, verb, object], and the new state of the object you use ("" if none).`,
    jsonReply({
      tasks: [{ minutes: 10, description: 'step', place: example, emoji: defaultEmoji(activity), event: [input.persona.name, 'verb', 'object'], objectState: 'state' }],
    }),
  ]);
}

/** The asked format writes "" for "no object used"; the answer leaves objectState out. */
function fromWire(value: unknown): DecomposeBlockOutput | undefined {
  const tasks = asRecord(value)?.tasks;
  if (!Array.isArray(tasks)) return undefined;
  const withoutEmptyState = (t: unknown) => (asRecord(t)?.objectState === '' ? Object.fromEntries(Object.entries(t as object).filter(([k]) => k !== 'objectState')) : t);
  return { tasks: tasks.map(withoutEmptyState) as DecomposeBlockOutput['tasks'] };
}

/** decomposeBlock: see the module comment. Fail-safe: one task for the whole block at its best matching known place. */
export const decomposeBlockTask = defineTask<DecomposeBlockInput, DecomposeBlockOutput>({
  name: 'decomposeBlock',
  build: buildPrompt,
  schema: DecomposeSchema,
  jsonSchema: shape.obj({ tasks: shape.arr(subTaskShape) }),
  maxTokens: 600,
  temperature: 0.5,
  normalize: (value, input) => {
    const items = listFrom(value, ['tasks', 'subtasks', 'steps', 'plan', 'schedule', 'actions', 'items']);
    if (!items) throw new Error('no list of tasks found');
    return { tasks: repairSubTasks(items, context(input)) };
  },
  fromWire,
  failSafe: (input) => {
    const description = input.block.activity.trim() || 'going about the day';
    return {
      tasks: [
        {
          minutes: blockMinutes(input.block),
          description,
          place: blockPlace(input),
          emoji: defaultEmoji(description),
          event: repairTriple(undefined, input.persona.name, description),
        },
      ],
    };
  },
});
