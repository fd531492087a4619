import { describe, expect, it } from 'vitest';
import { generateToken, roleFor, tokenMatches } from '../../../server/net/roles';

describe('roles', () => {
  it('generates URL-safe random tokens long enough for the 16-character minimum', () => {
    const tokens = new Set(Array.from({ length: 50 }, generateToken));
    expect(tokens.size).toBe(50);
    for (const t of tokens) {
      expect(t).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(encodeURIComponent(t)).toBe(t);
    }
  });

  it('matches only the exact token, whatever the length or type of the guess', () => {
    expect(tokenMatches('secret-token-123', 'secret-token-123')).toBe(true);
    for (const guess of ['secret-token-12', 'secret-token-1234', 'Secret-token-123', '', ' secret-token-123', 'x'.repeat(10_000)]) {
      expect(tokenMatches('secret-token-123', guess), guess.slice(0, 20)).toBe(false);
    }
    for (const guess of [undefined, null, 42, ['secret-token-123'], { toString: () => 'secret-token-123' }]) {
      expect(tokenMatches('secret-token-123', guess)).toBe(false);
    }
  });

  it('makes a controller only of the right token', () => {
    expect(roleFor('secret-token-123', 'secret-token-123')).toBe('controller');
    expect(roleFor('secret-token-123', undefined)).toBe('viewer');
    expect(roleFor('secret-token-123', 'nope')).toBe('viewer');
  });
});
