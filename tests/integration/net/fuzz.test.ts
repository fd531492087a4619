/**
 * A socket fuzzer: 10,000 seeded random and malformed messages from several connections — socket.io
 * clients with wrong or odd tokens sending random request names (built-in property names
 * included) and random payloads, and raw WebSocket connections sending broken engine.io /
 * socket.io frames — while well-behaved viewers watch the town step. Every socket.io request
 * must get an ack, no control request may succeed without the token, the viewers must receive
 * every step, and the town must run exactly as the same seed runs without the garbage.
 */
import { rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { io as connect } from 'socket.io-client';
import { openTown } from '../../../server/cli/town';
import { CONTROLLER_REQUESTS } from '../../../server/net/protocol';
import { writeMiniTown } from '../../support/miniTown';
import { connectViewer, runSteps, startTestTown, waitFor, type TestSocket, type TestTown, type Viewer } from './helpers';
import { seededRandom } from '../../support/seededRandom';

const MESSAGES = 10_000;
const SEED = 20261203;

const REQUESTS = ['pause', 'resume', 'setSpeed', 'stepOnce', 'inspect', 'resync', 'claimControl'];
const PROTO = ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', '__defineSetter__', 'prototype', 'then'];
const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener', 'error', 'message'];
const control = new Set<string>([...CONTROLLER_REQUESTS, 'claimControl']);

function fuzzer(rand: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const string = (max = 40): string => {
    const n = Math.floor(rand() * max);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCodePoint(pick([32 + Math.floor(rand() * 95), Math.floor(rand() * 0x2fff), 0, 0x1f600 + Math.floor(rand() * 80)]));
    return s;
  };
  const value = (depth = 0): unknown => {
    switch (Math.floor(rand() * (depth > 2 ? 6 : 9))) {
      case 0:
        return null;
      case 1:
        return rand() < 0.5;
      case 2:
        return pick([0, -1, 1e308, -1e-308, 2 ** 53 + 1, 0.1, 100, 101, Math.floor(rand() * 1e6) - 5e5]);
      case 3:
        return string();
      case 4:
        return pick(['ada-ash', 'secret-token', 'secret-tokeN', '', '../../etc/passwd', 'x'.repeat(600)]);
      case 5:
        return undefined;
      case 6:
        return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      default: {
        const o: Record<string, unknown> = {};
        for (let i = Math.floor(rand() * 4); i > 0; i--) o[pick(['stepsPerSecond', 'agentId', 'token', '__proto__', 'constructor', 'prototype', string(8)])] = value(depth + 1);
        if (rand() < 0.1) Object.defineProperty(o, '__proto__', { value: { polluted: true }, enumerable: true });
        return o;
      }
    }
  };
  const name = (): string => (rand() < 0.55 ? pick(REQUESTS) : rand() < 0.5 ? pick(PROTO) : rand() < 0.5 ? string(20) : pick(['', ' ', 'PAUSE', 'pause ', 'x'.repeat(1000)]));
  const args = (): unknown[] => {
    const n = pick([0, 1, 1, 1, 2, 3]);
    return Array.from({ length: n }, () => (rand() < 0.3 ? pick([{}, { stepsPerSecond: 100 }, { agentId: 'ada-ash' }, { token: 'secret-tokem' }]) : value()));
  };
  /** A raw frame for a WebSocket that skips the socket.io client: broken as often as not. */
  const frame = (ackId: number): { data: string | Buffer; ackName?: string } => {
    switch (Math.floor(rand() * 10)) {
      case 0:
        return { data: string(60) };
      case 1:
        return { data: `4${string(30)}` };
      case 2:
        return { data: `42${pick(['[', '{}', '[]', '[1]', '[null]', '["pause"', '"pause"', '[{"a":1}]', `["${pick(RESERVED)}"]`, '[["pause"]]'])}` };
      case 3:
        return { data: `451-["pause",{"_placeholder":true,"num":${Math.floor(rand() * 3)}}]` };
      case 4:
        return { data: Buffer.from(Array.from({ length: Math.floor(rand() * 64) }, () => Math.floor(rand() * 256))) };
      case 5:
        return { data: pick(['2', '3', '1', '6', '5', '40', '41', '40/admin,', '44', '2probe', '0']) };
      default: {
        const ackName = rand() < 0.7 ? pick(REQUESTS) : pick([...PROTO, ...RESERVED]);
        let payload: string;
        try {
          payload = JSON.stringify([ackName, ...args()]) ?? '[]';
        } catch {
          payload = '[]';
        }
        return { data: `42${ackId}${payload}`, ackName };
      }
    }
  };
  return { pick, value, name, args, frame, string };
}

let t: TestTown | null = null;
const closers: (() => void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await t?.cleanup();
  t = null;
});

describe('the socket server under a fuzzer', () => {
  // Bounded by its message count; the timeout only catches a hang (tests never assert wall-clock time).
  it(`answers ${MESSAGES.toLocaleString('en')} random and malformed messages without letting any control through, while viewers get every step`, { timeout: 60_000 }, async () => {
    const started = performance.now();
    const rand = seededRandom(SEED);
    const f = fuzzer(rand);
    // Generous limits so the garbage reaches validation and the handlers instead of bouncing off the rate limit.
    t = await startTestTown({ seed: 5, rateLimit: { perSecond: 1e9, burst: 1e9 }, log: () => {} });
    const viewers: Viewer[] = Array.from({ length: 3 }, () => connectViewer(t!.url));
    for (const v of viewers) closers.push(() => v.socket.close());
    await Promise.all(viewers.map((v) => v.firstSnapshot));

    // socket.io clients presenting no token, wrong tokens, and tokens of the wrong type.
    const auths: unknown[] = [{}, { token: 'secret-tokeN' }, { token: 42 }, { token: { $ne: '' } }, { token: ['secret-token'] }, { token: '' }];
    const sockets: TestSocket[] = auths.map((auth) => {
      const socket: TestSocket = connect(t!.url, { auth: auth as object, transports: ['websocket'], reconnection: false, forceNew: true });
      closers.push(() => socket.close());
      return socket;
    });
    await Promise.all(sockets.map((s) => new Promise((r) => s.once('snapshot', r))));

    // Raw WebSockets that speak (broken) engine.io; reopened whenever the server drops one.
    const wsUrl = `${t.url.replace(/^http/, 'ws')}socket.io/?EIO=4&transport=websocket`;
    const raw = { opened: 0, dropped: 0, acks: [] as { name: string; body: string }[] };
    const pendingRaw = new Map<number, string>();
    const openRaw = () =>
      new Promise<WebSocket>((resolve) => {
        const ws = new WebSocket(wsUrl);
        raw.opened++;
        ws.on('message', (data) => {
          const text = data.toString();
          const ack = /^43(\d+)(.*)$/s.exec(text);
          if (ack && pendingRaw.has(Number(ack[1]))) raw.acks.push({ name: pendingRaw.get(Number(ack[1]))!, body: ack[2] });
          if (text.startsWith('0')) ws.send('40');
          if (text.startsWith('40')) resolve(ws);
          if (text === '2') ws.send('3'); // answer the server's ping like a client
        });
        ws.on('close', () => raw.dropped++);
        ws.on('error', () => {});
        closers.push(() => ws.terminate());
      });
    const rawSockets = [await openRaw(), await openRaw()];

    let expectedAcks = 0;
    const acks: { name: string; answer: unknown }[] = [];
    let sent = 0;
    let rawSent = 0;
    let ackId = 1;
    const BATCH = 250;
    while (sent < MESSAGES) {
      for (let i = 0; i < BATCH && sent < MESSAGES; i++, sent++) {
        if (rand() < 0.2) {
          const index = Math.floor(rand() * rawSockets.length);
          if (rawSockets[index].readyState !== WebSocket.OPEN) rawSockets[index] = await openRaw();
          const { data, ackName } = f.frame(ackId);
          if (ackName) pendingRaw.set(ackId++, ackName);
          rawSockets[index].send(data);
          rawSent++;
          continue;
        }
        const socket = f.pick(sockets);
        const name = f.name();
        if (RESERVED.includes(name)) continue; // the client itself refuses to send these (the raw sockets do)
        const args = f.args();
        const emit = socket.emit as unknown as (event: string, ...a: unknown[]) => void;
        if (rand() < 0.8) {
          expectedAcks++;
          emit.call(socket, name, ...args, (answer: unknown) => acks.push({ name, answer }));
        } else {
          emit.call(socket, name, ...args);
        }
      }
      // The town steps between batches; every request of the batch is answered first.
      await waitFor(() => acks.length === expectedAcks, `acks (${acks.length} of ${expectedAcks})`, 200_000);
      await runSteps(t, viewers[0], 1);
    }
    const steps = t.town.sim.state.step;
    await Promise.all(viewers.map((v) => v.stepReached(steps - 1)));
    await new Promise((r) => setTimeout(r, 50)); // late raw acks

    // Every socket.io request got an ack of the promised shape; none changed who controls the town.
    expect(acks).toHaveLength(expectedAcks);
    for (const { name, answer } of acks) {
      expect(answer, name).toMatchObject({ ok: expect.any(Boolean) });
      if (control.has(name)) expect(answer, name).toMatchObject({ ok: false });
      if ((answer as { ok: boolean }).ok === false) expect(typeof (answer as { error: unknown }).error).toBe('string');
    }
    for (const { name, body } of raw.acks) {
      if (control.has(name)) expect(JSON.parse(body), name).toEqual([{ ok: false, error: expect.any(String) }]);
    }
    expect(sockets.every((s) => s.connected)).toBe(true);
    expect(t.server.runner.status).toEqual({ paused: false, speed: 5, step: steps, time: t.town.sim.time });
    expect(t.town.sim.pendingInputs).toEqual([]);

    // The viewers saw every step, in order, as stored.
    const stored = [...t.town.store.readSteps(0, steps)];
    for (const v of viewers) expect(v.steps).toEqual(stored);
    expect(steps).toBe(MESSAGES / BATCH);

    // And the town ran exactly as the same seed runs with nobody sending garbage.
    const files = writeMiniTown();
    const quiet = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: ':memory:', seed: 5 });
    for (let i = 0; i < steps; i++) await quiet.sim.step();
    const hash = (deltas: unknown[]) => createHash('sha256').update(JSON.stringify(deltas)).digest('hex');
    expect(hash(stored)).toBe(hash([...quiet.store.readSteps(0, steps)]));
    expect(JSON.stringify(t.town.sim.state)).toBe(JSON.stringify(quiet.sim.state));
    quiet.store.close();
    rmSync(files.dir, { recursive: true, force: true });

    const seconds = (performance.now() - started) / 1000;
    console.info(
      `fuzz: ${sent} messages (${rawSent} raw frames, ${raw.opened} raw connections, ${raw.dropped} dropped by the server), ${acks.length} socket.io acks + ${raw.acks.length} raw acks, ${steps} steps, ${seconds.toFixed(1)} s`,
    );
  });
});
