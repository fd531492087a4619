/** Small SQLite helpers the stored parts use (a leaf module: the parts are listed by ./parts, which ./database imports). */
import type Database from 'better-sqlite3';

/** Whether the file has this table (read-only files may predate a part's tables). */
export function hasTable(db: Database.Database, name: string): boolean {
  return Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name));
}
