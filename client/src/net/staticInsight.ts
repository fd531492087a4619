/**
 * The inspector's view of a person as of a step, for a static site: only the memories made
 * before that step (the state shown at step s is the one after steps < s), newest first — the same
 * selection the generative mind's own inspector makes live (server/mind/generative/insight.ts):
 * recent memories, reflections (thoughts drawn from other memories) with what they rest on, what
 * they know from the start, and recent conversations. The day plan is not in a static copy.
 */
import type { AgentInsight } from '../../../server/net/protocol';
import type { StaticAgent, StaticMemory } from '../../../server/net/staticRun';

const RECENT_MEMORIES = 40;
const REFLECTIONS = 20;
const KNOWN = 30;
const CONVERSATIONS = 10;
/** What a persona's starting facts say (innerLife.ts STARTING_PREDICATE). */
const STARTING_PREDICATE = 'knows';

export function insightAsOf(agent: StaticAgent, agentId: string, step: number): AgentInsight {
  const kept = agent.memories.filter((m) => m.step < step);
  const byId = new Map(kept.map((m) => [m.id, m]));
  const newest = (list: StaticMemory[], n: number) => list.slice(-n).reverse();
  const thoughts = kept.filter((m) => m.type === 'thought');
  return {
    persona: agent.persona,
    plan: [],
    memories: newest(kept, RECENT_MEMORIES).map((m) => ({ id: m.id, type: m.type, description: m.description, importance: m.importance, created: m.created })),
    reflections: newest(
      thoughts.filter((m) => m.evidence.length > 0),
      REFLECTIONS,
    ).map((m) => ({
      id: m.id,
      description: m.description,
      importance: m.importance,
      created: m.created,
      evidence: [...m.evidence],
      sources: m.evidence.flatMap((id) => {
        const source = byId.get(id);
        return source ? [{ id: source.id, type: source.type, description: source.description }] : [];
      }),
    })),
    known: thoughts
      .filter((m) => m.evidence.length === 0 && m.predicate === STARTING_PREDICATE)
      .slice(0, KNOWN)
      .map((m) => ({ id: m.id, description: m.description, importance: m.importance })),
    conversations: newest(
      kept.filter((m) => m.type === 'chat'),
      CONVERSATIONS,
    ).map((m) => {
      const lines = m.transcript ?? [];
      const other = lines.find((l) => l.speaker !== agentId)?.speaker;
      // The engine names a conversation after its start step and opener (engine/ids.ts conversationIdFor).
      return {
        id: `c${lines[0]?.step ?? m.step}-${lines[0]?.speaker ?? agentId}` as AgentInsight['conversations'][number]['id'],
        with: (other ?? '') as AgentInsight['conversations'][number]['with'],
        startStep: lines[0]?.step ?? m.step,
        lines: lines.map((l) => ({ speaker: l.speaker as AgentInsight['conversations'][number]['with'], text: l.text })),
        summary: m.description,
      };
    }),
  };
}
