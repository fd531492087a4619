import { describe, expect, it } from 'vitest';
import { CONTROLLER_REQUESTS, MAX_STEPS_PER_SECOND, MIN_STEPS_PER_SECOND } from '../../../server/net/protocol';
import { parseRequest, requestSchemas } from '../../../server/net/validation';

describe('request validation', () => {
  it('has a schema for every request, the controller ones included, and nothing inherited', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual(['cancelInput', 'claimControl', 'experiment', 'fork', 'inject', 'inspect', 'interview', 'pause', 'resume', 'resync', 'seek', 'setSpeed', 'stepOnce', 'timeline', 'whisper']);
    for (const name of CONTROLLER_REQUESTS) expect(Object.hasOwn(requestSchemas, name)).toBe(true);
    for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) expect(Object.hasOwn(requestSchemas, name)).toBe(false);
  });

  it('accepts well-formed payloads; a missing payload counts as an empty one', () => {
    expect(parseRequest('pause', {})).toEqual({ ok: true, value: {} });
    expect(parseRequest('pause', undefined)).toEqual({ ok: true, value: {} });
    expect(parseRequest('setSpeed', { stepsPerSecond: MIN_STEPS_PER_SECOND })).toEqual({ ok: true, value: { stepsPerSecond: MIN_STEPS_PER_SECOND } });
    expect(parseRequest('setSpeed', { stepsPerSecond: MAX_STEPS_PER_SECOND }).ok).toBe(true);
    expect(parseRequest('inspect', { agentId: 'ada-ash' })).toEqual({ ok: true, value: { agentId: 'ada-ash' } });
    expect(parseRequest('claimControl', { token: 't' })).toEqual({ ok: true, value: { token: 't' } });
    expect(parseRequest('seek', { step: 4320 })).toEqual({ ok: true, value: { step: 4320 } });
  });

  it('refuses everything else with a message naming the field', () => {
    const cases: [Parameters<typeof parseRequest>[0], unknown, RegExp][] = [
      ['pause', { now: true }, /^invalid pause payload: .*now/],
      ['seek', { step: 1.5 }, /^invalid seek payload: step: /],
      ['seek', { step: -1 }, /^invalid seek payload: step: /],
      ['seek', {}, /^invalid seek payload: step: /],
      ['fork', { step: 2.5 }, /^invalid fork payload: step: /],
      ['fork', { step: 3, at: 'noon' }, /^invalid fork payload: .*at/],
      ['pause', null, /^invalid pause payload/],
      ['pause', [], /^invalid pause payload/],
      ['setSpeed', { stepsPerSecond: 'fast' }, /^invalid setSpeed payload: stepsPerSecond: /],
      ['setSpeed', { stepsPerSecond: MAX_STEPS_PER_SECOND + 1 }, /stepsPerSecond/],
      ['setSpeed', { stepsPerSecond: MIN_STEPS_PER_SECOND / 2 }, /stepsPerSecond/],
      ['setSpeed', { stepsPerSecond: Number.NaN }, /stepsPerSecond/],
      ['setSpeed', { stepsPerSecond: Number.POSITIVE_INFINITY }, /stepsPerSecond/],
      ['setSpeed', {}, /stepsPerSecond/],
      ['inspect', { agentId: '' }, /agentId/],
      ['inspect', { agentId: 'x'.repeat(201) }, /agentId/],
      ['inspect', { agentId: 'ada-ash', extra: 1 }, /extra/],
      ['claimControl', { token: 'x'.repeat(501) }, /token/],
      ['claimControl', { token: 42 }, /token/],
      ['resync', 'now', /^invalid resync payload/],
    ];
    for (const [name, payload, message] of cases) {
      const result = parseRequest(name, payload);
      expect(result.ok, `${name} ${JSON.stringify(payload)}`).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    }
  });

  it('words the message exactly: the field, then what is wrong', () => {
    expect(parseRequest('pause', { now: true })).toEqual({ ok: false, error: 'invalid pause payload: Unrecognized key: "now"' });
    expect(parseRequest('inspect', { agentId: '' })).toEqual({ ok: false, error: 'invalid inspect payload: agentId: Too small: expected string to have >=1 characters' });
  });

  it('does not let a __proto__ key through or pollute anything', () => {
    const payload = JSON.parse('{"__proto__": {"polluted": true}}');
    expect(parseRequest('pause', payload).ok).toBe(false);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
