/**
 * What the inspector shows of a generative agent, read-only (no memory is touched), from the
 * live memory stream; the view itself is built by insightView.ts (pure, shared with time travel
 * and the static site).
 */
import type { AgentInsight } from '../../engine/ports';
import type { MemoryStream } from '../memory/memoryStream';
import type { Persona } from '../persona';
import { insightFrom } from './insightView';
import type { AgentScratch } from './scratch';

export { insightFrom, type MemoryView } from './insightView';

export function agentInsight(persona: Persona, scratch: AgentScratch | undefined, stream: MemoryStream, time: number): AgentInsight {
  if (!stream.has(persona.id)) return insightFrom(persona, scratch, null, time);
  return insightFrom(persona, scratch, { memories: stream.all(persona.id), byId: (id) => stream.get(id) }, time);
}
