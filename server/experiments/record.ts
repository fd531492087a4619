/**
 * A stored run as the metrics read it (metrics.ts's RunRecord): its people and their persona
 * relationships, the step log (read lazily, once per pass), the memories, the model calls, and
 * which place each tile belongs to. Read-only.
 */
import type { Db } from '../store/database';
import type { AgentId, StepDelta } from '../engine/types';
import { parseGameTime } from '../engine/clock';
import { parsePersonas } from '../mind/persona';
import { parseTownMap } from '../world/loadMap';
import type { TownMap } from '../world/types';
import type { SimulationStore } from '../store/simulationStore';
import type { RecordCall, RecordMemory, RunRecord } from './metrics';

export interface StoredRun extends RunRecord {
  map: TownMap;
  /** The place of a tile: "Sector:arena", "Sector", or null outside every sector. */
  placeOf(x: number, y: number): string | null;
  /** The mind's label and the ablation stored in the file. */
  mind: string;
  ablation: string;
}

function hasTable(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Reads a run from its store, up to `uptoStep` (exclusive; default: every stored step). */
export function readRun(store: SimulationStore, uptoStep?: number): StoredRun {
  const db = store.db;
  const meta = store.meta;
  const map = parseTownMap(meta.map, meta.mapPath);
  const snapshot0 = store.snapshotAtOrBefore(0);
  const simulated = new Set((snapshot0?.state.agents ?? []).map((a) => a.id));
  const personas = parsePersonas(meta.personas, `${store.path} (personas)`, { relationsOutside: true }).filter((p) => simulated.size === 0 || simulated.has(p.id));
  const steps = Math.min(uptoStep ?? Number.MAX_SAFE_INTEGER, store.stepCount());
  const startTiles: Record<AgentId, { x: number; y: number }> = {};
  for (const a of snapshot0?.state.agents ?? []) startTiles[a.id] = { x: a.tile.x, y: a.tile.y };
  const deltas: Iterable<StepDelta> = {
    *[Symbol.iterator]() {
      for (const row of db.prepare('SELECT delta FROM steps WHERE step < ? ORDER BY step').iterate(steps) as Iterable<{ delta: string }>) yield JSON.parse(row.delta) as StepDelta;
    },
  };
  const memories: RecordMemory[] = hasTable(db, 'memories')
    ? (db.prepare('SELECT id, agent_id, type, step, subject, predicate, object, description, transcript FROM memories WHERE step < ? ORDER BY id').all(steps) as { id: number; agent_id: string; type: RecordMemory['type']; step: number; subject: string; predicate: string; object: string; description: string; transcript: string | null }[]).map((r) => ({
        id: r.id,
        agentId: r.agent_id as AgentId,
        type: r.type,
        step: r.step,
        subject: r.subject,
        predicate: r.predicate,
        object: r.object,
        description: r.description,
        ...(r.transcript ? { transcript: (JSON.parse(r.transcript) as { speaker: string; text: string }[]).map((l) => `${l.speaker}: ${l.text}`).join('\n') } : {}),
      }))
    : [];
  const calls: RecordCall[] = hasTable(db, 'llm_calls')
    ? (db.prepare('SELECT task, agent_id, step, tokens_in, tokens_out FROM llm_calls WHERE cached = 0 AND (step IS NULL OR step < ?)').all(steps) as { task: string; agent_id: string | null; step: number | null; tokens_in: number; tokens_out: number }[]).map((r) => ({
        task: r.task,
        agentId: r.agent_id as AgentId | null,
        step: r.step,
        tokensIn: r.tokens_in,
        tokensOut: r.tokens_out,
      }))
    : [];
  const placeOf = (x: number, y: number): string | null => {
    if (x < 0 || y < 0 || x >= map.width || y >= map.height) return null;
    const i = y * map.width + x;
    const sector = map.sectorAt[i] >= 0 ? map.sectors[map.sectorAt[i]] : undefined;
    if (!sector) return null;
    const arena = map.arenaAt[i] >= 0 ? map.arenas[map.arenaAt[i]] : undefined;
    return arena ? `${sector.name}:${arena.name}` : sector.name;
  };
  return {
    agents: personas.map((p) => ({ id: p.id, name: p.name, knows: p.relationships.map((r) => r.id) })),
    startTime: parseGameTime(meta.startTime),
    stepMs: meta.secondsPerStep * 1000,
    steps,
    startTiles,
    deltas,
    memories,
    calls,
    map,
    placeOf,
    mind: meta.mind,
    ablation: String(meta.config?.ablation ?? 'none'),
  };
}
