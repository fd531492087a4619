/**
 * When the page needs building again: a change to the client's files, and — since the static
 * site's page runs pure server code (the time-travel views) — to any server module the client
 * imports, directly or through that module's own imports.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientBuildReason } from '../../../server/net/clientBuild';

const root = mkdtempSync(join(tmpdir(), 'hamlet-client-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const write = (path: string, text: string, secondsAgo: number) => {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
  const t = Date.now() / 1000 - secondsAgo;
  utimesSync(full, t, t);
};

describe('clientBuildReason', () => {
  it('follows the client’s imports into the server modules it bundles', () => {
    write('client/index.html', '<html></html>', 100);
    write('client/src/main.ts', "import { view } from '../../server/net/view';\n", 100);
    write('server/net/view.ts', "import { minute } from '../engine/clock';\nexport const view = minute;\n", 100);
    write('server/engine/clock.ts', 'export const minute = 1;\n', 100);
    write('server/net/unrelated.ts', 'export const x = 1;\n', 100);
    write('client/dist/index.html', '<html></html>', 50);
    expect(clientBuildReason(root)).toBeNull();
    // Not bundled: no rebuild.
    write('server/net/unrelated.ts', 'export const x = 2;\n', 0);
    expect(clientBuildReason(root)).toBeNull();
    // Bundled through view.ts.
    write('server/engine/clock.ts', 'export const minute = 2;\n', 0);
    expect(clientBuildReason(root)).toBe(join('server', 'engine', 'clock.ts') + ' changed');
  });

  it('follows dynamic imports too (a part of the page loaded when first needed)', () => {
    write('client/index.html', '<html></html>', 100);
    // Written in two pieces: the test runner would take the whole text for this file's own import.
    write('client/src/main.ts', `const load = () => ${'import'}('../../server/net/later');\n`, 100);
    write('server/net/later.ts', "import { deep } from '../world/deep';\nexport const later = deep;\n", 100);
    write('server/world/deep.ts', 'export const deep = 1;\n', 100);
    write('client/dist/index.html', '<html></html>', 50);
    expect(clientBuildReason(root)).toBeNull();
    write('server/world/deep.ts', 'export const deep = 2;\n', 0);
    expect(clientBuildReason(root)).toBe(join('server', 'world', 'deep.ts') + ' changed');
  });
});
