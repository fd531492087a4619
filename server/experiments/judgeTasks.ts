/**
 * The model as a judge, for measuring (never for running) a town: whether an interview answer
 * shows that the agent knows something, and which of several answers is the most believable.
 * Typed tasks like the mind's, so broken answers are repaired or retried; their fail-safes say
 * "no judgment" and the caller falls back to a word check (or leaves the comparison out).
 */
import { z } from 'zod';
import { defineTask } from '../llm/task';
import { jsonReply, shape } from '../mind/tasks/promptParts';

export interface JudgeAnswerInput {
  /** Who answered (an answer in the first person is theirs). */
  speaker: string;
  question: string;
  answer: string;
  /** What counts as knowing it. */
  criterion: string;
  /** Word groups that usually show it (a hint): a word of every group. */
  signs: string[][];
}

export interface JudgeAnswerOutput {
  knows: boolean;
  /** Null in the fail-safe: nobody judged. */
  judged: boolean;
}

function yes(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    if (/^(yes|true|knows|y)\b/.test(t)) return true;
    if (/^(no|false|does not|doesn't|n)\b/.test(t)) return false;
  }
  return undefined;
}

export const judgeAnswerTask = defineTask<JudgeAnswerInput, JudgeAnswerOutput>({
  name: 'judgeAnswer',
  build: (input) => ({
    system: 'You judge interview answers for a study of a simulated town. You are strict and literal.',
    messages: [
      {
        role: 'user',
        content: [
          `${input.speaker} was asked: "${input.question}"`,
          `Answer: "${input.answer.slice(0, 600)}"`,
          `Counts as knowing: ${input.criterion}.`,
          `Signs (a word of each group): ${input.signs.map((g) => `[${g.join(' / ')}]`).join(' ')}`,
          'Does the answer show that the speaker knows it?',
          jsonReply({ knows: true }),
        ].join('\n'),
      },
    ],
  }),
  schema: z.object({ knows: z.boolean(), judged: z.boolean() }),
  jsonSchema: shape.obj({ knows: shape.bool }),
  maxTokens: 30,
  temperature: 0,
  normalize: (value) => {
    const obj = (value && typeof value === 'object' ? value : { knows: value }) as Record<string, unknown>;
    const knows = yes(obj.knows ?? obj.answer ?? obj.verdict);
    if (knows === undefined) throw new Error('expected {"knows": true} or {"knows": false}');
    return { knows, judged: true };
  },
  failSafe: () => ({ knows: false, judged: false }),
});

export interface RankAnswersInput {
  name: string;
  question: string;
  /** The answers to compare, labelled A, B, C… in this order. */
  answers: string[];
}

export interface RankAnswersOutput {
  /** Indices into `answers`, most believable first; empty in the fail-safe. */
  order: number[];
}

const LETTERS = 'ABCDEFGH';

export const rankAnswersTask = defineTask<RankAnswersInput, RankAnswersOutput>({
  name: 'rankAnswers',
  build: (input) => ({
    system: 'You judge how believable the answers of simulated people are: consistent with who they are, what they remember and plan, and how a real person would answer.',
    messages: [
      {
        role: 'user',
        content: [
          `${input.name} was asked: "${input.question}"`,
          'Answers:',
          ...input.answers.map((a, i) => `${LETTERS[i]}: ${a.slice(0, 400)}`),
          'Rank all answers from most to least believable.',
          jsonReply({ order: [...LETTERS.slice(0, input.answers.length)] }),
        ].join('\n'),
      },
    ],
  }),
  schema: z.object({ order: z.array(z.number().int()) }),
  jsonSchema: shape.obj({ order: shape.arr(shape.str) }),
  maxTokens: 60,
  temperature: 0,
  normalize: (value, input) => {
    const raw = (value as { order?: unknown })?.order;
    if (!Array.isArray(raw)) throw new Error('expected {"order": ["A", "B", …]}');
    const order = raw.map((x) => LETTERS.indexOf(String(x).trim().toUpperCase().charAt(0)));
    const unique = [...new Set(order)];
    if (unique.length !== input.answers.length || unique.some((i) => i < 0 || i >= input.answers.length)) throw new Error(`rank every answer once: ${LETTERS.slice(0, input.answers.length).split('').join(', ')}`);
    return { order: unique };
  },
  failSafe: () => ({ order: [] }),
});
