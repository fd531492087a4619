/**
 * The memory stream's tables and index-file cache. Implements the mind's MemoryRepository:
 * memories (one row per node), memory_touches (the first touch of a memory in a step with the
 * last-accessed value before it, so a resume can undo later touches), and per-agent hnswlib
 * index files in `<db>.hnsw/` with a JSON manifest each.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asAgentId } from '../engine/ids';
import type { ChatLine, EventTriple } from '../engine/types';
import type { IndexFiles, IndexManifest, MemoryRecord, MemoryRepository, TouchRecord } from '../mind/memory/repository';
import type { MemoryType } from '../mind/memory/types';
import type { Db, StoredPart } from './database';
import { hasTable } from './tables';

export const memoriesPart: StoredPart = {
  name: 'memories',
  version: 1,
  tables: ['memories', 'memory_touches'],
  schema: `
CREATE TABLE IF NOT EXISTS memories (
  id INTEGER PRIMARY KEY,          -- sequential per simulation
  agent_id TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('event', 'thought', 'chat', 'plan')),
  step INTEGER NOT NULL,           -- step during which it was created
  created INTEGER NOT NULL,        -- game time, UTC ms
  last_accessed INTEGER NOT NULL,  -- game time, UTC ms
  expires_at INTEGER,              -- game time, UTC ms; NULL = never
  subject TEXT NOT NULL,
  predicate TEXT NOT NULL,
  object TEXT NOT NULL,
  description TEXT NOT NULL,
  importance INTEGER NOT NULL CHECK (importance BETWEEN 1 AND 10),
  keywords TEXT NOT NULL,          -- JSON string[]
  embedding_key TEXT NOT NULL,     -- embeddings.key
  evidence TEXT NOT NULL,          -- JSON memory id[] (thoughts, plans)
  transcript TEXT,                 -- JSON ChatLine[] (chats)
  depth INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS memories_by_agent ON memories(agent_id, id);
CREATE INDEX IF NOT EXISTS memories_by_step ON memories(step);
CREATE TABLE IF NOT EXISTS memory_touches (
  memory_id INTEGER NOT NULL,
  step INTEGER NOT NULL,
  previous_accessed INTEGER NOT NULL,
  PRIMARY KEY (memory_id, step)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS memory_touches_by_step ON memory_touches(step);
`,
  rewind: (db, step) => truncateMemories(db, step),
};

/** Deletes memories created at `step` or later and restores last-accessed values from before `step`. */
function truncateMemories(db: Db, step: number): void {
  db.prepare(
    `UPDATE memories SET last_accessed = (
       SELECT t.previous_accessed FROM memory_touches t WHERE t.memory_id = memories.id AND t.step >= ? ORDER BY t.step LIMIT 1)
     WHERE id IN (SELECT memory_id FROM memory_touches WHERE step >= ?)`,
  ).run(step, step);
  db.prepare('DELETE FROM memory_touches WHERE step >= ?').run(step);
  db.prepare('DELETE FROM memories WHERE step >= ?').run(step);
}

interface MemoryRow {
  id: number;
  agent_id: string;
  type: MemoryType;
  step: number;
  created: number;
  last_accessed: number;
  expires_at: number | null;
  subject: string;
  predicate: string;
  object: string;
  description: string;
  importance: number;
  keywords: string;
  embedding_key: string;
  evidence: string;
  transcript: string | null;
  depth: number;
}

export interface MemoryRepositoryOptions {
  /** Folder for index files; default `<db file>.hnsw`, none for an in-memory database. `null` disables them. */
  indexDir?: string | null;
}

export class SqliteMemoryRepository implements MemoryRepository {
  readonly indexFiles: IndexFiles | null;
  private readonly insertMemory;
  private readonly insertTouch;
  private readonly updateAccessed;
  private readonly selectAgent;

  constructor(
    private readonly db: Db,
    options: MemoryRepositoryOptions = {},
  ) {
    const dir = options.indexDir === undefined ? (db.memory ? null : `${db.name}.hnsw`) : options.indexDir;
    this.indexFiles = dir ? new HnswIndexFiles(dir) : null;
    this.insertMemory = db.prepare(
      `INSERT INTO memories (id, agent_id, type, step, created, last_accessed, expires_at, subject, predicate, object,
         description, importance, keywords, embedding_key, evidence, transcript, depth)
       VALUES (@id, @agent_id, @type, @step, @created, @last_accessed, @expires_at, @subject, @predicate, @object,
         @description, @importance, @keywords, @embedding_key, @evidence, @transcript, @depth)`,
    );
    this.insertTouch = db.prepare('INSERT OR IGNORE INTO memory_touches (memory_id, step, previous_accessed) VALUES (?, ?, ?)');
    this.updateAccessed = db.prepare('UPDATE memories SET last_accessed = ? WHERE id = ?');
    this.selectAgent = db.prepare('SELECT * FROM memories WHERE agent_id = ? ORDER BY id');
  }

  loadMemories(agentId: string): MemoryRecord[] {
    return (this.selectAgent.all(agentId) as MemoryRow[]).map(fromRow);
  }

  maxId(): number {
    return (this.db.prepare('SELECT MAX(id) AS id FROM memories').get() as { id: number | null }).id ?? 0;
  }

  save(created: readonly MemoryRecord[], touches: readonly TouchRecord[]): void {
    if (created.length === 0 && touches.length === 0) return;
    this.db.transaction(() => {
      for (const m of created) this.insertMemory.run(toRow(m));
      for (const t of touches) {
        this.insertTouch.run(t.memoryId, t.step, t.previousAccessed);
        this.updateAccessed.run(t.lastAccessed, t.memoryId);
      }
    })();
  }

  truncateFrom(step: number): void {
    this.db.transaction(() => truncateMemories(this.db, step))();
  }

  /** Rows in the touch log (for tests and stats). */
  touchLogSize(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM memory_touches').get() as { n: number }).n;
  }
}

/**
 * An agent's memories created before `step`, oldest first, read-only (time travel in a replay;
 * empty for a file without memories). Their last-accessed values are as stored, not as of `step`.
 */
export function loadMemoriesBefore(db: Db, agentId: string, step: number): MemoryRecord[] {
  if (!hasTable(db, 'memories')) return [];
  return (db.prepare('SELECT * FROM memories WHERE agent_id = ? AND step < ? ORDER BY id').all(agentId, step) as MemoryRow[]).map(fromRow);
}

function toRow(m: MemoryRecord): MemoryRow {
  return {
    id: m.id,
    agent_id: m.agentId,
    type: m.type,
    step: m.step,
    created: m.created,
    last_accessed: m.lastAccessed,
    expires_at: m.expiresAt,
    subject: m.triple[0],
    predicate: m.triple[1],
    object: m.triple[2],
    description: m.description,
    importance: m.importance,
    keywords: JSON.stringify(m.keywords),
    embedding_key: m.embeddingKey,
    evidence: JSON.stringify(m.evidence),
    transcript: m.transcript ? JSON.stringify(m.transcript) : null,
    depth: m.depth,
  };
}

function fromRow(r: MemoryRow): MemoryRecord {
  return {
    id: r.id,
    agentId: asAgentId(r.agent_id),
    type: r.type,
    step: r.step,
    created: r.created,
    lastAccessed: r.last_accessed,
    expiresAt: r.expires_at,
    triple: [r.subject, r.predicate, r.object] as EventTriple,
    description: r.description,
    importance: r.importance,
    keywords: JSON.parse(r.keywords) as string[],
    embeddingKey: r.embedding_key,
    evidence: JSON.parse(r.evidence) as number[],
    transcript: r.transcript ? (JSON.parse(r.transcript) as ChatLine[]) : null,
    depth: r.depth,
  };
}

/** `<dir>/<agent>.bin` (hnswlib) and `<dir>/<agent>.json` (manifest, written last). */
export class HnswIndexFiles implements IndexFiles {
  constructor(readonly dir: string) {}

  pathFor(agentId: string): string {
    mkdirSync(this.dir, { recursive: true });
    return join(this.dir, `${encodeURIComponent(agentId)}.bin`);
  }

  readManifest(agentId: string): IndexManifest | null {
    try {
      return JSON.parse(readFileSync(this.manifestPath(agentId), 'utf8')) as IndexManifest;
    } catch {
      return null; // absent or unreadable: the index is rebuilt
    }
  }

  writeManifest(agentId: string, manifest: IndexManifest): void {
    const path = this.manifestPath(agentId);
    writeFileSync(`${path}.tmp`, JSON.stringify(manifest));
    renameSync(`${path}.tmp`, path);
  }

  private manifestPath(agentId: string): string {
    return join(this.dir, `${encodeURIComponent(agentId)}.json`);
  }
}
