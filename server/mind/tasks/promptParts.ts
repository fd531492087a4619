/**
 * Pieces every task prompt shares, written once so prompts stay short and alike: the persona
 * card (the system message of every task, so a server with prefix caching reuses it across an
 * agent's calls), bullet and numbered lists with caps, the JSON reply line with an example, and
 * compact JSON shapes for structured output. All pure.
 */
import { formatClock } from '../../engine/clock';
import type { ChatMessage } from '../../llm/types';
import type { PersonaCard, PromptMemory } from './contracts';

/** Longest text kept for one list item in a prompt (characters). */
export const ITEM_CHARS = 140;

/** Cuts text to `max` characters at a word boundary, marking the cut with "…". */
export function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** Ends a phrase with a full stop unless it already ends with punctuation. */
function sentence(text: string): string {
  const t = text.trim();
  return !t || /[.!?…]$/.test(t) ? t : `${t}.`;
}

/** "Ana" from "Ana Lopez". */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}

/** The persona card as the system message: who the model plays, in about 60–120 tokens. */
export function renderPersona(p: PersonaCard): string {
  const parts = [
    `You are ${p.name}, ${p.age}, ${clip(p.occupation, 80)}.`,
    p.traits ? `Traits: ${sentence(clip(p.traits, 100))}` : '',
    sentence(clip(p.background, 280)),
    p.currently ? `Currently: ${sentence(clip(p.currently, 200))}` : '',
    p.lifestyle ? `Habits: ${sentence(clip(p.lifestyle, 120))}` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** "- a\n- b" with at most `max` items, each clipped; "- (none)" for an empty list. */
export function bulletList(items: readonly string[], max: number, chars = ITEM_CHARS): string {
  const shown = items.filter((s) => s.trim() !== '').slice(0, max);
  if (shown.length === 0) return '- (none)';
  return shown.map((s) => `- ${clip(s, chars)}`).join('\n');
}

/** "[3] text" lines for memories the model may cite by number. */
export function numberedMemories(memories: readonly PromptMemory[], chars = ITEM_CHARS): string {
  if (memories.length === 0) return '(none)';
  return memories.map((m) => `[${m.index}] ${clip(m.description, chars)}`).join('\n');
}

/** The closing line of every prompt: one JSON object, with an example of its shape (a value, or JSON text). */
export function jsonReply(example: unknown, note = ''): string {
  const text = typeof example === 'string' ? example : JSON.stringify(example);
  return `Reply with one JSON object only${note ? ` (${note})` : ''}, like:\n${text}`;
}

/** "07:05" from minutes since midnight (wraps past midnight). */
export function clockText(minute: number): string {
  return formatClock(Math.round(minute) * 60_000);
}

/** The usual prompt: the persona card as system, the task text as one user message. */
export function personaPrompt(persona: PersonaCard, body: string[]): { system: string; messages: ChatMessage[] } {
  return { system: renderPersona(persona), messages: [{ role: 'user', content: body.filter((l) => l !== '').join('\n') }] };
}

/** Keeps the most important memories (when importance is given) up to `max`, in their given order, without duplicates. */
export function selectMemories(memories: readonly PromptMemory[], max: number): PromptMemory[] {
  const seen = new Set<string>();
  const unique = memories.filter((m) => {
    const key = m.description.trim().toLowerCase();
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (unique.length <= max) return unique;
  if (!unique.some((m) => m.importance !== undefined)) return unique.slice(0, max);
  const ranked = unique.map((m, order) => ({ m, order })).sort((a, b) => (b.m.importance ?? 0) - (a.m.importance ?? 0) || a.order - b.order);
  const keep = new Set(ranked.slice(0, max).map((r) => r.order));
  return unique.filter((_, order) => keep.has(order));
}

// ---------------------------------------------------------------- compact JSON shapes

/**
 * Hand-written JSON schemas for structured output: just types, enums and required keys. The
 * local and plain OpenAI-compatible backends paste the schema into the system prompt, so a
 * derived schema (with limits, additionalProperties, safe-integer bounds) would cost tokens on
 * every call.
 */
export const shape = {
  str: { type: 'string' } as Record<string, unknown>,
  int: { type: 'integer' } as Record<string, unknown>,
  bool: { type: 'boolean' } as Record<string, unknown>,
  enum: (values: readonly string[]): Record<string, unknown> => ({ type: 'string', enum: [...values] }),
  arr: (items: Record<string, unknown>): Record<string, unknown> => ({ type: 'array', items }),
  obj: (properties: Record<string, Record<string, unknown>>, required: string[] = Object.keys(properties)): Record<string, unknown> => ({
    type: 'object',
    properties,
    required,
  }),
};

/** How much of each input list a prompt shows: the caps that keep every call near 500 tokens. */
export const PROMPT_LIMITS = {
  planDayMemories: 8,
  planDayRoutine: 18,
  decomposeMemories: 5,
  /** Known places listed in decomposeBlock and closeConversation prompts. */
  places: 30,
  /** closeConversation lists fewer: only a re-plan needs them. */
  closePlaces: 15,
  reactMemories: 6,
  speakMemories: 6,
  /** speakLines shows each of the two speakers this many (two sides in one prompt). */
  speakLinesMemories: 4,
  /** The last lines of a conversation shown to the speaker. */
  speakTranscript: 10,
  closeTranscript: 16,
  closePlan: 8,
  reflectQuestionMemories: 20,
  reflectInsightMemories: 20,
  interviewMemories: 20,
  interviewHistory: 3,
} as const;
