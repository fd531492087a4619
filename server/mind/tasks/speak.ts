/**
 * speak (each turn of a conversation): the next line and whether it ends the talk. The
 * relationship summary is made once per conversation (react gives the opener's; the listener's
 * first speak call gives theirs) and reused for every line.
 */
import { z } from 'zod';
import { defineTask } from '../../llm/task';
import type { SpeakInput, SpeakOutput } from './contracts';
import { asRecord, cleanText, isNothing, lastFullSentence, looksCut, parseBool, pick } from './answerRepairs';
import { bulletList, clip, firstName, jsonReply, personaPrompt, PROMPT_LIMITS, shape } from './promptParts';

const SpeakSchema = z.object({
  line: z.string().trim().min(1),
  end: z.boolean(),
  relationship: z.string().trim().min(1).optional(),
});

/** Longest line kept (characters); small models sometimes write a whole dialogue. */
const MAX_LINE_CHARS = 300;

/**
 * The speaker's own line from what the model wrote: the speaker's name prefix and quotes
 * dropped, and anything after a line where the partner starts talking cut off.
 */
export function ownLine(text: string, speaker: string, partner: string): string {
  const partnerNames = [partner, firstName(partner)].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const firstTurn = text.split(new RegExp(`\\n\\s*\\**\\s*(?:${partnerNames.join('|')})\\s*\\**\\s*:`, 'i'))[0];
  const line = cleanText(firstTurn, [speaker, firstName(speaker)]);
  if (line.length <= MAX_LINE_CHARS) return line;
  const cut = line.slice(0, MAX_LINE_CHARS);
  const stop = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('! '), cut.lastIndexOf('? '));
  return stop > 40 ? cut.slice(0, stop + 1) : clip(line, MAX_LINE_CHARS);
}

function normalizeSpeech(value: unknown, input: SpeakInput): SpeakOutput {
  const obj = asRecord(value);
  if (!obj) throw new Error('expected an object with a line');
  const raw = pick(obj, ['line', 'text', 'utterance', 'reply', 'response', 'message', 'say', 'speech', 'dialogue', 'answer']);
  let line = ownLine(typeof raw === 'string' ? raw : cleanText(raw), input.persona.name, input.partner);
  if (!line || isNothing(line)) throw new Error('line is empty');
  const endRaw = pick(obj, ['end', 'endConversation', 'end_conversation', 'done', 'finished', 'close', 'stop', 'isOver', 'goodbye']);
  // No "end" after the line and a line that stops mid-sentence: the answer was cut off. Keep
  // its complete sentences, if any.
  if (endRaw === undefined && looksCut(line)) {
    const whole = lastFullSentence(line);
    if (!whole) throw new Error('the line seems cut off');
    line = whole;
  }
  const end = input.turn >= input.maxTurns || (parseBool(endRaw) ?? false);
  const out: SpeakOutput = { line, end };
  if (!input.relationship.trim()) {
    const relationship = cleanText(pick(obj, ['relationship', 'relation', 'relationshipSummary', 'opinion', 'view']));
    if (relationship && !isNothing(relationship)) out.relationship = clip(relationship, 240);
  }
  return out;
}

function buildPrompt(input: SpeakInput) {
  const first = firstName(input.partner);
  const shown = input.transcript.slice(-PROMPT_LIMITS.speakTranscript);
  const needsRelationship = !input.relationship.trim();
  const example: Record<string, unknown> = { line: 'what you say', end: false };
  if (needsRelationship) example.relationship = `how you see ${first}, one sentence`;
  return personaPrompt(input.persona, [
    `It is ${input.time}. ${clip(input.situation, 160)} You are talking with ${input.partner}.`,
    needsRelationship ? '' : `How you see ${first}: ${clip(input.relationship, 240)}`,
    input.lastChat ? `${clip(input.lastChat, 280)} This conversation comes after that one.` : '',
    'What you remember:',
    bulletList(input.memories, PROMPT_LIMITS.speakMemories),
    'Conversation so far:',
    shown.length ? shown.map((l) => `${l.speaker}: ${clip(l.text, 200)}`).join('\n') : '(nothing yet: you speak first)',
    `Say your next line (line ${input.turn} of at most ${input.maxTurns}): short and natural. Set "end" to true when the talk has run its course or you need to go.`,
    jsonReply(example),
  ]);
}

/** speak: see the module comment. Fail-safe: a polite closing line that ends the conversation. */
export const speakTask = defineTask<SpeakInput, SpeakOutput>({
  name: 'speak',
  build: buildPrompt,
  schema: SpeakSchema,
  jsonSchema: shape.obj({ line: shape.str, end: shape.bool, relationship: shape.str }, ['line', 'end']),
  maxTokens: 120,
  temperature: 0.8,
  normalize: normalizeSpeech,
  failSafe: (input) => ({ line: `Sorry, I have to get going. See you later, ${firstName(input.partner)}!`, end: true }),
});
