/**
 * attachHandlers on its own: a real socket.io server and clients, a real mini-town simulation
 * and runner, but no app factory — the order of checks, acks in every case, and failures.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { openTown, type Town } from '../../../server/cli/town';
import { attachHandlers, type HamletIo, type HandlerDeps } from '../../../server/net/handlers';
import type { Role, Snapshot } from '../../../server/net/protocol';
import { SimulationRunner } from '../../../server/net/runner';
import { DEFAULT_TOKEN_GUARD, TokenGuard } from '../../../server/net/tokenGuard';
import { writeMiniTown } from '../../support/miniTown';
import { ManualTimers, request, type TestSocket } from '../../integration/net/helpers';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function setup(overrides: Partial<HandlerDeps> = {}) {
  const files = writeMiniTown();
  const town: Town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: ':memory:', seed: 1 });
  const runner = new SimulationRunner(town.sim, { timers: new ManualTimers(), paused: true });
  const http = createServer();
  const io: HamletIo = new Server(http);
  const logged: { message: string; err?: unknown }[] = [];
  let now = 0;
  const deps: HandlerDeps = {
    sim: town.sim,
    runner,
    tokenGuard: new TokenGuard('handler-test-token', { ...DEFAULT_TOKEN_GUARD, freeAttempts: 2 }, () => now),
    snapshot: (role: Role) => ({ role, status: runner.status }) as unknown as Snapshot,
    rateLimit: { perSecond: 1, burst: 4 },
    now: () => now,
    log: (message, err) => logged.push({ message, err }),
    ...overrides,
  };
  attachHandlers(io, deps);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sockets: TestSocket[] = [];
  const client = async (token?: unknown) => {
    const socket: TestSocket = connect(url, { auth: token === undefined ? {} : { token: token as string }, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    const snapshot = await new Promise<Snapshot>((r) => socket.once('snapshot', r));
    return { socket, role: snapshot.role };
  };
  cleanup = async () => {
    for (const s of sockets) s.close();
    await new Promise((r) => io.close(r));
    town.store.close();
    rmSync(files.dir, { recursive: true, force: true });
  };
  return { town, runner, deps, logged, client, advance: (ms: number) => (now += ms) };
}

describe('socket handlers, the controller requests', () => {
  it('pauses, resumes, sets the speed, and refuses stepOnce while running', async () => {
    const s = await setup({ rateLimit: { perSecond: 100, burst: 100 } });
    const { socket } = await s.client('handler-test-token');
    expect(await request(socket, 'resume', {})).toMatchObject({ ok: true, status: { paused: false } });
    expect(await request(socket, 'stepOnce', {})).toEqual({ ok: false, error: 'pause the town first; stepOnce runs one step while paused' });
    expect(await request(socket, 'setSpeed', { stepsPerSecond: 4 })).toMatchObject({ ok: true, status: { speed: 4 } });
    expect(await request(socket, 'pause', {})).toMatchObject({ ok: true, status: { paused: true, speed: 4 } });
    expect(s.runner.status).toMatchObject({ paused: true, speed: 4 });
  });

  it('a wrong claimControl token is refused and leaves a viewer', async () => {
    const s = await setup({ rateLimit: { perSecond: 100, burst: 100 } });
    const { socket } = await s.client();
    expect(await request(socket, 'claimControl', { token: 'guess' })).toEqual({ ok: false, error: 'wrong controller token' });
    expect(await request(socket, 'pause', {})).toMatchObject({ ok: false, error: expect.stringMatching(/^only a controller can pause/) });
  });

  it('handshakes without a token, or an empty one, are no guesses: they never lock the controller out', async () => {
    const s = await setup();
    for (const token of [undefined, '', null, undefined, '', null]) expect((await s.client(token)).role).toBe('viewer');
    expect((await s.client('handler-test-token')).role).toBe('controller');
  });

  it('refuses requests without an ack quietly when rate-limited or unknown, and keeps serving', async () => {
    const s = await setup();
    const { socket } = await s.client();
    const emit = (event: string, payload: unknown) => (socket.emit as unknown as (e: string, p: unknown) => void).call(socket, event, payload);
    for (let i = 0; i < 6; i++) emit('inspect', { agentId: 'ada-ash' });
    emit('nope', {});
    // Answered in order: by this answer the server has refused the ones above.
    expect(await request(socket, 'inspect', { agentId: 'ada-ash' })).toEqual({ ok: false, error: 'rate limited: at most 1 requests per second' });
    s.advance(10_000);
    emit('nope', {});
    expect(await request(socket, 'inspect', { agentId: 'ada-ash' })).toMatchObject({ ok: true });
    expect(socket.connected).toBe(true);
  });

  it('logs a server failure to stderr by default', async () => {
    const boom = new Error('disk on fire');
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    let broken = false;
    try {
      const s = await setup({
        log: undefined,
        snapshot: (role: Role) => {
          if (broken) throw boom;
          return { role } as unknown as Snapshot;
        },
      });
      const { socket } = await s.client();
      broken = true;
      expect(await request(socket, 'resync', {})).toEqual({ ok: false, error: 'resync failed on the server' });
      expect(errors).toEqual([['hamlet: resync failed', boom]]);
    } finally {
      console.error = original;
    }
  });
});

describe('socket handlers', () => {
  it('gives the handshake token its role, through the per-address guard', async () => {
    const s = await setup();
    expect((await s.client('handler-test-token')).role).toBe('controller');
    expect((await s.client()).role).toBe('viewer');
    expect((await s.client('')).role).toBe('viewer'); // no guess: does not count
    expect((await s.client('wrong-1')).role).toBe('viewer');
    expect((await s.client('wrong-2')).role).toBe('viewer');
    expect((await s.client('handler-test-token')).role).toBe('viewer'); // locked out
    s.advance(1_000);
    expect((await s.client('handler-test-token')).role).toBe('controller');
  });

  it('rate-limits first, so even unknown and malformed requests spend the budget, and answers each', async () => {
    const s = await setup();
    const { socket } = await s.client();
    const answers = [
      await request(socket, 'nope', {}),
      await request(socket, 'toString', {}),
      await request(socket, 'inspect', {}),
      await request(socket, 'inspect', { agentId: 'ada-ash' }),
      await request(socket, 'inspect', { agentId: 'ada-ash' }),
    ];
    expect(answers.map((a) => (a.ok ? 'ok' : a.error))).toEqual([
      'unknown request "nope"',
      'unknown request "toString"',
      'invalid inspect payload: agentId: Invalid input: expected string, received undefined',
      'ok',
      'rate limited: at most 1 requests per second',
    ]);
  });

  it('ignores requests without an ack, refuses a second payload and checks the role after the payload', async () => {
    const s = await setup({ rateLimit: { perSecond: 100, burst: 100 } });
    const { socket } = await s.client();
    (socket.emit as unknown as (e: string, p: unknown) => void)('stepOnce', {}); // no ack: nothing to answer, nothing done
    expect(await request(socket, 'inspect', { agentId: 'ada-ash' }, 'two')).toEqual({ ok: false, error: 'inspect takes one payload object' });
    expect(await request(socket, 'setSpeed', { stepsPerSecond: 'x' })).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid setSpeed payload/) });
    expect(await request(socket, 'stepOnce', {})).toMatchObject({ ok: false, error: expect.stringMatching(/^only a controller can stepOnce/) });
    expect(s.town.sim.state.step).toBe(0);
    expect(await request(socket, 'claimControl', { token: 'handler-test-token' })).toEqual({ ok: true, role: 'controller' });
    expect(await request(socket, 'stepOnce', {})).toMatchObject({ ok: true, status: { paused: true, step: 1 } });
    expect(await request(socket, 'inspect', { agentId: 'nobody' })).toEqual({ ok: false, error: 'no agent "nobody" in this town' });
  });

  it('answers a server failure with a generic error and logs it; a mind that cannot describe an agent leaves insight null', async () => {
    const boom = new Error('disk on fire');
    let broken = false;
    const s = await setup({
      rateLimit: { perSecond: 100, burst: 100 },
      snapshot: (role: Role) => {
        if (broken) throw boom;
        return { role } as unknown as Snapshot;
      },
    });
    const { socket } = await s.client();
    broken = true;
    expect(await request(socket, 'resync', {})).toEqual({ ok: false, error: 'resync failed on the server' });
    expect(s.logged).toEqual([{ message: 'resync failed', err: boom }]);
    const mind = s.town.sim.mind as { inspect: (...a: unknown[]) => unknown };
    mind.inspect = () => {
      throw new Error('no memories');
    };
    const answer = await request(socket, 'inspect', { agentId: 'ada-ash' });
    expect(answer).toMatchObject({ ok: true, inspection: { insight: null, agent: { id: 'ada-ash' } } });
    expect(s.logged[1].message).toBe('the mind could not describe ada-ash');
  });
});
