/**
 * The requests that let people act on the town: interview, inject, whisper, cancelInput. Each
 * payload's zod schema here is its one definition: validation uses it and the protocol's
 * payload types are inferred from it (no hand-written twin). Sizes are bounded so a bad client
 * cannot flood prompts or the step log; an oversized field gets an error naming the limit.
 */
import { z } from 'zod';

/** Bounds on what people may send (characters, tiles, game minutes). */
export const INPUT_LIMITS = {
  question: 500,
  eventText: 300,
  whisperText: 300,
  objectState: 100,
  place: 200,
  radiusTiles: 30,
  durationMinutes: 24 * 60,
  /** Interview turns kept as history for a follow-up question. */
  historyTurns: 6,
} as const;

const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is empty`)
    .max(max, `${what} is too long: at most ${max} characters`);

/** Game time "YYYY-MM-DDTHH:MM" (as shown on the page) at which a scheduled input starts. */
const gameTime = z.string().regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$/, 'expected a game time like 2026-02-14T17:00');
const duration = z.number().int().min(1).max(INPUT_LIMITS.durationMinutes, `at most ${INPUT_LIMITS.durationMinutes} game minutes`);

export const interviewSchema = z.strictObject({
  /** The agent's id or name. */
  agent: z.string().trim().min(1).max(200),
  question: text(INPUT_LIMITS.question, 'question'),
  /** Start a new interview (forget the earlier turns with this agent). */
  fresh: z.boolean().optional(),
  /** "Let them remember this": the agent keeps this question and answer as a conversation memory (a recorded input; controller only). */
  remember: z.boolean().optional(),
});

export const injectSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('event'),
    /** A sector, arena or object: "Willow Cafe", "Willow Cafe:kitchen", "Willow Cafe:kitchen:stove". */
    place: z.string().trim().min(1).max(INPUT_LIMITS.place),
    description: text(INPUT_LIMITS.eventText, 'description'),
    /** Heard this many tiles around the place, across its rooms (default: those in the same room who see it). */
    radius: z.number().int().min(1).max(INPUT_LIMITS.radiusTiles, `radius: at most ${INPUT_LIMITS.radiusTiles} tiles`).optional(),
    durationMinutes: duration.optional(),
    at: gameTime.optional(),
  }),
  z.strictObject({
    kind: z.literal('objectState'),
    /** An object: "Willow Cafe:kitchen:stove". */
    object: z.string().trim().min(1).max(INPUT_LIMITS.place),
    state: text(INPUT_LIMITS.objectState, 'state'),
    durationMinutes: duration.optional(),
    at: gameTime.optional(),
  }),
  z.strictObject({
    kind: z.literal('announcement'),
    text: text(INPUT_LIMITS.eventText, 'text'),
    durationMinutes: duration.optional(),
    at: gameTime.optional(),
  }),
]);

export const whisperSchema = z.strictObject({
  /** The agent's id or name. */
  agent: z.string().trim().min(1).max(200),
  text: text(INPUT_LIMITS.whisperText, 'text'),
});

export const cancelInputSchema = z.strictObject({
  /** The id the inject ack gave. */
  id: z.string().trim().min(1).max(100),
});

export type InterviewPayload = z.infer<typeof interviewSchema>;
export type InjectPayload = z.infer<typeof injectSchema>;
export type WhisperPayload = z.infer<typeof whisperSchema>;
export type CancelInputPayload = z.infer<typeof cancelInputSchema>;
