import { rmSync } from 'node:fs';
import { createServer, type Server as NetServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openTown } from '../../../server/cli/town';
import { createHamletServer, type HamletServer } from '../../../server/net/server';
import { writeMiniTown } from '../../support/miniTown';
import { ManualTimers } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A real TCP socket holding a free port, so listening there fails with EADDRINUSE. */
async function occupyPort(): Promise<number> {
  const blocker: NetServer = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  return (blocker.address() as AddressInfo).port;
}

async function unstartedServer(): Promise<HamletServer> {
  const files = writeMiniTown();
  const town = await openTown({ mapPath: files.mapPath, personasPath: files.personasPath, dbPath: ':memory:', seed: 3 });
  const server = createHamletServer({ sim: town.sim, token: 'secret-token', clientDir: null, runner: { timers: new ManualTimers(), stepsPerSecond: 5 } });
  cleanups.push(async () => {
    await server.close();
    town.store.close();
    rmSync(files.dir, { recursive: true, force: true });
  });
  return server;
}

describe('listening after busy ports', () => {
  it('leaves no listener behind per failed try, so skipping many busy ports warns about nothing', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    cleanups.push(() => void process.off('warning', onWarning));

    // `hamlet start` tries up to 20 ports; more than 10 failures once overflowed 'listening'.
    const busy: number[] = [];
    for (let i = 0; i < 12; i++) busy.push(await occupyPort());
    const server = await unstartedServer();
    const baseline = { listening: server.http.listenerCount('listening'), error: server.http.listenerCount('error') };
    for (const port of busy) await expect(server.listen(port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    expect(server.http.listenerCount('listening')).toBe(baseline.listening);
    expect(server.http.listenerCount('error')).toBe(baseline.error);

    const { port } = await server.listen(0);
    expect(port).toBeGreaterThan(0);
    expect(busy).not.toContain(port);
    expect(server.http.listenerCount('listening')).toBe(baseline.listening);
    expect(server.http.listenerCount('error')).toBe(baseline.error);
    // process warnings are emitted on a later tick
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });
});
