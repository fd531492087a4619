/**
 * reflectInsights (once per reflection question): up to five high-level insights about the
 * persona, each citing the numbered memories it rests on and rated for importance, so each can
 * be stored as a thought with evidence pointers without further calls.
 */
import { z } from 'zod';
import { defineTask } from '../../llm/task';
import type { PromptMemory, ReflectInsightsInput, ReflectInsightsOutput } from './contracts';
import { asRecord, cleanText, dropCutOffTail, integersIn, isNothing, listFrom, looksCut, parseScore, pick } from './answerRepairs';
import { DEFAULT_IMPORTANCE } from './rateImportance';
import { clip, firstName, jsonReply, numberedMemories, personaPrompt, PROMPT_LIMITS, selectMemories, shape } from './promptParts';

/** Most insights kept per question. */
export const MAX_INSIGHTS = 5;

const InsightsSchema = z.object({
  insights: z
    // No upper bound: coercion would cut the list before the repairs drop duplicates; the repairs keep five.
    .array(z.object({ insight: z.string().trim().min(1), evidence: z.array(z.number().int()), importance: z.number().int().min(1).max(10) })),
});

/** The memories the prompt shows; only their indices are valid evidence. */
function shownMemories(input: ReflectInsightsInput): PromptMemory[] {
  return selectMemories(input.memories, input.showAll ? Infinity : PROMPT_LIMITS.reflectInsightMemories);
}

/** "Ana likes X (because of 1, 3)" → the text and the cited numbers. */
function splitBecause(text: string): { insight: string; cited: number[] } {
  const m = /\s*[([]\s*(?:because of|because|based on|from|evidence:?|see)?\s*((?:memor(?:y|ies)\s*)?\[?\d+\]?(?:\s*(?:,|and|&)\s*\[?\d+\]?)*)\s*[)\]]\.?\s*$/i.exec(text);
  return m ? { insight: text.slice(0, m.index).trim(), cited: integersIn(m[1]) } : { insight: text, cited: [] };
}

function normalizeInsights(value: unknown, input: ReflectInsightsInput): ReflectInsightsOutput {
  const raw = listFrom(value, ['insights', 'thoughts', 'conclusions', 'insight', 'items']);
  if (!raw) throw new Error('no list of insights found');
  const valid = new Set(shownMemories(input).map((m) => m.index));
  const seen = new Set<string>();
  const insights: ReflectInsightsOutput['insights'] = [];
  for (const item of dropCutOffTail(raw)) {
    const obj = asRecord(item);
    const textRaw = obj ? pick(obj, ['insight', 'thought', 'text', 'statement', 'conclusion', 'key', 'value']) : item;
    const { insight, cited } = splitBecause(cleanText(typeof textRaw === 'string' ? textRaw : cleanText(textRaw)));
    if (!insight || isNothing(insight) || seen.has(insight.toLowerCase())) continue;
    seen.add(insight.toLowerCase());
    const evidenceRaw = obj ? pick(obj, ['evidence', 'because', 'becauseOf', 'sources', 'ids', 'memories', 'citations', 'indices', 'refs']) : undefined;
    const importanceRaw = obj ? pick(obj, ['importance', 'score', 'poignancy', 'rating']) : undefined;
    // The last insight, mid-sentence and without the fields that follow it, was cut off.
    if (obj && item === raw[raw.length - 1] && evidenceRaw === undefined && importanceRaw === undefined && looksCut(insight)) continue;
    const evidence = [...new Set([...integersIn(evidenceRaw), ...cited])].filter((i) => valid.has(i));
    const importance = parseScore(importanceRaw, DEFAULT_IMPORTANCE);
    insights.push({ insight: clip(insight, 240), evidence, importance });
    if (insights.length >= MAX_INSIGHTS) break;
  }
  // Items were given but none was usable: ask again rather than reflect on nothing.
  if (insights.length === 0 && raw.length > 0) throw new Error('no usable insight');
  return { insights };
}

/** reflectInsights: see the module comment. Fail-safe: no insights. */
export const reflectInsightsTask = defineTask<ReflectInsightsInput, ReflectInsightsOutput>({
  name: 'reflectInsights',
  build: (input) => {
    const first = firstName(input.persona.name);
    return personaPrompt(input.persona, [
      `Question: ${clip(input.question, 200)}`,
      'Memories:',
      numberedMemories(shownMemories(input), 120),
      `What up to ${MAX_INSIGHTS} high-level insights about yourself can you infer from these memories? Write each in the third person ("${first} ..."), cite the numbers of the memories it rests on, and rate its importance from 1 to 10.`,
      jsonReply({ insights: [{ insight: `${first} ...`, evidence: [1, 3], importance: 6 }] }),
    ]);
  },
  schema: InsightsSchema,
  jsonSchema: shape.obj({ insights: shape.arr(shape.obj({ insight: shape.str, evidence: shape.arr(shape.int), importance: shape.int })) }),
  maxTokens: 400,
  temperature: 0.5,
  normalize: normalizeInsights,
  failSafe: () => ({ insights: [] }),
});
