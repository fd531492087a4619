/**
 * innerVoice (on a whisper): the whispered line restated as the persona's own thought, in the
 * third person so it reads like every other memory, with its importance.
 */
import { z } from 'zod';
import { defineTask } from '../../llm/task';
import type { InnerVoiceInput, InnerVoiceOutput } from './contracts';
import { asRecord, cleanText, isNothing, parseScore, pick } from './answerRepairs';
import { clip, firstName, jsonReply, personaPrompt, shape } from './promptParts';

/** Importance of a whispered thought when the model gives none. */
export const WHISPER_IMPORTANCE = 5;

const InnerVoiceSchema = z.object({ thought: z.string().trim().min(1), importance: z.number().int().min(1).max(10) });

function normalizeThought(value: unknown, input: InnerVoiceInput): InnerVoiceOutput {
  const obj = asRecord(value);
  if (!obj) throw new Error('expected an object with a thought');
  const thought = cleanText(pick(obj, ['thought', 'innerThought', 'text', 'statement', 'memory', 'belief']), [input.persona.name, firstName(input.persona.name)]);
  if (!thought || isNothing(thought)) throw new Error('thought is empty');
  return { thought: clip(thought, 300), importance: parseScore(pick(obj, ['importance', 'score', 'poignancy', 'rating']), WHISPER_IMPORTANCE) };
}

/** innerVoice: see the module comment. Fail-safe: the whisper itself, importance 5. */
export const innerVoiceTask = defineTask<InnerVoiceInput, InnerVoiceOutput>({
  name: 'innerVoice',
  build: (input) => {
    const first = firstName(input.persona.name);
    return personaPrompt(input.persona, [
      `It is ${input.time}. You are ${clip(input.status, 120)}.`,
      `Your inner voice tells you: "${clip(input.whisper, 300)}"`,
      `Restate it as your own thought in the third person (e.g. "${first} wants to ..."), and rate how important it is to you from 1 to 10.`,
      jsonReply({ thought: `${first} ...`, importance: 6 }),
    ]);
  },
  schema: InnerVoiceSchema,
  jsonSchema: shape.obj({ thought: shape.str, importance: shape.int }),
  maxTokens: 100,
  temperature: 0.3,
  normalize: normalizeThought,
  failSafe: (input) => ({ thought: input.whisper.trim() || '(an empty whisper)', importance: WHISPER_IMPORTANCE }),
});
