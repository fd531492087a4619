/**
 * One run in one file, to move it to another machine: `hamlet export` / `hamlet import`.
 *
 * The file is a small container around a consistent copy of the simulation's SQLite file
 * (VACUUM INTO: one snapshot of the database even while another process writes it, without free
 * pages or a WAL), compressed with gzip. The SQLite file already holds everything replay needs
 * (meta with the map and personas, step log, snapshots, memories, embeddings, model calls); the
 * hnsw index folder is left out because it is rebuilt from the stored embeddings.
 *
 * Layout (big-endian): 8 bytes magic "HAMLETRN", u32 container version, u64 length of the SQLite
 * file, u64 length of the gzip payload, 32 bytes SHA-256 of the SQLite file, then the payload.
 * The lengths tell a truncated file from a damaged one; the hash catches any other change.
 *
 * Nothing is ever half-written: both directions write a temporary file next to the target and
 * rename it into place only when it is complete and checked.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import Database from 'better-sqlite3';
import { SimulationStore } from './simulationStore';
import { checkSimulationFile, StoreFormatError } from './parts';

export const EXPORT_MAGIC = Buffer.from('HAMLETRN', 'ascii');
export const EXPORT_CONTAINER_VERSION = 1;
const HEADER_BYTES = 8 + 4 + 8 + 8 + 32;

export interface ExportHeader {
  version: number;
  rawBytes: number;
  payloadBytes: number;
  sha256: string;
}

/** Told how far a long copy has come (bytes of the SQLite file done, of total). */
export type ByteProgress = (done: number, total: number) => void;

/** An export file that cannot be imported: unknown, truncated or damaged. The message names the file. */
export class ExportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportFileError';
  }
}

function encodeHeader(h: ExportHeader): Buffer {
  const buf = Buffer.alloc(HEADER_BYTES);
  EXPORT_MAGIC.copy(buf, 0);
  buf.writeUInt32BE(h.version, 8);
  buf.writeBigUInt64BE(BigInt(h.rawBytes), 12);
  buf.writeBigUInt64BE(BigInt(h.payloadBytes), 20);
  Buffer.from(h.sha256, 'hex').copy(buf, 28);
  return buf;
}

/** Reads and checks the header of an export file; throws ExportFileError naming the file. */
export function readExportHeader(file: string): ExportHeader {
  if (!existsSync(file)) throw new ExportFileError(`No export file at ${file}`);
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(HEADER_BYTES);
    const got = readSync(fd, buf, 0, HEADER_BYTES, 0);
    if (got < EXPORT_MAGIC.length || !buf.subarray(0, EXPORT_MAGIC.length).equals(EXPORT_MAGIC)) {
      throw new ExportFileError(`${file} is not a Hamlet export (unknown format); make one with: hamlet export <db> <file>`);
    }
    if (got < HEADER_BYTES) throw new ExportFileError(`${file} is truncated: it ends inside its header (${size} bytes)`);
    const version = buf.readUInt32BE(8);
    if (version !== EXPORT_CONTAINER_VERSION) {
      throw new ExportFileError(`${file} is a Hamlet export of container version ${version}; this Hamlet reads version ${EXPORT_CONTAINER_VERSION} (a newer Hamlet made it?)`);
    }
    const header = { version, rawBytes: Number(buf.readBigUInt64BE(12)), payloadBytes: Number(buf.readBigUInt64BE(20)), sha256: buf.subarray(28, 60).toString('hex') };
    const expected = HEADER_BYTES + header.payloadBytes;
    if (size < expected) throw new ExportFileError(`${file} is truncated: ${size} of ${expected} bytes (copy it again)`);
    if (size > expected) throw new ExportFileError(`${file} is damaged: ${size - expected} unexpected bytes after its end`);
    return header;
  } finally {
    closeSync(fd);
  }
}

/** Counts bytes (and hashes them) as they pass. */
function meter(onBytes: (chunk: Buffer) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk);
      done(null, chunk);
    },
  });
}

function tempNextTo(target: string): string {
  return join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
}

export interface ExportResult {
  file: string;
  rawBytes: number;
  fileBytes: number;
  steps: number;
}

/**
 * Writes `dbPath` as one export file at `file` (replaced only when `overwrite`). The source is
 * opened read-only and never changed; a run still being written is exported as of now.
 */
export async function exportRun(dbPath: string, file: string, options: { overwrite?: boolean; progress?: ByteProgress } = {}): Promise<ExportResult> {
  if (existsSync(file) && !options.overwrite) throw new Error(`${file} already exists; choose another file or add --overwrite`);
  // Opening it the normal way refuses files that are not Hamlet simulations, with the usual messages.
  const store = SimulationStore.open(dbPath, { readonly: true });
  const work = mkdtempSync(join(tmpdir(), 'hamlet-export-'));
  const copy = join(work, 'run.db');
  let steps: number;
  try {
    steps = store.stepCount();
    store.db.exec(`VACUUM INTO '${copy.replace(/'/g, "''")}'`);
  } finally {
    store.close();
  }
  try {
    const { rawBytes, fileBytes } = await packExportFile(copy, file, options.progress);
    return { file, rawBytes, fileBytes, steps };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Writes the SQLite file `sqlitePath` (a throwaway copy: it is switched out of WAL mode) into the
 * export container at `file`, atomically. exportRun's second half; tests use it to make files
 * whose content import must refuse.
 */
export async function packExportFile(sqlitePath: string, file: string, progress?: ByteProgress): Promise<{ rawBytes: number; fileBytes: number }> {
  const copy = sqlitePath;
  const partial = tempNextTo(file);
  try {
    mkdirSync(dirname(file), { recursive: true });
    // A single self-contained file: no WAL mode, so the copy never needs -wal/-shm companions.
    const db = new Database(copy);
    db.pragma('journal_mode = DELETE');
    db.close();
    const rawBytes = statSync(copy).size;
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(copy)) hash.update(chunk as Buffer);
    const header: ExportHeader = { version: EXPORT_CONTAINER_VERSION, rawBytes, payloadBytes: 0, sha256: hash.digest('hex') };
    const out = createWriteStream(partial);
    out.write(encodeHeader(header));
    let done = 0;
    let payloadBytes = 0;
    await pipeline(
      createReadStream(copy),
      meter((c) => {
        done += c.length;
        progress?.(done, rawBytes);
      }),
      createGzip({ level: 9 }),
      meter((c) => (payloadBytes += c.length)),
      out,
    );
    // The payload's length is known only now: fill it into the header.
    const fd = openSync(partial, 'r+');
    try {
      writeSync(fd, encodeHeader({ ...header, payloadBytes }), 0, HEADER_BYTES, 0);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, file);
    return { rawBytes, fileBytes: HEADER_BYTES + payloadBytes };
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}

export interface ImportResult {
  dbPath: string;
  steps: number;
  rawBytes: number;
}

/**
 * Restores an export file as the simulation file `target`. The file is checked whole (header,
 * lengths, SHA-256, then opened as a Hamlet simulation) before it is renamed into place, so an
 * unknown, truncated or damaged file changes nothing.
 */
export async function importRun(file: string, target: string, options: { overwrite?: boolean; progress?: ByteProgress } = {}): Promise<ImportResult> {
  const header = readExportHeader(file);
  if (existsSync(target) && !options.overwrite) throw new Error(`${target} already exists; choose another name with --as NAME, or add --overwrite`);
  const partial = tempNextTo(target);
  mkdirSync(dirname(target), { recursive: true });
  try {
    const hash = createHash('sha256');
    let rawBytes = 0;
    try {
      await pipeline(
        createReadStream(file, { start: HEADER_BYTES }),
        createGunzip(),
        meter((c) => {
          rawBytes += c.length;
          hash.update(c);
          if (rawBytes > header.rawBytes) throw new Error(`more data than its header says (${header.rawBytes} bytes)`);
          options.progress?.(rawBytes, header.rawBytes);
        }),
        createWriteStream(partial),
      );
    } catch (err) {
      throw new ExportFileError(`${file} is damaged: its compressed data cannot be read (${(err as Error).message})`);
    }
    if (rawBytes !== header.rawBytes) throw new ExportFileError(`${file} is damaged: it holds ${rawBytes} bytes where its header says ${header.rawBytes}`);
    if (hash.digest('hex') !== header.sha256) throw new ExportFileError(`${file} is damaged: its checksum (SHA-256) does not match`);
    // The run inside must be in a format this Hamlet reads, every stored part of it (parts.ts).
    try {
      checkSimulationFile(partial);
    } catch (err) {
      if (err instanceof StoreFormatError) {
        const why = err.known === null ? 'a part this Hamlet does not know' : `this Hamlet reads version ${err.known} of it`;
        throw new ExportFileError(
          `${file} holds a run in a format this Hamlet does not read: its "${err.part}" part is in format version ${String(err.version)} (${why})${typeof err.version === 'number' && (err.known === null || err.version > err.known) ? '; a newer Hamlet made it: import it with that one' : ''}`,
        );
      }
      throw new ExportFileError(`${file} does not hold a usable Hamlet simulation: ${(err as Error).message.replaceAll(partial, 'the stored file')}`);
    }
    let steps: number;
    try {
      const store = SimulationStore.open(partial, { readonly: true });
      steps = store.stepCount();
      store.close();
    } catch (err) {
      throw new ExportFileError(`${file} does not hold a usable Hamlet simulation: ${(err as Error).message.replaceAll(partial, 'the stored file')}`);
    }
    renameSync(partial, target);
    return { dbPath: target, steps, rawBytes };
  } finally {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(partial + suffix, { force: true });
  }
}
