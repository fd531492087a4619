/**
 * The inspector's view of a generative agent built from plain data: the persona card with its
 * revised "currently", today's hourly schedule with the piece under way expanded into its tasks
 * (only the item under way marked), recent memories, reflections with their evidence, what they
 * know from the start, and recent conversations with their summaries.
 *
 * Pure and free of Node: the live mind (insight.ts), `hamlet replay`'s time travel
 * (server/net/timeTravel.ts) and the static site's page in the browser all build the view here,
 * so they show the same. Import nothing here but types and other modules of this kind.
 */
import { minuteOfDay } from '../../engine/clock';
import type { AgentInsight } from '../../engine/ports';
import { asConversationId, conversationIdFor } from '../../engine/ids';
import type { AgentId } from '../../engine/types';
import type { MemoryNode } from '../memory/types';
import type { Persona } from '../persona';
import type { PersonaCard } from '../tasks/contracts';
import { chunkIndexAt, taskIndexAt } from './planIndex';
import type { AgentScratch, DayPlan } from './scratch';

const RECENT_MEMORIES = 40;
const REFLECTIONS = 20;
const KNOWN = 30;
const CONVERSATIONS = 10;
const MS_PER_MINUTE = 60_000;

/** The predicate of the facts a persona knows from the start (seeded as thoughts with no evidence). */
export const STARTING_PREDICATE = 'knows';

/** The persona as the prompts and the inspector show it, with the mind's revised "currently". */
export function personaCard(persona: Persona, scratch: Pick<AgentScratch, 'currently'> | undefined): PersonaCard {
  return {
    name: persona.name,
    age: persona.age,
    traits: persona.traits,
    occupation: persona.occupation,
    background: persona.background,
    currently: scratch?.currently ?? persona.currently,
    lifestyle: persona.lifestyle,
  };
}

/** An agent's memories as plain data: the live stream's, or a stored run's up to a step (time travel). */
export interface MemoryView {
  /** The agent's memories, oldest (lowest id) first. */
  memories: readonly MemoryNode[];
  /** Any memory by id (a thought's evidence), or undefined when it is not (or no longer) held. */
  byId(id: number): MemoryNode | undefined;
}

/**
 * The inspector's view from plain data (no database, no stream): the persona, the scratch's plan
 * and "currently" (only those two and `fallbackImportance` are read), and the memories, or null
 * when the agent's memories are not loaded.
 */
export function insightFrom(persona: Persona, scratch: Pick<AgentScratch, 'currently' | 'plan' | 'fallbackImportance'> | undefined, view: MemoryView | null, time: number): AgentInsight {
  const insight: AgentInsight = {
    persona: personaCard(persona, scratch),
    plan: planItems(scratch?.plan ?? null, time),
    memories: [],
    reflections: [],
    conversations: [],
  };
  if (!view) return insight;
  const all = view.memories;
  const recent = (n: number, type?: string) => {
    const out: MemoryNode[] = [];
    for (let i = all.length - 1; i >= 0 && out.length < n; i--) if (!type || all[i].type === type) out.push(all[i]);
    return out; // newest first
  };
  const fallbackIds = new Set(scratch?.fallbackImportance ?? []);
  insight.memories = recent(RECENT_MEMORIES).map((m) => ({ id: m.id, type: m.type, description: m.description, importance: m.importance, created: m.created, ...(fallbackIds.has(m.id) ? { fallback: true as const } : {}) }));
  // Thoughts are of three kinds: what they know from the start (no evidence, "knows"), whispers
  // (no evidence) and thoughts drawn from other memories (evidence: reflections and what a talk
  // left them thinking). Only the last are reflections; the seeded facts are shown as such.
  const thoughts = all.filter((m) => m.type === 'thought');
  insight.reflections = thoughts
    .filter((m) => m.evidence.length > 0)
    .slice(-REFLECTIONS)
    .reverse()
    .map((m) => ({
      id: m.id,
      description: m.description,
      importance: m.importance,
      created: m.created,
      evidence: [...m.evidence],
      sources: m.evidence.map((id) => view.byId(id)).filter((e): e is MemoryNode => e !== undefined).map((e) => ({ id: e.id, type: e.type, description: e.description })),
    }));
  insight.known = thoughts
    .filter((m) => m.evidence.length === 0 && m.triple[1] === STARTING_PREDICATE)
    .slice(0, KNOWN)
    .map((m) => ({ id: m.id, description: m.description, importance: m.importance }));
  insight.conversations = recent(CONVERSATIONS, 'chat').map((m) => {
    const lines = m.transcript ?? [];
    const first = lines[0];
    const other = lines.find((l) => l.speaker !== persona.id)?.speaker ?? (first?.speaker !== persona.id ? first?.speaker : undefined);
    return {
      // The engine names a conversation after its start step and opener (its first line);
      // a chat memory without a transcript gets an id of its own, after the memory.
      id: first ? conversationIdFor(first.step, first.speaker) : asConversationId(`chat-${m.id}`),
      with: (other ?? m.triple[2]) as AgentId,
      startStep: first?.step ?? m.step,
      lines: lines.map((l) => ({ speaker: l.speaker, text: l.text })),
      summary: m.description,
    };
  });
  return insight;
}

function planItems(plan: DayPlan | null, time: number): AgentInsight['plan'] {
  if (!plan) return [];
  const minute = minuteOfDay(time);
  const at = (m: number) => plan.day + m * MS_PER_MINUTE;
  const chunkIndex = chunkIndexAt(plan, minute);
  const chunk = chunkIndex >= 0 ? plan.chunks[chunkIndex] : undefined;
  const taskIndex = chunk ? taskIndexAt(chunk, minute) : -1;
  const items: AgentInsight['plan'] = [];
  for (const block of plan.blocks) {
    const { activity: description, place } = block;
    const underWay = block.start <= minute && minute < block.end;
    const row: AgentInsight['plan'][number] = {
      start: at(block.start),
      end: at(block.end),
      description,
      ...(place ? { place } : {}),
      ...(block.sleep ? { emoji: '😴' } : {}),
      current: false,
      ...(plan.fallback ? { fallback: true as const } : {}),
    };
    items.push(row);
    if (!underWay) continue;
    // The piece under way, broken into tasks: each shows once (a task that only repeats the
    // block, as when decomposition failed, is the block itself), and only one row is current.
    const tasks = (chunk?.tasks ?? []).map((t, i) => ({ t, i })).filter(({ t }) => !sameActivity(t.description, description));
    const currentTask = tasks.find(({ i }) => i === taskIndex);
    row.current = !currentTask;
    for (const { t, i } of tasks) {
      items.push({
        start: at(t.start),
        end: at(t.start + t.minutes),
        description: t.description,
        place: t.place,
        emoji: t.emoji,
        sub: true,
        current: i === taskIndex,
        ...(t.fallback ? { fallback: true as const } : {}),
      });
    }
  }
  return items;
}

/** "Opening up Willow Cafe" and "opening up the Willow Cafe." are the same item. */
function sameActivity(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\bthe\b/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
  return norm(a) === norm(b);
}
