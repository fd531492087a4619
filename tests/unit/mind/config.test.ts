import { describe, expect, it } from 'vitest';
import { DEFAULT_GENERATIVE_CONFIG, GENERATIVE_CONFIG_DOCS, GenerativeConfigError, resolveGenerativeConfig, weightsOf } from '../../../server/mind/generative/config';
import { ImportanceBook, isIdleDescription } from '../../../server/mind/generative/importance';
import type { MemoryNode } from '../../../server/mind/memory/types';
import { asAgentId } from '../../../server/engine/ids';

describe('generative mind configuration', () => {
  it('defaults to the paper where it has a number, and documents every setting', () => {
    const c = resolveGenerativeConfig();
    expect(c).toMatchObject({ visionRadiusTiles: 8, attentionBandwidth: 8, retention: 8, reflectionThreshold: 150, reflectionRecentMemories: 100, retrieveForReflection: 30, retrieveForInterview: 50, retrieveForUtterance: 15, idleImportance: 1, thoughtLifetimeDays: 30 });
    expect(Object.keys(GENERATIVE_CONFIG_DOCS).sort()).toEqual(Object.keys(DEFAULT_GENERATIVE_CONFIG).sort());
    expect(weightsOf(c)).toEqual({ recency: 0.5, relevance: 3, importance: 2 });
    expect(weightsOf(resolveGenerativeConfig({ retrievalWeights: 'paper' }))).toEqual({ recency: 1, relevance: 1, importance: 1 });
    expect(weightsOf(resolveGenerativeConfig({ retrievalWeights: { recency: 1, relevance: 2, importance: 0 } }))).toEqual({ recency: 1, relevance: 2, importance: 0 });
  });

  it('rejects unknown settings and bad values, naming each', () => {
    try {
      resolveGenerativeConfig({ visionRadius: 3, reflectionThreshold: -1, concurrency: 1.5, importanceCacheScope: 'world', retrievalWeights: 'fancy' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(GenerativeConfigError);
      const problems = (err as GenerativeConfigError).problems.join('\n');
      for (const word of ['unknown setting "visionRadius"', 'reflectionThreshold', 'concurrency', 'importanceCacheScope', 'retrievalWeights']) expect(problems).toContain(word);
    }
    expect(() => resolveGenerativeConfig([])).toThrow(/object/);
  });
});

describe('importance without a call', () => {
  const node = (id: number, agentId: string, description: string, importance: number, type: MemoryNode['type'] = 'event') => ({ id, agentId, description, importance, type }) as MemoryNode;

  it('scores idle and sleeping events as mundane', () => {
    expect(isIdleDescription('bed is idle')).toBe(true);
    expect(isIdleDescription('Ada Ash is sleeping')).toBe(true);
    expect(isIdleDescription('Ada Ash is sleeping in')).toBe(false);
    expect(new ImportanceBook('agent', 1).lookup(asAgentId('a'), 'desk is idle')).toBe(1);
  });

  it('caches by normalised description (per agent or for the town), first score wins, rebuilt from memories', () => {
    const town = new ImportanceBook('town', 1);
    town.remember(asAgentId('a'), 'Ben  is reading', 3);
    town.remember(asAgentId('b'), 'ben is reading', 7);
    expect(town.lookup(asAgentId('c'), 'Ben is reading')).toBe(3);
    const perAgent = new ImportanceBook('agent', 1);
    perAgent.remember(asAgentId('a'), 'Ben is reading', 3);
    expect(perAgent.lookup(asAgentId('b'), 'Ben is reading')).toBeUndefined();
    const rebuilt = new ImportanceBook('town', 1);
    rebuilt.rebuild([node(5, 'b', 'Ben is reading', 7), node(2, 'a', 'Ben is reading', 3), node(3, 'a', 'a thought', 9, 'thought')]);
    expect(rebuilt.lookup(asAgentId('x'), 'Ben is reading')).toBe(3);
    expect(rebuilt.lookup(asAgentId('x'), 'a thought')).toBeUndefined();
  });
});
