/**
 * Which web pages may open a socket: only pages this server itself serves. A browser sends the
 * page's origin (`scheme://host:port`) with the socket handshake; we compare it with the origins
 * we actually answer on — the listen address and port, the loopback names when listening on
 * loopback, this machine's addresses when listening on all interfaces — plus the ones named with
 * `--allow-origin`. The Host header is never trusted: a DNS-rebinding page (evil.example resolving
 * to 127.0.0.1) sends `Origin` and `Host` both as http://evil.example:PORT, so "Origin matches
 * Host" would let it watch the town. Tools that send no Origin (Node bots, curl) are not browsers
 * and cannot be tricked into connecting, so they are let in.
 */
import { hostname, networkInterfaces } from 'node:os';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** "https://Town.example:443/x" → "https://town.example"; throws a message naming the value when not an http(s) origin. */
export function normalizeOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`"${value}" is not a URL; write an origin like http://town.example:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`"${value}" is not an http(s) origin`);
  return url.origin;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address === 'localhost' || /^127\./.test(address) || address === '::ffff:127.0.0.1';
}

function hostPart(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** The host names (as they appear in a URL) under which a server listening on `address` is reached. */
export function servedHosts(address: string, machine = { hostname: hostname(), interfaces: () => networkInterfaces() }): string[] {
  const hosts = new Set<string>();
  if (address === '0.0.0.0' || address === '::' || address === '') {
    // All interfaces: every address of this machine, its name, and loopback.
    for (const name of LOOPBACK_NAMES) hosts.add(name);
    for (const list of Object.values(machine.interfaces())) {
      for (const info of list ?? []) if (address === '::' || info.family === 'IPv4') hosts.add(hostPart(info.address));
    }
    if (machine.hostname) {
      hosts.add(machine.hostname.toLowerCase());
      hosts.add(`${machine.hostname.toLowerCase()}.local`);
    }
  } else {
    hosts.add(hostPart(address.toLowerCase()));
    if (isLoopback(address)) for (const name of LOOPBACK_NAMES) hosts.add(name);
  }
  return [...hosts];
}

/** The origins of the pages this server serves on `address`:`port`, plus the extra ones given. */
export function servedOrigins(address: string, port: number, extra: readonly string[] = [], machine?: Parameters<typeof servedHosts>[1]): Set<string> {
  const origins = new Set(extra.map(normalizeOrigin));
  for (const host of servedHosts(address, machine)) origins.add(normalizeOrigin(`http://${host}:${port}`));
  return origins;
}

/** Whether a socket handshake with this Origin header may go ahead. */
export function originAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  let normalized: string;
  try {
    normalized = normalizeOrigin(origin);
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and garbage
  }
  return allowed.has(normalized);
}
