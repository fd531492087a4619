/**
 * speakLines (conversationLinesPerCall > 1): the next few lines of a conversation in one call,
 * both speakers taking turns, as the reference's first version wrote a whole conversation at
 * once. The prompt holds both persons' contexts — each one's card, situation, how they see the
 * other, the memories they retrieved about the other and when they last talked — so each side
 * still speaks from its own memories. The system prompt is the first speaker's persona card
 * (as in every task: a server with prefix caching reuses it).
 *
 * Answers from small models are read generously: lines as objects, as "Name: text" strings or
 * as one multi-line string; a line by the person who just spoke is joined to their previous
 * line; a first line by the wrong person, lines by people not in the talk and stage directions
 * are dropped; more lines than asked are cut (the "end" then no longer applies); a last line
 * cut off mid-sentence is dropped or cut back to its last full sentence.
 */
import { z } from 'zod';
import { defineTask } from '../../llm/task';
import type { SpeakerContext, SpeakLinesInput, SpeakLinesOutput } from './contracts';
import { asRecord, cleanText, isNothing, lastFullSentence, listFrom, looksCut, parseBool, pick } from './answerRepairs';
import { bulletList, clip, firstName, jsonReply, personaPrompt, PROMPT_LIMITS, renderPersona, shape } from './promptParts';
import { ownLine } from './speak';

const SpeakLinesSchema = z.object({
  lines: z.array(z.object({ speaker: z.union([z.literal(0), z.literal(1)]), text: z.string().trim().min(1) })).min(1),
  end: z.boolean(),
  relationships: z.tuple([z.string(), z.string()]).optional(),
});

const LIST_KEYS = ['lines', 'dialogue', 'conversation', 'transcript', 'utterances', 'turns', 'messages', 'script'];
const SPEAKER_KEYS = ['speaker', 'name', 'who', 'from', 'person', 'character', 'role'];
const TEXT_KEYS = ['text', 'line', 'says', 'said', 'utterance', 'content', 'message', 'speech', 'dialogue'];
const END_KEYS = ['end', 'endConversation', 'end_conversation', 'done', 'finished', 'close', 'stop', 'isOver', 'goodbye'];

/** How many new lines an answer may hold: the asked number, never past the conversation's limit. */
export function linesWanted(input: SpeakLinesInput): number {
  return Math.max(1, Math.min(input.lines, input.maxTurns - input.turn + 1));
}

/** A raw line: who the model said speaks (undefined when it did not say) and the text. */
interface RawLine {
  name?: string;
  text: string;
}

/** "Ana: text" → { name: "Ana", text }, when the prefix looks like a name (1–4 words, no sentence). */
function splitNamed(text: string): RawLine {
  const m = /^\s*\**\s*([A-Z][\p{L}'.-]*(?:\s+[\p{L}'.-]+){0,3})\s*\**\s*[:：]\s*\**\s*(.*)$/su.exec(text);
  return m ? { name: m[1], text: m[2] } : { text };
}

function rawLines(value: unknown): RawLine[] {
  const list = listFrom(value, LIST_KEYS) ?? [];
  const out: RawLine[] = [];
  for (const item of list) {
    if (typeof item === 'string') {
      // A multi-line string inside a list item: each line is a turn.
      for (const part of item.split(/\r?\n/)) if (part.trim()) out.push(splitNamed(part));
      continue;
    }
    const obj = asRecord(item);
    if (!obj) continue;
    const text = pick(obj, TEXT_KEYS);
    const name = pick(obj, SPEAKER_KEYS);
    if (typeof text === 'string') out.push({ name: typeof name === 'string' ? name : undefined, text });
    else if (Object.keys(obj).length === 1 && typeof Object.values(obj)[0] === 'string') out.push({ name: Object.keys(obj)[0], text: Object.values(obj)[0] as string });
    else if (typeof obj.key === 'string' && typeof obj.value === 'string') out.push({ name: obj.key, text: obj.value }); // {"Ana": "..", "Klaus": ".."} as entries
  }
  return out;
}

/** 0 or 1 for a participant's name (full or first, any case), 'other' for someone else, undefined for no name. */
function whoIs(name: string | undefined, input: SpeakLinesInput): 0 | 1 | 'other' | undefined {
  if (name === undefined) return undefined;
  const n = name.replace(/[*_"]/g, '').trim().toLowerCase();
  if (!n) return undefined;
  for (const i of [0, 1] as const) {
    const p = input.speakers[i].persona.name;
    if (n === p.toLowerCase() || n === firstName(p).toLowerCase()) return i;
  }
  return 'other';
}

/** A stage direction ("(they laugh)", "*waves*") rather than something said. */
function isStageDirection(text: string): boolean {
  return /^\s*(?:\(.*\)|\[.*\]|\*[^*]+\*)\s*$/s.test(text);
}

/** Reads the answer's lines into turns taken from speakers[0]; see the module comment. */
function readTurns(value: unknown, input: SpeakLinesInput): { lines: SpeakLinesOutput['lines']; cutByLimit: boolean } {
  const names = input.speakers.map((s) => s.persona.name);
  const lines: SpeakLinesOutput['lines'] = [];
  for (const raw of rawLines(value)) {
    const who = whoIs(raw.name, input);
    if (who === 'other') continue; // someone not in the talk (or a "Note:" of prose)
    const expected: 0 | 1 = lines.length % 2 === 0 ? 0 : 1;
    const speaker = who ?? expected;
    const text = ownLine(raw.text, names[speaker], names[1 - speaker]);
    if (!text || isNothing(text) || isStageDirection(text)) continue;
    if (speaker === expected) lines.push({ speaker, text });
    else if (lines.length) lines[lines.length - 1].text = clip(`${lines[lines.length - 1].text} ${text}`, 300); // the last speaker goes on
    // else: the partner "answers" before the speaker said anything: not their turn, dropped.
  }
  const wanted = linesWanted(input);
  return { lines: lines.slice(0, wanted), cutByLimit: lines.length > wanted };
}

function readRelationships(obj: Record<string, unknown> | undefined, input: SpeakLinesInput): [string, string] | undefined {
  const missing = ([0, 1] as const).filter((i) => !input.speakers[i].relationship.trim());
  if (!missing.length || !obj) return undefined;
  let raw = pick(obj, ['relationships', 'relationship', 'relations', 'relationshipSummaries', 'opinions']);
  // Schema coercion wraps a map where the answer's shape has a pair: unwrap it.
  if (Array.isArray(raw) && raw.length === 1 && asRecord(raw[0])) raw = raw[0];
  const out: [string, string] = ['', ''];
  const clean = (v: unknown) => {
    const t = cleanText(v);
    return t && !isNothing(t) ? clip(t, 240) : '';
  };
  const record = asRecord(raw);
  if (record) {
    for (const [k, v] of Object.entries(record)) {
      const who = whoIs(k, input);
      if (who === 0 || who === 1) out[who] = clean(v);
    }
  } else if (Array.isArray(raw)) {
    raw.slice(0, 2).forEach((v, i) => (out[i] = clean(v)));
  } else if (typeof raw === 'string' && missing.length === 1) {
    out[missing[0]] = clean(raw);
  }
  for (const i of [0, 1] as const) if (!missing.includes(i)) out[i] = '';
  return out[0] || out[1] ? out : undefined;
}

function normalizeLines(value: unknown, input: SpeakLinesInput): SpeakLinesOutput {
  const obj = asRecord(value);
  const { lines, cutByLimit } = readTurns(value, input);
  if (!lines.length) throw new Error(`no line for ${input.speakers[0].persona.name}, who speaks next`);
  const endRaw = obj ? pick(obj, END_KEYS) : undefined;
  // No "end" after the lines and a last line that stops mid-sentence: the answer was cut off.
  if (endRaw === undefined && looksCut(lines[lines.length - 1].text)) {
    const whole = lastFullSentence(lines[lines.length - 1].text);
    if (whole) lines[lines.length - 1].text = whole;
    else if (lines.length > 1) lines.pop();
    else throw new Error('the line seems cut off');
  }
  // The model's "end" belongs to its last line: when lines were cut off after ours, it no longer applies.
  const end = input.turn + lines.length - 1 >= input.maxTurns || (!cutByLimit && (parseBool(endRaw) ?? false));
  const out: SpeakLinesOutput = { lines, end };
  const relationships = readRelationships(obj, input);
  if (relationships) out.relationships = relationships;
  return out;
}

/**
 * The well-formed answer in the asked format (lines with the speakers' full names, taking turns
 * from speakers[0], no more than asked; "end" a boolean; relationships by full name), converted
 * to the answer's shape; throws on anything else (so only repairs count as repaired).
 */
function fromWire(value: unknown, input: SpeakLinesInput): SpeakLinesOutput {
  const obj = asRecord(value);
  const list = obj?.lines;
  if (!Array.isArray(list) || !list.length || list.length > linesWanted(input) || typeof obj!.end !== 'boolean') throw new Error('not the asked format');
  const names = input.speakers.map((s) => s.persona.name);
  const lines = list.map((l, i) => {
    const r = asRecord(l);
    if (!r || r.speaker !== names[i % 2] || typeof r.text !== 'string' || !r.text.trim() || r.text !== r.text.trim()) throw new Error('not the asked format');
    return { speaker: (i % 2) as 0 | 1, text: r.text };
  });
  const end = input.turn + lines.length - 1 >= input.maxTurns || (obj!.end as boolean);
  const out: SpeakLinesOutput = { lines, end };
  const relationships = readRelationships(obj, input);
  if (relationships) out.relationships = relationships;
  return out;
}

/** One person's side of the prompt. */
function side(s: SpeakerContext, other: string): string[] {
  const first = firstName(s.persona.name);
  return [
    `${first}: ${clip(s.situation, 160)}`,
    s.relationship.trim() ? `How ${first} sees ${firstName(other)}: ${clip(s.relationship, 200)}` : '',
    s.lastChat ? clip(s.lastChat.replace(/^You /, `${first} `), 240) : '',
    `What ${first} remembers:`,
    bulletList(s.memories, PROMPT_LIMITS.speakLinesMemories),
  ];
}

function buildPrompt(input: SpeakLinesInput) {
  const [me, them] = input.speakers;
  const meName = me.persona.name;
  const themName = them.persona.name;
  const shown = input.transcript.slice(-PROMPT_LIMITS.speakTranscript);
  const wanted = linesWanted(input);
  const example: Record<string, unknown> = {
    lines: [
      { speaker: meName, text: 'what you say' },
      { speaker: themName, text: `what ${firstName(themName)} answers` },
    ].slice(0, wanted),
    end: false,
  };
  const missing = [me, them].filter((s) => !s.relationship.trim());
  if (missing.length) example.relationships = Object.fromEntries(missing.map((s) => [s.persona.name, `how ${firstName(s.persona.name)} sees ${firstName(s === me ? themName : meName)}, one sentence`]));
  return personaPrompt(me.persona, [
    `It is ${input.time}. You are talking with ${themName}: ${clip(renderPersona({ ...them.persona, lifestyle: '' }).replace(/^You are /, ''), 260)}`,
    ...side(me, themName),
    ...side(them, meName),
    'Conversation so far:',
    shown.length ? shown.map((l) => `${l.speaker}: ${clip(l.text, 200)}`).join('\n') : '(nothing yet: you speak first)',
    `Write the next ${wanted} lines (lines ${input.turn}–${input.turn + wanted - 1} of at most ${input.maxTurns}), taking turns: you first, then ${firstName(themName)}, each speaking from what they remember. Short and natural. Fewer lines if the talk ends sooner; set "end" to true when your last line closes the talk.`,
    jsonReply(example),
  ]);
}

/** speakLines: see the module comment. Fail-safe: a polite closing line by the speaker that ends the conversation. */
export const speakLinesTask = defineTask<SpeakLinesInput, SpeakLinesOutput>({
  name: 'speakLines',
  build: buildPrompt,
  schema: SpeakLinesSchema,
  jsonSchema: shape.obj({ lines: shape.arr(shape.obj({ speaker: shape.str, text: shape.str })), end: shape.bool, relationships: { type: 'object' } }, ['lines', 'end']),
  maxTokens: 400,
  temperature: 0.8,
  normalize: normalizeLines,
  fromWire,
  failSafe: (input) => ({ lines: [{ speaker: 0, text: `Sorry, I have to get going. See you later, ${firstName(input.speakers[1].persona.name)}!` }], end: true }),
});
