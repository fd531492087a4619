/**
 * answerInterview (on a user's question): the persona's answer in character, from the memories
 * retrieved for the question. Read-only: nothing is stored. When no answer can be had, the
 * fail-safe says so plainly rather than inventing one.
 */
import { z } from 'zod';
import { defineTask } from '../../llm/task';
import type { AnswerInterviewInput, AnswerInterviewOutput } from './contracts';
import { asRecord, cleanText, isNothing, lastFullSentence, looksCut, pick } from './answerRepairs';
import { bulletList, clip, firstName, jsonReply, personaPrompt, PROMPT_LIMITS, shape } from './promptParts';

/** The fail-safe's answer: clearly not the persona speaking. */
export const NO_ANSWER = '(no answer: the language model did not give a usable reply)';

const AnswerSchema = z.object({ answer: z.string().trim().min(1) });

function normalizeAnswer(value: unknown, input: AnswerInterviewInput): AnswerInterviewOutput {
  const obj = asRecord(value);
  if (!obj) throw new Error('expected an object with an answer');
  let raw = pick(obj, ['answer', 'response', 'reply', 'text', 'message', 'say']);
  // A single text field under another name is still the answer.
  if (raw === undefined) {
    const texts = Object.values(obj).filter((v) => typeof v === 'string');
    if (texts.length === 1) raw = texts[0];
  }
  let answer = cleanText(raw, [input.persona.name, firstName(input.persona.name), 'A', 'Answer']);
  if (!answer || isNothing(answer)) throw new Error('answer is empty');
  // An answer cut off at the token limit keeps its complete sentences.
  if (looksCut(answer)) answer = lastFullSentence(answer) ?? answer;
  return { answer: clip(answer, 1200) };
}

/** answerInterview: see the module comment. Fail-safe: NO_ANSWER (never made-up content). */
export const answerInterviewTask = defineTask<AnswerInterviewInput, AnswerInterviewOutput>({
  name: 'answerInterview',
  build: (input) => {
    const history = input.history.slice(-PROMPT_LIMITS.interviewHistory);
    return personaPrompt(input.persona, [
      `It is ${input.time}. You are ${clip(input.status, 120)}.`,
      'What you remember:',
      bulletList(input.memories, PROMPT_LIMITS.interviewMemories),
      history.length ? `Earlier in this conversation:\n${history.map((h) => `Q: ${clip(h.question, 160)}\nA: ${clip(h.answer, 200)}`).join('\n')}` : '',
      `${clip(input.interviewer, 60)} asks you: "${clip(input.question, 300)}"`,
      'Answer in character, in the first person, in one to three sentences, from what you remember; say so if you do not know.',
      jsonReply({ answer: 'your answer' }),
    ]);
  },
  schema: AnswerSchema,
  jsonSchema: shape.obj({ answer: shape.str }),
  maxTokens: 200,
  temperature: 0.6,
  normalize: normalizeAnswer,
  failSafe: () => ({ answer: NO_ANSWER }),
});
