import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOfDay } from '../../../server/engine/clock';
import { SimulationStore } from '../../../server/store/simulationStore';
import { agentView, conversationViews } from '../../../server/net/views';
import { TownState } from '../../../client/src/state/townState';
import { connectViewer, request, runSteps, startTestTown, waitFor, type TestTown, type Viewer } from './helpers';
import { asAgentId } from '../../../server/engine/ids';

let t: TestTown | null = null;
const viewers: Viewer[] = [];
afterEach(async () => {
  for (const v of viewers.splice(0)) v.socket.close();
  await t?.cleanup();
  t = null;
});

function viewer(token?: string): Viewer {
  const v = connectViewer(t!.url, token);
  viewers.push(v);
  return v;
}

/** Object states compared the way the wire defines them: a missing entry means idle. */
function objectStates(objects: Record<string, string>, idle: (address: string) => string, addresses: string[]): Record<string, string> {
  return Object.fromEntries(addresses.map((a) => [a, objects[a] ?? idle(a)]));
}

describe('the Hamlet socket server', () => {
  it('sends a snapshot on join, then per-step messages that reproduce the stored log and the state', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hamlet-net-'));
    try {
      t = await startTestTown({ db: join(dir, 'sim.db'), seed: 4 });
      const early = viewer();
      const snapshot = await early.firstSnapshot;
      expect(snapshot.protocol).toBe(1);
      expect(snapshot.role).toBe('viewer');
      expect(snapshot.sim).toMatchObject({ world: 'Minitown', mind: 'rule-based (no language model)', seed: 4, secondsPerStep: 10 });
      expect(snapshot.status).toMatchObject({ paused: false, speed: 5, step: 0 });
      expect(snapshot.agents.map((a) => a.id)).toEqual(['ada-ash', 'ben-ash', 'cleo-birch', 'dev-birch']);
      expect(snapshot.map.url).toBe('/town/map.json');
      expect(snapshot.map.layers.map((l) => l.name)).toEqual(['ground']);

      // Morning in the mini town: people get up, walk to the cafe and greet each other.
      await runSteps(t, early, 400);
      const late = viewer(); // joins mid-run
      const lateSnapshot = await late.firstSnapshot;
      expect(lateSnapshot.status.step).toBe(400);
      await runSteps(t, early, 400);
      await late.stepReached(799);

      const { sim, store } = t.town;
      const stored = [...store.readSteps(0, 800)];
      expect(early.steps).toEqual(stored);
      expect(late.steps).toEqual(stored.slice(400));
      expect(stored.some((d) => d.chats?.length)).toBe(true);
      expect(stored.some((d) => d.agents?.some((a) => a.x !== undefined))).toBe(true);

      const idle = (a: string) => sim.map.objects.get(a)?.idleState ?? 'idle';
      const addresses = [...sim.map.objects.keys()];
      for (const [snap, steps] of [
        [snapshot, early.steps],
        [lateSnapshot, late.steps],
      ] as const) {
        const state = new TownState(snap);
        for (const d of steps) state.apply(d);
        expect(state.step).toBe(sim.state.step);
        expect(state.status.time).toBe(sim.time);
        expect([...state.agents.values()]).toEqual(sim.state.agents.map(agentView));
        expect([...state.conversations.values()]).toEqual(conversationViews(sim.state));
        expect(objectStates(state.objects, idle, addresses)).toEqual(objectStates(sim.state.objects, idle, addresses));
        expect(state.events).toEqual(sim.state.events);
      }
      // The same file read back independently agrees with what was streamed.
      const again = SimulationStore.open(join(dir, 'sim.db'), { readonly: true });
      expect([...again.readSteps(0, 800)]).toEqual(early.steps);
      again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets only a controller pause, resume and change speed, and tells every viewer', async () => {
    t = await startTestTown();
    const watcher = viewer();
    const boss = viewer('secret-token');
    expect((await watcher.firstSnapshot).role).toBe('viewer');
    expect((await boss.firstSnapshot).role).toBe('controller');

    const refused = await request(watcher.socket, 'pause', {});
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok === false && refused.error).toMatch(/controller/);
    expect(t.server.runner.status.paused).toBe(false);
    for (const name of ['resume', 'stepOnce']) expect((await request(watcher.socket, name, {})).ok).toBe(false);
    expect((await request(watcher.socket, 'setSpeed', { stepsPerSecond: 20 })).ok).toBe(false);
    expect(t.server.runner.status.speed).toBe(5);

    await runSteps(t, watcher, 3);
    const paused = await request(boss.socket, 'pause', {});
    expect(paused).toMatchObject({ ok: true, status: { paused: true, step: 3 } });
    expect(t.timers.scheduled).toBe(0); // nothing left to fire: the clock stopped
    await waitFor(() => watcher.statuses.length === 1, 'status broadcast');
    expect(watcher.statuses[0]).toMatchObject({ paused: true, step: 3 });

    const one = await request(boss.socket, 'stepOnce', {});
    expect(one).toMatchObject({ ok: true, status: { paused: true, step: 4 } });
    await watcher.stepReached(3);
    expect(t.timers.scheduled).toBe(0);

    expect(await request(boss.socket, 'setSpeed', { stepsPerSecond: 20 })).toMatchObject({ ok: true, status: { speed: 20 } });
    expect(await request(boss.socket, 'resume', {})).toMatchObject({ ok: true, status: { paused: false } });
    expect(t.timers.scheduled).toBe(1);
    await waitFor(() => watcher.statuses.length === 3, 'status broadcasts');
    expect(watcher.statuses.at(-1)).toMatchObject({ paused: false, speed: 20 });
    expect((await request(boss.socket, 'stepOnce', {})).ok).toBe(false); // only while paused
  });

  it('refuses every control request from a viewer while the town is paused too', async () => {
    t = await startTestTown({ runner: { paused: true } });
    const watcher = viewer();
    await watcher.firstSnapshot;
    for (const [name, payload] of [
      ['stepOnce', {}],
      ['resume', {}],
      ['pause', {}],
      ['setSpeed', { stepsPerSecond: 20 }],
    ] as const) {
      const answer = await request(watcher.socket, name, payload);
      expect(answer, name).toMatchObject({ ok: false });
      expect(answer.ok === false && answer.error, name).toMatch(/only a controller/);
    }
    expect(t.town.sim.state.step).toBe(0);
    expect(t.server.runner.status).toMatchObject({ paused: true, speed: 5, step: 0 });
    expect(watcher.steps).toEqual([]);
  });

  it('answers requests named like built-in object properties', async () => {
    t = await startTestTown();
    const v = viewer();
    await v.firstSnapshot;
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable']) {
      // A missing ack must fail here, not hang until the test times out.
      const answer = await Promise.race([request(v.socket, name, {}), new Promise((r) => setTimeout(() => r('no ack within 2 s'), 2_000))]);
      expect(answer, name).toEqual({ ok: false, error: `unknown request "${name}"` });
    }
    expect((await request(v.socket, 'inspect', { agentId: 'ada-ash' })).ok).toBe(true);
  });

  it('locks out wrong controller tokens per address across connections, with doubling delays', async () => {
    let now = 0;
    const logged: string[] = [];
    t = await startTestTown({ now: () => now, tokenGuard: { freeAttempts: 3, firstLockoutMs: 1_000, maxLockoutMs: 8_000, forgetAfterMs: 60_000, maxAddresses: 100 }, log: (m) => logged.push(m) });
    // Three wrong guesses from three connections of one address: two by claimControl, one in the handshake.
    for (const guess of ['guess-1', 'guess-2']) {
      const v = viewer();
      await v.firstSnapshot;
      expect(await request(v.socket, 'claimControl', { token: guess })).toEqual({ ok: false, error: 'wrong controller token' });
    }
    expect((await viewer('guess-3').firstSnapshot).role).toBe('viewer');
    // Locked out now: even the right token is not compared, on any connection.
    const fresh = viewer();
    await fresh.firstSnapshot;
    expect(await request(fresh.socket, 'claimControl', { token: 'secret-token' })).toEqual({ ok: false, error: 'too many wrong controller tokens from your address: try again in 1 s' });
    expect((await viewer('secret-token').firstSnapshot).role).toBe('viewer');
    expect(logged).toEqual(['3 wrong controller tokens from 127.0.0.1; its token checks are refused for 1 s']);
    // Each further wrong guess doubles the wait.
    now += 1_000;
    expect((await request(fresh.socket, 'claimControl', { token: 'guess-4' })).ok).toBe(false);
    now += 1_999;
    expect(await request(fresh.socket, 'claimControl', { token: 'secret-token' })).toMatchObject({ ok: false, error: /try again in 1 s/ });
    now += 1;
    expect((await request(fresh.socket, 'claimControl', { token: 'guess-5' })).ok).toBe(false);
    expect(await request(fresh.socket, 'claimControl', { token: 'secret-token' })).toMatchObject({ ok: false, error: /try again in 4 s/ });
    now += 4_000;
    // The right token after the wait works and clears the record.
    expect(await request(fresh.socket, 'claimControl', { token: 'secret-token' })).toEqual({ ok: true, role: 'controller' });
    expect((await viewer('secret-token').firstSnapshot).role).toBe('controller');
    expect(await request(viewer().socket, 'claimControl', { token: 'guess-6' })).toEqual({ ok: false, error: 'wrong controller token' });
  });

  it('upgrades a viewer that presents the token with claimControl', async () => {
    t = await startTestTown();
    const v = viewer();
    await v.firstSnapshot;
    expect(await request(v.socket, 'claimControl', { token: 'wrong' })).toMatchObject({ ok: false, error: 'wrong controller token' });
    expect((await request(v.socket, 'pause', {})).ok).toBe(false);
    expect(await request(v.socket, 'claimControl', { token: 'secret-token' })).toMatchObject({ ok: true, role: 'controller' });
    expect((await request(v.socket, 'pause', {})).ok).toBe(true);
  });

  it('answers bad payloads with error acks that never reach the simulation', async () => {
    t = await startTestTown();
    const boss = viewer('secret-token');
    await boss.firstSnapshot;
    const before = JSON.stringify(t.server.runner.status);
    const bad: [string, unknown[]][] = [
      ['setSpeed', [{ stepsPerSecond: 'fast' }]],
      ['setSpeed', [{ stepsPerSecond: 1e9 }]],
      ['setSpeed', [{ stepsPerSecond: -1 }]],
      ['setSpeed', [{ stepsPerSecond: 2, extra: true }]],
      ['setSpeed', [{}]],
      ['setSpeed', ['2']],
      ['setSpeed', [null]],
      ['pause', [{ now: true }]],
      ['pause', [{}, 'second payload']],
      ['inspect', [{}]],
      ['inspect', [{ agentId: 42 }]],
      ['inspect', [{ agentId: 'nobody' }]],
      ['claimControl', [{ token: '' }]],
      ['dropTables', [{}]],
    ];
    for (const [event, args] of bad) {
      const answer = await request(boss.socket, event, ...args);
      expect(answer, `${event} ${JSON.stringify(args)}`).toMatchObject({ ok: false });
      expect(answer.ok === false && answer.error.length).toBeGreaterThan(0);
    }
    const speed = await request(boss.socket, 'setSpeed', { stepsPerSecond: 'fast' });
    expect(speed.ok === false && speed.error).toMatch(/stepsPerSecond/);
    expect(JSON.stringify(t.server.runner.status)).toBe(before);
    expect(t.town.sim.pendingInputs).toEqual([]);
    // Still serving after all that.
    expect((await request(boss.socket, 'inspect', { agentId: 'ada-ash' })).ok).toBe(true);
  });

  it('rate-limits each connection on its own', async () => {
    let now = 0;
    t = await startTestTown({ rateLimit: { perSecond: 2, burst: 5 }, now: () => now });
    const flood = viewer();
    const calm = viewer();
    await flood.firstSnapshot;
    await calm.firstSnapshot;
    const answers = await Promise.all(Array.from({ length: 12 }, () => request(flood.socket, 'inspect', { agentId: 'ada-ash' })));
    expect(answers.filter((a) => a.ok)).toHaveLength(5);
    const limited = answers.find((a) => !a.ok);
    expect(limited?.ok === false && limited.error).toMatch(/rate limited/);
    expect((await request(calm.socket, 'inspect', { agentId: 'ada-ash' })).ok).toBe(true);
    now += 1000; // two more tokens a second later
    expect((await request(flood.socket, 'inspect', { agentId: 'ada-ash' })).ok).toBe(true);
  });

  it('inspects an agent: its state and what its mind shows', async () => {
    t = await startTestTown();
    const v = viewer();
    await v.firstSnapshot;
    await runSteps(t, v, 30);
    const answer = await request(v.socket, 'inspect', { agentId: 'dev-birch' });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const inspection = answer.inspection as import('../../../server/net/protocol').Inspection;
    const agent = t.town.sim.state.agents.find((a) => a.id === 'dev-birch')!;
    expect(inspection.step).toBe(30);
    expect(inspection.agent).toMatchObject({ id: 'dev-birch', name: 'Dev Birch', x: agent.tile.x, y: agent.tile.y, pathLength: agent.path.length });
    expect(inspection.agent.action.description).toBe(agent.action.description);
    expect(inspection.agent.place).not.toContain('Minitown');
    expect(inspection.insight?.persona.name).toBe('Dev Birch');
    expect(inspection.insight?.plan.length).toBeGreaterThan(0);
    expect(inspection.insight?.plan.filter((p) => p.current).length).toBeLessThanOrEqual(1);
    // The rule-based mind shows what the persona file gives them from the start.
    expect(inspection.insight?.known?.map((k) => k.description)).toContain('Dev Birch likes the coffee at Corner Cafe.');
    expect(inspection.insight?.reflections).toEqual([]);
  });

  it('marks the plan item under way at night, before the first item of the day (still asleep since last night)', async () => {
    t = await startTestTown();
    const night = startOfDay(t.town.sim.time) + 3 * 3_600_000;
    const insight = t.town.sim.mind.inspect(asAgentId('dev-birch'), night)!;
    const current = insight.plan.filter((p) => p.current);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ description: 'sleeping', emoji: '😴' });
    expect(current[0].start).toBeLessThanOrEqual(night);
    expect(current[0].end).toBeGreaterThan(night);
    // Each item says what it shows.
    for (const item of insight.plan) expect(item.emoji).toBeTruthy();
  });

  it('gives a reconnecting viewer a fresh snapshot, and answers resync', async () => {
    t = await startTestTown();
    const v = viewer();
    await v.firstSnapshot;
    await runSteps(t, v, 5);
    v.socket.disconnect();
    await runSteps(t, viewer(), 5); // the town goes on without it
    v.socket.connect();
    await waitFor(() => v.snapshots.length === 2, 'second snapshot');
    expect(v.snapshots[1].status.step).toBe(10);
    const resync = await request(v.socket, 'resync', {});
    expect(resync).toMatchObject({ ok: true, snapshot: { status: { step: 10 } } });
  });

  it('refuses browsers on other web sites but not its own page or tools', async () => {
    t = await startTestTown({ allowedOrigins: ['https://dashboard.example'] });
    const { io } = await import('socket.io-client');
    const attempt = (origin?: string) =>
      new Promise<string>((resolve) => {
        const socket = io(t!.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: origin ? { origin } : {} });
        socket.once('snapshot', () => {
          socket.close();
          resolve('snapshot');
        });
        socket.once('connect_error', () => {
          socket.close();
          resolve('refused');
        });
      });
    const own = new URL(t.url).origin;
    expect(await attempt('http://evil.example')).toBe('refused');
    expect(await attempt(own)).toBe('snapshot');
    expect(await attempt('https://dashboard.example')).toBe('snapshot');
    expect(await attempt()).toBe('snapshot');
  });

  it('refuses a DNS-rebinding page whose Host header matches its Origin, and another scheme or port', async () => {
    t = await startTestTown();
    const { io } = await import('socket.io-client');
    const port = new URL(t.url).port;
    const attempt = (origin: string, host?: string) =>
      new Promise<string>((resolve) => {
        const headers: Record<string, string> = { origin, ...(host ? { host } : {}) };
        const socket = io(t!.url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers });
        socket.once('snapshot', () => {
          socket.close();
          resolve('snapshot');
        });
        socket.once('connect_error', () => {
          socket.close();
          resolve('refused');
        });
      });
    // evil.example resolves to 127.0.0.1: its page sends Origin and Host both naming evil.example.
    expect(await attempt(`http://evil.example:${port}`, `evil.example:${port}`)).toBe('refused');
    expect(await attempt(`https://127.0.0.1:${port}`, `127.0.0.1:${port}`)).toBe('refused'); // scheme differs
    expect(await attempt(`http://127.0.0.1:${Number(port) + 1}`)).toBe('refused'); // port differs
    expect(await attempt('null')).toBe('refused'); // sandboxed frames, file: pages
    // Loopback listen: its loopback names are its own pages.
    for (const host of ['127.0.0.1', 'localhost', '[::1]']) expect(await attempt(`http://${host}:${port}`), host).toBe('snapshot');
  });

  it('serves the town art and the page, and nothing outside them', async () => {
    t = await startTestTown();
    const get = (path: string) => fetch(new URL(path, t!.url));
    const map = await get('/town/map.json');
    expect(map.status).toBe(200);
    expect(((await map.json()) as { width: number }).width).toBe(24);
    expect((await get('/town/characters.png')).status).toBe(404); // the mini town has no sheet
    expect((await get('/town/tilesets/0.png')).status).toBe(404); // nor a tileset image
    for (const path of ['/town/../minitown.personas.json', '/town/%2e%2e/minitown.tmj', '/..%2f..%2fetc%2fpasswd', '/town/tilesets/0']) {
      expect((await get(path)).status, path).toBe(404);
    }
    const page = await get('/');
    expect(page.status).toBe(404); // clientDir null: the API runs without a page
    expect(await page.text()).toMatch(/npm run build/);
  });

  it('serves a real client folder and no file beside it, however the path is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hamlet-static-'));
    try {
      const dist = join(dir, 'dist');
      mkdirSync(join(dist, 'assets'), { recursive: true });
      writeFileSync(join(dist, 'index.html'), '<!doctype html><title>town</title>');
      writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)');
      writeFileSync(join(dir, 'secret.txt'), 'the controller token');
      mkdirSync(join(dir, 'dist-secrets'));
      writeFileSync(join(dir, 'dist-secrets', 'key.txt'), 'a sibling folder sharing the prefix');
      t = await startTestTown({ clientDir: dist });
      const { request: httpRequest } = await import('node:http');
      // fetch() normalises "..", so send the raw paths over a plain HTTP request.
      const raw = (path: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const url = new URL(t!.url);
          const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
            let body = '';
            res.on('data', (d) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          req.on('error', reject);
          req.end();
        });
      expect(await raw('/')).toMatchObject({ status: 200, body: expect.stringContaining('town') });
      expect(await raw('/assets/app-1234.js')).toMatchObject({ status: 200 });
      for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/../../secret.txt', '/%2e%2e%2fdist-secrets/key.txt', '/../dist-secrets/key.txt', '/..\\secret.txt', '/%00index.html']) {
        const answer = await raw(path);
        expect(answer.status, path).toBe(404);
        expect(answer.body, path).not.toMatch(/controller token|sibling/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
