/**
 * A stored run opened on a throwaway copy in a temp folder: what read-only interviews work on
 * (`hamlet interview`, interviews of the past in a replay), so the file itself is never written.
 * `prepare` writes the copy (a backup of the file, perhaps rewound); the town is then opened from
 * it with `--resume` semantics; `close` removes the folder. A failure anywhere removes it too.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTown, type MindFactory, type Town } from './town';

export async function openThrowawayCopy(prefix: string, prepare: (copy: string) => Promise<void>, mindFactory: MindFactory, runName?: string): Promise<{ town: Town; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const copy = join(dir, 'run.db');
  try {
    await prepare(copy);
    const town = await openTown({ dbPath: copy, resume: true, mindFactory, runName });
    return {
      town,
      close: () => {
        town.store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
