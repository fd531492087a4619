/**
 * rateImportance (once per step per agent): one poignancy score 1–10 for each new memory, all in
 * one call. The caller filters idle/sleeping events (score 1, no call) and caches by description.
 */
import { z } from 'zod';
import { defineTask } from '../../llm/task';
import type { RateImportanceInput, RateImportanceOutput } from './contracts';
import { asRecord, listFrom, parseScore, pick } from './answerRepairs';
import { clip, jsonReply, personaPrompt, shape } from './promptParts';

/** The design's fail-safe score. */
export const DEFAULT_IMPORTANCE = 4;

const RateSchema = z.object({ scores: z.array(z.number().int().min(1).max(10)) });

function normalizeScores(value: unknown, input: RateImportanceInput): RateImportanceOutput {
  const raw = listFrom(value, ['scores', 'ratings', 'importance', 'score', 'values', 'rating']);
  if (!raw) throw new Error('no list of scores found');
  // Items may be numbers, "7/10", {score: 7}, or {memory: 2, score: 7} naming their memory.
  const scores: (number | undefined)[] = new Array(input.memories.length).fill(undefined);
  let next = 0;
  let readable = 0;
  for (const item of raw) {
    const obj = asRecord(item);
    const at = obj ? Number(pick(obj, ['memory', 'index', 'id', 'n', 'number'])) : NaN;
    const score = parseScore(obj && 'key' in obj ? obj.value : item, NaN);
    if (Number.isNaN(score)) {
      next++;
      continue;
    }
    readable++;
    const slot = Number.isInteger(at) && at >= 1 && at <= scores.length && scores[at - 1] === undefined ? at - 1 : next;
    if (slot < scores.length) scores[slot] = score;
    next = slot + 1;
  }
  if (readable === 0 && input.memories.length > 0) throw new Error('no score could be read');
  return { scores: scores.map((s) => s ?? DEFAULT_IMPORTANCE) };
}

/** rateImportance: see the module comment. Fail-safe: 4 for every memory. */
export const rateImportanceTask = defineTask<RateImportanceInput, RateImportanceOutput>({
  name: 'rateImportance',
  build: (input) => {
    const n = input.memories.length;
    return personaPrompt(input.persona, [
      'On a scale of 1 to 10, where 1 is purely mundane (brushing teeth, making the bed) and 10 is extremely poignant (a break-up, college acceptance), rate how much each memory matters to you:',
      input.memories.map((m, i) => `${i + 1}. ${clip(m, 160)}`).join('\n'),
      jsonReply({ scores: n === 1 ? [3] : [3, 8] }, `exactly ${n} integer${n === 1 ? '' : 's'}, in order`),
    ]);
  },
  schema: RateSchema,
  jsonSchema: shape.obj({ scores: shape.arr(shape.int) }),
  maxTokens: 80,
  temperature: 0,
  normalize: normalizeScores,
  failSafe: (input) => ({ scores: input.memories.map(() => DEFAULT_IMPORTANCE) }),
});
