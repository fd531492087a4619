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
 *   run/agents/<id>.json         StaticAgent: the persona, every memory with the step it was made
 *                                in, and the plan history (generative: each snapshot's plan and
 *                                the plan log; rule-based: the routine and the conversations
 *                                remembered), for the inspector as of the shown step — built in the
 *                                browser by the same pure code as `hamlet replay`'s (staticInsight.ts)
 *
 * The browser rebuilds the state at step s from chunk ⌊(s − firstStep) / chunkSteps⌋: its state,
 * then its messages in order (the same messages a live viewer gets), so a seek fetches one file.
 */
import type { AgentInsight } from '../engine/ports';
import type { DayPlan, PlanChunk } from '../mind/generative/scratch';
import type { PlanHistory, RuleHistory } from './timeTravel';
import type { AgentView, ConversationView, MapAssets, ReplayMarker, SimInfo, Snapshot, StepMessage } from './protocol';

/** 2: people's files carry plans (and rule-based histories), chunks carry when actions began. */
export const STATIC_RUN_FORMAT = 2;
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
  /**
   * Per agent, what the step messages do not carry: the step its current action began, the rest
   * of its walk and whom it walks to meet (set only then; sites exported before it have none), as
   * `hamlet replay` has them (walks.ts followWalks carries them through the messages).
   */
  motion: Record<string, { startStep: number; path: { x: number; y: number }[]; targetAgent?: string }>;
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
  /** The last of the triple (whom a chat was with, when its transcript has no other speaker). */
  object: string;
  evidence: number[];
  transcript?: { speaker: string; text: string; step: number }[];
}

/** A plan as the site stores it: its pieces by index into StaticPlanHistory.chunks. */
export type StaticPlan = Omit<DayPlan, 'chunks'> & { chunks: number[] };
export interface StaticPlanRecord {
  currently: string;
  plan: StaticPlan | null;
}

/**
 * A generative agent's plan history (timeTravel.ts PlanHistory) as stored in the site. Plans
 * change a piece at a time (an hour broken into tasks, a reaction re-planning), so each distinct
 * piece is stored once (`chunks`) and plans name theirs by index; a snapshot's plan is left out
 * (`fromLog`) when it is the plan log's latest entry before it, which is nearly always so.
 */
export interface StaticPlanHistory {
  chunks: PlanChunk[];
  snapshots: ({ step: number; scratch: (StaticPlanRecord & { fallbackImportance?: number[] }) | null } | { step: number; fromLog: true; fallbackImportance?: number[] })[];
  log: { step: number; entry: StaticPlanRecord }[];
}

export interface StaticAgent {
  id: string;
  persona: AgentInsight['persona'];
  /** In the order they were made. Empty for a mind that keeps none (rule-based). */
  memories: StaticMemory[];
  /** Generative runs. */
  plans?: StaticPlanHistory;
  /** Rule-based runs: the mind's view over the run. */
  rule?: RuleHistory;
}

export type { PlanHistory };
