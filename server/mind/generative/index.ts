/**
 * The generative mind (Generative Agents architecture): create it with `new GenerativeMind({...})`
 * (server/cli/minds.ts wires it to a simulation file) and tune it with GenerativeConfig.
 */
export { GenerativeMind, GENERATIVE_KIND } from './generativeMind';
export type { GenerativeMindOptions } from './generativeMind';
export { DEFAULT_GENERATIVE_CONFIG, GENERATIVE_CONFIG_DOCS, resolveGenerativeConfig, GenerativeConfigError, weightsOf } from './config';
export type { GenerativeConfig } from './config';
export type { InterviewAnswer, InterviewProgress, UsedMemory } from './innerLife';
export type { MindProblem } from './deps';
export type { AgentScratch, DayPlan, PlanBlock, PlanChunk, PlannedTask, MindScratch } from './scratch';
