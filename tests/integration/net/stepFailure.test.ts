import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunStatus } from '../../../server/net/protocol';
import { connectViewer, request, runSteps, startTestTown, waitFor, type TestTown, type Viewer } from './helpers';

let t: TestTown | null = null;
let dir: string | null = null;
const viewers: Viewer[] = [];
afterEach(async () => {
  for (const v of viewers.splice(0)) v.socket.close();
  await t?.cleanup();
  t = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('a live town whose disk fills up', () => {
  it('pauses, tells every viewer why in the status, logs one clear line, and goes on after Resume', async () => {
    dir = mkdtempSync(join(tmpdir(), 'hamlet-full-'));
    const file = join(dir, 'sim.db');
    const logged: { message: string; err?: unknown }[] = [];
    t = await startTestTown({ db: file, log: (message, err) => logged.push({ message, err }), runner: { file } });
    const v = connectViewer(t.url);
    const boss = connectViewer(t.url, 'secret-token');
    viewers.push(v, boss);
    await v.firstSnapshot;
    await boss.firstSnapshot;
    await runSteps(t, v, 3);

    // A real SQLITE_FULL: the file may not grow by a single page any more.
    const db = t.town.store.db;
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    let failedAt = -1;
    for (let i = 0; i < 200 && !t.server.runner.status.paused; i++) {
      failedAt = t.town.sim.state.step;
      expect(t.timers.fireNext()).toBe(true);
      await waitFor(() => !t!.server.runner.busy, 'the step');
    }
    const reason = `disk full while saving step ${failedAt} to ${file}: free space and press Resume`;
    await waitFor(() => (v.statuses.at(-1) as RunStatus | undefined)?.paused === true, 'the pausing status');
    expect(v.statuses.at(-1)).toMatchObject({ paused: true, step: failedAt, pausedReason: reason });
    expect(t.timers.scheduled).toBe(0);
    // One line, no stack trace.
    expect(logged).toEqual([{ message: reason, err: undefined }]);
    // A viewer joining now sees the reason in its snapshot, as the page shows it by the clock.
    const late = connectViewer(t.url);
    viewers.push(late);
    expect((await late.firstSnapshot).status.pausedReason).toBe(reason);

    // Space freed, Resume: the reason goes, the failed step runs again and is stored once.
    db.pragma('max_page_count = 1073741823');
    expect(await request(boss.socket, 'resume', {})).toMatchObject({ ok: true, status: { paused: false } });
    expect(t.server.runner.status).not.toHaveProperty('pausedReason');
    await runSteps(t, v, 2);
    expect(t.town.store.stepCount()).toBe(failedAt + 2);
    expect(v.steps.map((d) => d.step)).toEqual(Array.from({ length: failedAt + 2 }, (_, i) => i));
  });

  it('logs a bug with its stack and says which step failed', async () => {
    const logged: { message: string; err?: unknown }[] = [];
    t = await startTestTown({ log: (message, err) => logged.push({ message, err }) });
    const v = connectViewer(t.url);
    viewers.push(v);
    await v.firstSnapshot;
    const mind = t.town.sim.mind as { decide: (...args: unknown[]) => unknown };
    mind.decide = () => {
      throw new TypeError('cannot read properties of undefined');
    };
    t.timers.fireNext();
    await waitFor(() => t!.server.runner.status.paused, 'the pause');
    await waitFor(() => v.statuses.length === 1, 'the status');
    expect(v.statuses[0]).toMatchObject({ paused: true, step: 0, pausedReason: 'step 0 failed: cannot read properties of undefined' });
    expect(logged).toHaveLength(1);
    expect(logged[0].message).toBe('step 0 failed: cannot read properties of undefined; the town is paused');
    expect(logged[0].err).toBeInstanceOf(TypeError);
  });
});
