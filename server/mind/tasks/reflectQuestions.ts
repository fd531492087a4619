/**
 * reflectQuestions (when summed importance reaches the threshold): the three most salient
 * high-level questions the persona's recent memories raise; each becomes a focal point for
 * retrieval and then a reflectInsights call.
 */
import { z } from 'zod';
import { defineTask } from '../../llm/task';
import type { ReflectQuestionsInput, ReflectQuestionsOutput } from './contracts';
import { asRecord, cleanText, isNothing, listFrom, pick } from './answerRepairs';
import { bulletList, clip, firstName, jsonReply, personaPrompt, PROMPT_LIMITS, selectMemories, shape } from './promptParts';

/** How many questions a reflection asks. */
export const REFLECTION_QUESTIONS = 3;

// Only a lower bound: coercion would cut a longer list before the repairs drop duplicates; the
// repairs return exactly three.
const QuestionsSchema = z.object({ questions: z.array(z.string().trim().min(1)).min(REFLECTION_QUESTIONS) });

/** Generic but sound focal points, used only to fill a short list up to three. */
function paddingQuestions(name: string): string[] {
  const first = firstName(name);
  return [`What matters most to ${name} right now?`, `How does ${first} feel about the people ${first} met recently?`, `What is ${first} planning to do next?`];
}

function normalizeQuestions(value: unknown, input: ReflectQuestionsInput): ReflectQuestionsOutput {
  const raw = listFrom(value, ['questions', 'salientQuestions', 'focalPoints', 'question', 'items']);
  if (!raw) throw new Error('no list of questions found');
  const seen = new Set<string>();
  const questions: string[] = [];
  for (const item of raw) {
    const q = cleanText(asRecord(item) ? pick(asRecord(item), ['question', 'text', 'q', 'value']) : item);
    const key = q.toLowerCase();
    if (!q || isNothing(q) || seen.has(key)) continue;
    seen.add(key);
    questions.push(clip(q, 200));
  }
  // A last question without "?" after ones with it was cut off at the token limit.
  if (questions.length > 1 && !questions[questions.length - 1].endsWith('?') && questions.slice(0, -1).every((q) => q.endsWith('?'))) questions.pop();
  if (questions.length === 0) throw new Error('no question given');
  for (const pad of paddingQuestions(input.persona.name)) {
    if (questions.length >= REFLECTION_QUESTIONS) break;
    if (!seen.has(pad.toLowerCase())) questions.push(pad);
  }
  return { questions: questions.slice(0, REFLECTION_QUESTIONS) };
}

/** reflectQuestions: see the module comment. Fail-safe: no questions (no reflection this time). */
export const reflectQuestionsTask = defineTask<ReflectQuestionsInput, ReflectQuestionsOutput>({
  name: 'reflectQuestions',
  build: (input) => {
    const limit = input.showAll ? Infinity : PROMPT_LIMITS.reflectQuestionMemories;
    const shown = selectMemories(input.memories, limit);
    return personaPrompt(input.persona, [
      'Your recent memories:',
      bulletList(
        shown.map((m) => m.description),
        limit,
        110,
      ),
      'Given only these, what are the 3 most salient high-level questions we can answer about you?',
      jsonReply({ questions: ['question 1', 'question 2', 'question 3'] }),
    ]);
  },
  schema: QuestionsSchema,
  jsonSchema: shape.obj({ questions: shape.arr(shape.str) }),
  maxTokens: 120,
  temperature: 0.5,
  normalize: normalizeQuestions,
  failSafe: () => ({ questions: [] }),
});
