/**
 * The embedding cache table: one row per (model, normalised text) hash, the vector as a
 * little-endian Float32 BLOB. Implements the mind's EmbeddingStore.
 */
import type { EmbeddingStore, StoredEmbedding } from '../mind/memory/repository';
import type { Db, StoredPart } from './database';

export const embeddingsPart: StoredPart = {
  name: 'embeddings',
  version: 1,
  tables: ['embeddings'],
  schema: `
CREATE TABLE IF NOT EXISTS embeddings (
  key TEXT PRIMARY KEY,   -- hash of model + normalised text (see CachedEmbedder.keyOf)
  model TEXT NOT NULL,
  dims INTEGER NOT NULL,
  text TEXT NOT NULL,     -- the normalised text that was embedded
  vector BLOB NOT NULL    -- dims little-endian float32
);
`,
  // No rewind: a cache keyed by model and text, true at any step; vectors a rewound or forked run
  // no longer uses cost a few bytes and spare it an embedding call if the text comes again.
};

interface EmbeddingRow {
  key: string;
  model: string;
  dims: number;
  text: string;
  vector: Buffer;
}

export class SqliteEmbeddingStore implements EmbeddingStore {
  private readonly selectOne;
  private readonly insert;

  constructor(private readonly db: Db) {
    this.selectOne = db.prepare('SELECT key, model, dims, text, vector FROM embeddings WHERE key = ?');
    this.insert = db.prepare('INSERT OR IGNORE INTO embeddings (key, model, dims, text, vector) VALUES (?, ?, ?, ?, ?)');
  }

  get(keys: readonly string[]): Map<string, StoredEmbedding> {
    const found = new Map<string, StoredEmbedding>();
    for (const key of keys) {
      if (found.has(key)) continue;
      const row = this.selectOne.get(key) as EmbeddingRow | undefined;
      if (row) found.set(key, { key, model: row.model, text: row.text, vector: blobToVector(row.vector) });
    }
    return found;
  }

  put(entries: readonly StoredEmbedding[]): void {
    this.db.transaction(() => {
      for (const e of entries) this.insert.run(e.key, e.model, e.vector.length, e.text, vectorToBlob(e.vector));
    })();
  }

  /** Rows stored (all models). */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM embeddings').get() as { n: number }).n;
  }
}

export function vectorToBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** Copies (a blob's bytes need not be 4-byte aligned for a Float32Array view). */
export function blobToVector(blob: Buffer): Float32Array {
  const vector = new Float32Array(blob.byteLength / 4);
  new Uint8Array(vector.buffer).set(blob);
  return vector;
}
