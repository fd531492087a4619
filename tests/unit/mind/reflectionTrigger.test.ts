/** The reflection trigger's boundary: the paper reflects when the summed importance *reaches* the threshold. */
import { describe, expect, it } from 'vitest';
import { reflectionDue } from '../../../server/mind/generative/reflection';
import type { GenerativeDeps } from '../../../server/mind/generative/deps';
import type { AgentScratch } from '../../../server/mind/generative/scratch';
import { asAgentId } from '../../../server/engine/ids';

function depsWithPressure(pressure: number, threshold = 150): GenerativeDeps {
  return {
    stream: { importanceSince: () => pressure },
    config: { reflectionThreshold: threshold },
  } as unknown as GenerativeDeps;
}

const scratch = { lastReflectionStep: 0 } as AgentScratch;

describe('reflectionDue', () => {
  it('is not due just below the threshold', () => {
    expect(reflectionDue(depsWithPressure(149), asAgentId('ada'), scratch)).toBe(false);
  });

  it('is due exactly at the threshold', () => {
    expect(reflectionDue(depsWithPressure(150), asAgentId('ada'), scratch)).toBe(true);
  });

  it('is due above it, and follows a configured threshold', () => {
    expect(reflectionDue(depsWithPressure(151), asAgentId('ada'), scratch)).toBe(true);
    expect(reflectionDue(depsWithPressure(20, 20), asAgentId('ada'), scratch)).toBe(true);
    expect(reflectionDue(depsWithPressure(19, 20), asAgentId('ada'), scratch)).toBe(false);
  });
});
