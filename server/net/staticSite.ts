/**
 * `hamlet export <db> --site <dir>`: a stored run as a static web site. The folder holds the built
 * page and the run's data in chunks (see staticRun.ts for the layout); any static web host serves
 * it to any number of viewers, and the page plays it back in the browser with no Hamlet server.
 *
 * The folder is written next to its target under a temporary name and renamed into place when
 * complete, so a failed export leaves nothing half-written.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parsePersonas } from '../mind/persona';
import { hasTable } from '../store/database';
import { SimulationStore } from '../store/simulationStore';
import { townAssets } from './assets';
import type { MapAssets, SimInfo } from './protocol';
import { ReplaySource } from './replay';
import { STATIC_META_NAME, STATIC_RUN_FORMAT, type StaticAgent, type StaticChunk, type StaticMemory, type StaticRunManifest } from './staticRun';
import { agentView, conversationViews } from './views';
import { packPlanHistory } from './staticInsight';

/** Steps per chunk: one stored snapshot interval (a game hour at 10 s per step). */
export const STATIC_CHUNK_STEPS = 360;

export interface StaticSiteOptions {
  /** The built page (client/dist). */
  clientDir: string;
  /** Character sheet candidates, first existing wins (as for `hamlet replay`). */
  charactersPaths?: string[];
  codeVersion: string;
  /** Replace a folder that is not empty. */
  overwrite?: boolean;
  /** Told after each chunk written. */
  progress?: (chunksDone: number, chunks: number) => void;
}

export interface StaticSiteResult {
  firstStep: number;
  lastStep: number;
  chunks: number;
  /** Bytes of the whole folder, and of the run's data alone (run/). */
  bytes: number;
  runBytes: number;
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

export function writeStaticSite(dbPath: string, dir: string, options: StaticSiteOptions): StaticSiteResult {
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length) && !options.overwrite) {
    throw new Error(`${dir} already exists and is not an empty folder; choose another --site folder or add --overwrite`);
  }
  if (!existsSync(join(options.clientDir, 'index.html'))) throw new Error(`The web client is not built (${options.clientDir}); run npm run build`);
  const replay = ReplaySource.open(dbPath);
  const partial = join(dirname(resolve(dir)), `.${basename(resolve(dir))}.partial-${process.pid}`);
  rmSync(partial, { recursive: true, force: true });
  try {
    cpSync(options.clientDir, partial, { recursive: true });
    // The one change to the page: it reads run/ instead of connecting to a server.
    const indexPath = join(partial, 'index.html');
    const html = readFileSync(indexPath, 'utf8');
    if (!/<head>/i.test(html)) throw new Error(`${options.clientDir}/index.html has no <head>`);
    // and its own files are linked relative to it (the build links "/assets/…"), so the site works under any path.
    const page = html.replace(/<head>/i, `<head>\n    <meta name="${STATIC_META_NAME}" content="run/" />`).replace(/(src|href)="\/assets\//g, '$1="./assets/');
    writeFileSync(indexPath, page);

    const run = join(partial, 'run');
    mkdirSync(join(run, 'chunks'), { recursive: true });
    const map = writeArt(replay, run, options.charactersPaths);

    const { firstStep, lastStep } = replay;
    const chunks = Math.floor((lastStep - firstStep) / STATIC_CHUNK_STEPS) + 1;
    for (let i = 0; i < chunks; i++) {
      const step = firstStep + i * STATIC_CHUNK_STEPS;
      const state = replay.stateAt(step);
      const chunk: StaticChunk = {
        step,
        agents: state.agents.map(agentView),
        objects: { ...state.objects },
        conversations: conversationViews(state),
        events: state.events.map((e) => ({ ...e })),
        motion: Object.fromEntries(
          state.agents.map((a) => [a.id, { startStep: a.action.startStep, path: a.path.map((t) => ({ x: t.x, y: t.y })), ...(a.action.targetAgent ? { targetAgent: a.action.targetAgent } : {}) }]),
        ),
        steps: replay.deltas(step, Math.min(step + STATIC_CHUNK_STEPS, lastStep)),
      };
      writeFileSync(join(run, 'chunks', `${i}.json`), JSON.stringify(chunk));
      options.progress?.(i + 1, chunks);
    }
    const sim: SimInfo = {
      world: replay.map.world,
      mind: replay.mind.label,
      mindKind: replay.mind.kind,
      seed: replay.seed,
      secondsPerStep: replay.clock.secondsPerStep,
      startTime: replay.clock.startMs,
    };
    const manifest: StaticRunManifest = {
      format: STATIC_RUN_FORMAT,
      sim,
      map,
      firstStep,
      lastStep,
      chunkSteps: STATIC_CHUNK_STEPS,
      chunks,
      markers: replay.markers(),
      source: { file: basename(dbPath), codeVersion: options.codeVersion, agents: replay.state.agents.length },
    };
    writeFileSync(join(run, 'run.json'), JSON.stringify(manifest));
    writeAgents(dbPath, replay, run);
    const runBytes = folderBytes(run);
    const bytes = folderBytes(partial);
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    return { firstStep, lastStep, chunks, bytes, runBytes };
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  } finally {
    replay.close();
  }
}

/** Copies the map JSON, tileset images and character sheet under run/town/; returns the map description with page-relative URLs. */
function writeArt(replay: ReplaySource, run: string, charactersPaths?: string[]): MapAssets {
  const assets = townAssets(replay.map, { charactersPaths });
  const described = assets.describe();
  mkdirSync(join(run, 'town', 'tilesets'), { recursive: true });
  const copy = (url: string | null): string | null => {
    if (url === null) return null;
    const asset = assets.lookup(url);
    if (!asset) return null;
    const target = join(run, url);
    if (asset.body !== undefined) writeFileSync(target, asset.body);
    else cpSync(asset.file!, target);
    // "/town/map.json" → "run/town/map.json": relative to the page, wherever the site is hosted.
    return `run${url}`;
  };
  return {
    ...described,
    url: copy(described.url)!,
    tilesets: described.tilesets.map((t) => ({ ...t, url: copy(t.url) })),
    characters: { ...described.characters, url: copy(described.characters.url) },
  };
}

/**
 * One file per person: the persona, every memory with the step it was made in, and the plan
 * history (generative) or the rule mind's view over the run (rule-based), so the page's
 * inspector shows them as of any step exactly as `hamlet replay` does (staticInsight.ts).
 */
export function staticAgents(dbPath: string, replay: ReplaySource): StaticAgent[] {
  const personas = new Map(parsePersonas(replay.meta.personas, `${dbPath} (personas)`, { relationsOutside: true }).map((p) => [p.id as string, p]));
  const store = SimulationStore.open(dbPath, { readonly: true });
  try {
    const byAgent = new Map<string, StaticMemory[]>();
    if (hasTable(store.db, 'memories')) {
      const rows = store.db
        .prepare('SELECT id, agent_id, type, step, created, description, importance, predicate, object, evidence, transcript FROM memories WHERE step < ? ORDER BY id')
        .iterate(replay.lastStep) as IterableIterator<{ id: number; agent_id: string; type: string; step: number; created: number; description: string; importance: number; predicate: string; object: string; evidence: string; transcript: string | null }>;
      for (const r of rows) {
        const memory: StaticMemory = { id: r.id, type: r.type, step: r.step, created: r.created, description: r.description, importance: r.importance, predicate: r.predicate, object: r.object, evidence: JSON.parse(r.evidence) as number[] };
        if (r.transcript) memory.transcript = JSON.parse(r.transcript) as StaticMemory['transcript'];
        let list = byAgent.get(r.agent_id);
        if (!list) byAgent.set(r.agent_id, (list = []));
        list.push(memory);
      }
    }
    const generative = replay.mind.kind === 'generative';
    const plans = generative ? replay.planHistories() : null;
    const rules = generative ? null : replay.ruleHistories();
    return replay.state.agents.map((agent) => {
      const p = personas.get(agent.id);
      const persona = p
        ? { name: p.name, age: p.age, traits: p.traits, occupation: p.occupation, background: p.background, currently: p.currently, lifestyle: p.lifestyle }
        : { name: agent.name, age: 0, traits: '', occupation: '', background: '', currently: '', lifestyle: '' };
      const file: StaticAgent = { id: agent.id, persona, memories: byAgent.get(agent.id) ?? [] };
      const history = plans?.get(agent.id);
      if (history) file.plans = packPlanHistory(history);
      const rule = rules?.get(agent.id);
      if (rule) file.rule = rule;
      return file;
    });
  } finally {
    store.close();
  }
}

function writeAgents(dbPath: string, replay: ReplaySource, run: string): void {
  mkdirSync(join(run, 'agents'), { recursive: true });
  for (const file of staticAgents(dbPath, replay)) writeFileSync(join(run, 'agents', `${encodeURIComponent(file.id)}.json`), JSON.stringify(file));
}
