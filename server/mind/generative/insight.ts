/**
 * What the inspector shows of a generative agent, read-only (no memory is touched): the persona
 * with its revised "currently", today's hourly schedule with the piece under way expanded into
 * its tasks (the current block and task marked), recent memories, reflections with their
 * evidence, and recent conversations with their summaries.
 */
import { minuteOfDay } from '../../engine/clock';
import type { AgentInsight } from '../../engine/ports';
import type { AgentId } from '../../engine/types';
import type { MemoryStream } from '../memory/memoryStream';
import type { Persona } from '../persona';
import { personaCard } from './deps';
import { chunkIndexAt, taskIndexAt } from './planning';
import type { AgentScratch } from './scratch';

const RECENT_MEMORIES = 40;
const REFLECTIONS = 20;
const CONVERSATIONS = 10;
const MS_PER_MINUTE = 60_000;

export function agentInsight(persona: Persona, scratch: AgentScratch | undefined, stream: MemoryStream, time: number): AgentInsight {
  const insight: AgentInsight = {
    persona: personaCard(persona, scratch),
    plan: planItems(scratch, time),
    memories: [],
    reflections: [],
    conversations: [],
  };
  if (!stream.has(persona.id)) return insight;
  const fallbackIds = new Set(scratch?.fallbackImportance ?? []);
  insight.memories = stream
    .recent(persona.id, RECENT_MEMORIES)
    .reverse()
    .map((m) => ({ id: m.id, type: m.type, description: m.description, importance: m.importance, created: m.created, ...(fallbackIds.has(m.id) ? { fallback: true as const } : {}) }));
  insight.reflections = stream
    .recent(persona.id, REFLECTIONS, ['thought'])
    .reverse()
    .map((m) => ({ id: m.id, description: m.description, importance: m.importance, created: m.created, evidence: [...m.evidence] }));
  insight.conversations = stream
    .recent(persona.id, CONVERSATIONS, ['chat'])
    .reverse()
    .map((m) => {
      const lines = m.transcript ?? [];
      const first = lines[0];
      const other = lines.find((l) => l.speaker !== persona.id)?.speaker ?? (first?.speaker !== persona.id ? first?.speaker : undefined);
      return {
        // The engine names a conversation after its start step and opener.
        id: first ? `c${first.step}-${first.speaker}` : `chat-${m.id}`,
        with: (other ?? m.triple[2]) as AgentId,
        startStep: first?.step ?? m.step,
        lines: lines.map((l) => ({ speaker: l.speaker, text: l.text })),
        summary: m.description,
      };
    });
  return insight;
}

function planItems(scratch: AgentScratch | undefined, time: number): AgentInsight['plan'] {
  const plan = scratch?.plan;
  if (!plan) return [];
  const minute = minuteOfDay(time);
  const at = (m: number) => plan.day + m * MS_PER_MINUTE;
  const chunkIndex = chunkIndexAt(plan, minute);
  const chunk = chunkIndex >= 0 ? plan.chunks[chunkIndex] : undefined;
  const taskIndex = chunk ? taskIndexAt(chunk, minute) : -1;
  const items: AgentInsight['plan'] = [];
  for (const block of plan.blocks) {
    const [description, place] = block.activity.split(' @ ');
    const current = block.start <= minute && minute < block.end;
    items.push({ start: at(block.start), end: at(block.end), description, ...(place ? { place } : {}), current, ...(plan.fallback ? { fallback: true as const } : {}) });
    if (current && chunk?.tasks) {
      chunk.tasks.forEach((t, i) => {
        items.push({ start: at(t.start), end: at(t.start + t.minutes), description: `· ${t.emoji} ${t.description}`, place: t.place, current: i === taskIndex, ...(t.fallback ? { fallback: true as const } : {}) });
      });
    }
  }
  return items;
}
