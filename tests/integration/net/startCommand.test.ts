import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listenOnFreePort } from '../../../server/cli/commands/start';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

function hamlet(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, 'server', 'cli', 'hamlet.js'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
}

describe('hamlet start', () => {
  it('documents its flags and refuses bad ones with a clear message', () => {
    const help = hamlet('start', '--help');
    expect(help.status).toBe(0);
    for (const flag of ['--port', '--host', '--token', '--speed', '--paused', '--dev', '--map', '--db', '--resume']) expect(help.stdout).toContain(flag);
    const slow = hamlet('start', '--speed', '0');
    expect(slow.status).toBe(2);
    expect(slow.stderr).toMatch(/--speed must be at least 0\.1/);
    for (const flag of ['--allow-origin']) expect(help.stdout).toContain(flag);
    const token = hamlet('start', '--token', 'fifteen-chars-x');
    expect(token.status).toBe(2);
    expect(token.stderr.trim()).toBe('hamlet: --token (or HAMLET_TOKEN) must be at least 16 characters; leave it out for a random one');
    const origin = hamlet('start', '--allow-origin', 'ftp://town.example');
    expect(origin.status).toBe(2);
    expect(origin.stderr).toMatch(/--allow-origin: "ftp:\/\/town.example" is not an http\(s\) origin/);
    const port = hamlet('start', '--port', '70000');
    expect(port.status).toBe(2);
  });

  it('takes 8080 or the next free port, but an explicit busy port is an error', async () => {
    const busy = new Set([8080, 8081]);
    const tried: number[] = [];
    const listen = async (port: number) => {
      tried.push(port);
      if (busy.has(port)) throw Object.assign(new Error('busy'), { code: 'EADDRINUSE' });
      return { port, url: `http://127.0.0.1:${port}/` };
    };
    expect((await listenOnFreePort(listen, '127.0.0.1', undefined)).port).toBe(8082);
    expect(tried).toEqual([8080, 8081, 8082]);
    await expect(listenOnFreePort(listen, '127.0.0.1', 8081)).rejects.toThrow(/port 8081 is already in use/);
  });
});
