/** Picks the mind for a town from the model choice: generative with a model, else rule-based. */
import type { ModelChoice } from './models';
import { defaultMindFactory, type MindFactory } from './town';

export function mindFactoryFor(choice: ModelChoice): MindFactory {
  if (choice.kind === 'none') return defaultMindFactory;
  return () => {
    throw new Error(`A language model is ready (${choice.label}) but this build has no generative mind yet; run with --llm-backend none`);
  };
}
