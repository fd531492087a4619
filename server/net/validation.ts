/**
 * Schemas for every inbound payload. A payload that does not parse gets an error ack and never
 * reaches the simulation; unknown keys are rejected so typos fail loudly.
 */
import { z } from 'zod';
import { MAX_STEPS_PER_SECOND, MIN_STEPS_PER_SECOND, type ClientToServerEvents } from './protocol';
import { cancelInputSchema, injectSchema, interviewSchema, whisperSchema } from './requests/schemas';

const empty = z.strictObject({});

export const requestSchemas = {
  pause: empty,
  resume: empty,
  stepOnce: empty,
  resync: empty,
  setSpeed: z.strictObject({
    stepsPerSecond: z.number().finite().min(MIN_STEPS_PER_SECOND).max(MAX_STEPS_PER_SECOND),
  }),
  inspect: z.strictObject({
    agentId: z.string().min(1).max(200),
  }),
  claimControl: z.strictObject({
    token: z.string().min(1).max(500),
  }),
  interview: interviewSchema,
  inject: injectSchema,
  whisper: whisperSchema,
  cancelInput: cancelInputSchema,
  timeline: empty,
  experiment: empty,
  seek: z.strictObject({
    step: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  }),
  fork: z.strictObject({
    step: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  }),
} satisfies Record<keyof ClientToServerEvents, z.ZodType>;

export type RequestName = keyof typeof requestSchemas;
export type RequestPayload<K extends RequestName> = z.infer<(typeof requestSchemas)[K]>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Validates a request payload; the error names the first offending field in plain words. */
export function parseRequest<K extends RequestName>(name: K, payload: unknown): ParseResult<RequestPayload<K>> {
  // A request without a payload (`emit('pause', ack)`) counts as an empty one.
  const result = requestSchemas[name].safeParse(payload === undefined ? {} : payload);
  if (result.success) return { ok: true, value: result.data as RequestPayload<K> };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, error: `invalid ${name} payload: ${where}${issue?.message ?? 'malformed'}` };
}
