/**
 * The data layout of a static site (`hamlet export <db> --site <dir>`), shared by the writer
 * (server/net/staticSite.ts) and the page's static source (client/src/net/staticTownClient.ts).
 * Types only, so the client build takes nothing else from the server.
 *
 *   index.html, assets/…         the built page (index.html carries <meta name="hamlet-static">)
 *   run/run.json                 StaticRunManifest: the run, its span, the map's art, the markers
 *   run/chunks/<i>.json          StaticChunk: the state at step firstStep + i·chunkSteps and the
 *                                stored step messages up to the next chunk
 *   run/town/…                   map JSON, tileset images, character sheet
 *   run/agents/<id>.json         StaticAgent: the persona and every memory with the step it was
 *                                made in, for the inspector as of the shown step
 *
 * The browser rebuilds the state at step s from chunk ⌊(s − firstStep) / chunkSteps⌋: its state,
 * then its messages in order (the same messages a live viewer gets), so a seek fetches one file.
 */
import type { AgentInsight } from '../engine/ports';
import type { AgentView, ConversationView, MapAssets, ReplayMarker, SimInfo, Snapshot, StepMessage } from './protocol';

export const STATIC_RUN_FORMAT = 1;
/** The meta tag that tells the page to read run/ instead of connecting to a server. */
export const STATIC_META_NAME = 'hamlet-static';

export interface StaticRunManifest {
  format: number;
  sim: SimInfo;
  /** Asset URLs are relative to the page (so the site works under any path). */
  map: MapAssets;
  firstStep: number;
  /** The step after the last stored one (the state with every stored step applied). */
  lastStep: number;
  chunkSteps: number;
  chunks: number;
  markers: ReplayMarker[];
  /** What it was made from, for the curious. */
  source: { file: string; codeVersion: string; agents: number };
}

export interface StaticChunk {
  step: number;
  agents: AgentView[];
  objects: Record<string, string>;
  conversations: ConversationView[];
  events: Snapshot['events'];
  /** Step messages of steps step … step + chunkSteps − 1 (fewer in the last chunk). */
  steps: StepMessage[];
}

/** One memory as the static inspector needs it; `step`: the step during which it was made. */
export interface StaticMemory {
  id: number;
  type: string;
  step: number;
  created: number;
  description: string;
  importance: number;
  /** The middle of its (subject, predicate, object): "knows" marks what they know from the start. */
  predicate: string;
  evidence: number[];
  transcript?: { speaker: string; text: string; step: number }[];
}

export interface StaticAgent {
  persona: AgentInsight['persona'];
  /** In the order they were made. Empty for a mind that keeps none (rule-based). */
  memories: StaticMemory[];
}
