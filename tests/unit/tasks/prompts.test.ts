import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../../server/llm/tokens';
import { withSchemaInstruction } from '../../../server/llm/schemaPrompt';
import { interpretAnswer, type Task, type TaskPrompt } from '../../../server/llm/task';
import { mindTasks, type MindTaskName } from '../../../server/mind/tasks';
import { townScriptAnswer } from '../../support/townScript';
import { inputs } from './fixtures';

const names = Object.keys(mindTasks) as MindTaskName[];
const task = (name: MindTaskName) => mindTasks[name] as unknown as Task<unknown, unknown>;
const promptOf = (name: MindTaskName): TaskPrompt => task(name).build(inputs[name]);
const textOf = (p: TaskPrompt) => [p.system ?? '', ...p.messages.map((m) => m.content)].join('\n');

/** Input tokens of one call, ceil(chars / 4): the prompt alone, and with the schema text the local backend appends. */
function promptTokens(name: MindTaskName): { prompt: number; withSchema: number } {
  const p = promptOf(name);
  const withSchema = [withSchemaInstruction(p.system, task(name).jsonSchema) ?? '', ...p.messages.map((m) => m.content)].join('\n');
  return { prompt: estimateTokens(textOf(p)), withSchema: estimateTokens(withSchema) };
}

/** Output tokens of a typical answer (the town script's). */
function answerTokens(name: MindTaskName): number {
  const p = promptOf(name);
  return estimateTokens(townScriptAnswer({ ...p, maxTokens: task(name).maxTokens, tag: { task: name } }).text);
}

describe('task prompts', () => {
  it.each(names)('%s: prompt snapshot for a fixed input', (name) => {
    expect(promptOf(name)).toMatchSnapshot();
  });

  it.each(names)('%s: pure (same input, same prompt) and starts from the persona card', (name) => {
    const p = promptOf(name);
    expect(task(name).build(structuredClone(inputs[name]))).toEqual(p);
    expect(p.system).toMatch(/^You are Ana Lopez, 34, /);
    expect(p.messages).toHaveLength(1);
    expect(p.messages[0].content).toMatch(/Reply with one JSON object only.*, like:\n\{/s);
  });

  it.each(names)('%s: the example in the prompt is valid JSON that the task accepts', (name) => {
    const content = promptOf(name).messages[0].content;
    const example = content.slice(content.lastIndexOf('\n') + 1);
    expect(() => JSON.parse(example)).not.toThrow();
    // A model that copies the example verbatim still gives a usable answer.
    expect(interpretAnswer(task(name), inputs[name], { text: example }).ok).toBe(true);
  });

  it('stays under ~500 input tokens per call for typical inputs', () => {
    const rows = names.map((name) => ({ task: name, ...promptTokens(name), answer: answerTokens(name), maxTokens: task(name).maxTokens }));
    console.table(rows);
    for (const r of rows) expect(r.prompt, r.task).toBeLessThanOrEqual(500);
  });

  it('keeps a big input small: caps on memories, places and transcript', () => {
    const many = Array.from({ length: 100 }, (_, i) => `memory number ${i} about something that happened in town today`);
    const places = Array.from({ length: 200 }, (_, i) => `Sector ${i % 40}:room ${i % 5}:object ${i}`);
    const big = {
      ...inputs.decomposeBlock,
      memories: many,
      knownPlaces: places,
    };
    expect(estimateTokens(textOf(mindTasks.decomposeBlock.build(big)))).toBeLessThan(600);
    const interview = { ...inputs.answerInterview, memories: many.slice(0, 50) };
    expect(estimateTokens(textOf(mindTasks.answerInterview.build(interview)))).toBeLessThan(650);
    const reflect = { ...inputs.reflectQuestions, memories: many.map((description, i) => ({ index: i + 1, description, importance: (i * 7) % 10 })) };
    expect(estimateTokens(textOf(mindTasks.reflectQuestions.build(reflect)))).toBeLessThan(550);
    const talk = { ...inputs.speak, transcript: Array.from({ length: 16 }, (_, i) => ({ speaker: i % 2 ? 'Klaus Mueller' : 'Ana Lopez', text: `line ${i} of a long chat about the party and the weather` })) };
    expect(estimateTokens(textOf(mindTasks.speak.build(talk)))).toBeLessThan(500);
  });

  it('fits the budget: <= 15 calls and <= 8k tokens per agent per waking game hour', () => {
    // A typical waking hour (tasks.md): one block decomposition, two batched importance ratings,
    // one reaction, a conversation every other hour (6 lines: with the default two lines per call,
    // 3 speakLines calls per conversation, 1.5 per agent, and one close per agent, halved),
    // reflection 2.5 times in 16 waking hours (1 + 3 calls), a day plan per 16 hours.
    const perHour: Record<MindTaskName, number> = {
      decomposeBlock: 1,
      rateImportance: 2,
      react: 1,
      speak: 0, // conversationLinesPerCall 1 only
      speakLines: 0.75, // the default writes two lines per call (conversationLinesPerCall 2)
      closeConversation: 0.5,
      reflectQuestions: 2.5 / 16,
      reflectInsights: (3 * 2.5) / 16,
      planDay: 1 / 16,
      answerInterview: 0,
      innerVoice: 0,
    };
    let calls = 0;
    let tokens = 0;
    for (const name of names) {
      calls += perHour[name];
      tokens += perHour[name] * (promptTokens(name).prompt + answerTokens(name));
    }
    console.log(`per agent per waking hour: ${calls.toFixed(1)} calls, ${Math.round(tokens)} tokens (prompt + answer)`);
    expect(calls).toBeLessThanOrEqual(15);
    expect(tokens).toBeLessThanOrEqual(8000);
  });
});
