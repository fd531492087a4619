import { describe, expect, it } from 'vitest';
import { normalizeOrigin, originAllowed, servedHosts, servedOrigins } from '../../../server/net/origins';

const machine = {
  hostname: 'Townhost',
  interfaces: () => ({
    lo: [{ address: '127.0.0.1', family: 'IPv4' }],
    eth0: [
      { address: '192.168.1.20', family: 'IPv4' },
      { address: 'fe80::1', family: 'IPv6' },
    ],
  }) as unknown as ReturnType<typeof import('node:os').networkInterfaces>,
};

describe('origins', () => {
  it('normalizes origins and refuses what is not one', () => {
    expect(normalizeOrigin('HTTP://Town.Example:80/page?x')).toBe('http://town.example');
    expect(normalizeOrigin('https://town.example:8443')).toBe('https://town.example:8443');
    expect(() => normalizeOrigin('town.example')).toThrow(/not a URL/);
    expect(() => normalizeOrigin('file:///etc/passwd')).toThrow(/not an http\(s\) origin/);
  });

  it('serves a loopback listen under the loopback names only', () => {
    expect([...servedOrigins('127.0.0.1', 8080, [], machine)].sort()).toEqual(['http://127.0.0.1:8080', 'http://[::1]:8080', 'http://localhost:8080']);
    expect(servedHosts('::1', machine)).toContain('[::1]');
  });

  it('serves a specific address under that address', () => {
    expect([...servedOrigins('192.168.1.20', 8080, [], machine)]).toEqual(['http://192.168.1.20:8080']);
  });

  it('serves an all-interfaces listen under the machine addresses and name', () => {
    const v4 = servedOrigins('0.0.0.0', 8080, [], machine);
    expect(v4).toEqual(new Set(['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080', 'http://192.168.1.20:8080', 'http://townhost:8080', 'http://townhost.local:8080']));
    expect(servedOrigins('::', 8080, [], machine).has('http://[fe80::1]:8080')).toBe(true);
  });

  it('allows tools without an Origin, the served origins and the listed ones; nothing else', () => {
    const allowed = servedOrigins('127.0.0.1', 8080, ['https://Town.example'], machine);
    expect(originAllowed(undefined, allowed)).toBe(true);
    expect(originAllowed('http://127.0.0.1:8080', allowed)).toBe(true);
    expect(originAllowed('https://town.example', allowed)).toBe(true);
    for (const origin of ['http://evil.example:8080', 'https://127.0.0.1:8080', 'http://127.0.0.1:8081', 'http://town.example', 'null', '', 'garbage', 'http://127.0.0.1:8080.evil.example']) {
      expect(originAllowed(origin, allowed), origin).toBe(false);
    }
  });
});
