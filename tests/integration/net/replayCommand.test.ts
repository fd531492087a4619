/**
 * `hamlet replay <db>` as a user runs it: usage errors exit 2 with one line, a missing file 1;
 * on a stored run it prints the Watch and Control links, serves the replay (snapshot.replay) and
 * stops on Ctrl-C with 130, leaving the file as it was.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openTown } from '../../../server/cli/town';
import { SimulationStore } from '../../../server/store/simulationStore';
import { writeMiniTown } from '../../support/miniTown';
import { connectViewer, request } from './helpers';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const HAMLET = join(ROOT, 'server', 'cli', 'hamlet.js');

function hamlet(...args: string[]) {
  return spawnSync(process.execPath, [HAMLET, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('hamlet replay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hamlet-replay-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses bad usage with one line', () => {
    const help = hamlet('replay', '--help');
    expect(help.status).toBe(0);
    for (const flag of ['--port', '--host', '--token', '--speed', '--paused', '--at']) expect(help.stdout).toContain(flag);
    expect(hamlet('replay').stderr.trim()).toBe('hamlet: give one simulation file: hamlet replay <db>');
    expect(hamlet('replay').status).toBe(2);
    expect(hamlet('replay', 'a.db', '--speed', '500').status).toBe(2);
    const missing = hamlet('replay', join(dir, 'nope.db'));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`hamlet: No simulation file at ${join(dir, 'nope.db')}`);
  });

  it('serves a stored run read-only and stops on Ctrl-C', { timeout: 120_000 }, async () => {
    const files = writeMiniTown(join(dir, 'town'));
    const db = join(dir, 'run.db');
    const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: db, seed: 4 });
    while (town.sim.state.step < 120) await town.sim.step();
    town.store.close();
    const hashBefore = (() => {
      const s = SimulationStore.open(db, { readonly: true });
      const hash = s.stepLogHash();
      s.close();
      return hash;
    })();

    const child = spawn(process.execPath, [HAMLET, 'replay', db, '--port', '0', '--at', '60', '--token', 'replay-cli-token-1234'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 1000 && !/Control:\s+\S+/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toMatch(/Hamlet replay — Minitown: 4 people/);
      expect(out).toMatch(/steps 0–120/);
      const url = /Watch:\s+(\S+)/.exec(out)![1];
      expect(out).toContain(`Control:  ${url}#token=replay-cli-token-1234`);
      const controller = connectViewer(url, 'replay-cli-token-1234');
      const snapshot = await controller.firstSnapshot;
      // A rule-based run: its people keep no memories to interview, and the snapshot says so.
      expect(snapshot.replay).toEqual({ firstStep: 0, lastStep: 120, interviews: expect.stringMatching(/rule-based mind/) });
      expect(out).toMatch(/interviews of the past: interviews need a language model, and this run used the rule-based mind/);
      expect(snapshot.status.step).toBeGreaterThanOrEqual(60);
      expect(await request(controller.socket, 'seek', { step: 10 })).toMatchObject({ ok: true, snapshot: { status: { step: 10 } } });
      controller.socket.close();
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(130);
    const s = SimulationStore.open(db, { readonly: true });
    expect(s.stepLogHash()).toBe(hashBefore);
    expect(s.stepCount()).toBe(120);
    s.close();
  });
});
