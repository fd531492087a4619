/**
 * Every model task of the generative mind (see /shared/tasks.md): run them with
 * `runTask(model, task, input, tag)` from server/llm/task.ts. Inputs and answers are declared in
 * ./contracts.
 */
export type * from './contracts';
export { planDayTask } from './planDay';
export { decomposeBlockTask, blockMinutes } from './decomposeBlock';
export { rateImportanceTask, DEFAULT_IMPORTANCE } from './rateImportance';
export { reactTask, readDecision } from './react';
export { speakTask } from './speak';
export { speakLinesTask } from './speakLines';
export { closeConversationTask } from './closeConversation';
export { reflectQuestionsTask, REFLECTION_QUESTIONS } from './reflectQuestions';
export { reflectInsightsTask, MAX_INSIGHTS } from './reflectInsights';
export { answerInterviewTask, NO_ANSWER } from './answerInterview';
export { innerVoiceTask, WHISPER_IMPORTANCE } from './innerVoice';
export { PROMPT_LIMITS } from './promptParts';
export { splitPlaceHint } from './placeChoice';

import { planDayTask } from './planDay';
import { decomposeBlockTask } from './decomposeBlock';
import { rateImportanceTask } from './rateImportance';
import { reactTask } from './react';
import { speakTask } from './speak';
import { speakLinesTask } from './speakLines';
import { closeConversationTask } from './closeConversation';
import { reflectQuestionsTask } from './reflectQuestions';
import { reflectInsightsTask } from './reflectInsights';
import { answerInterviewTask } from './answerInterview';
import { innerVoiceTask } from './innerVoice';

/** All tasks by name (for stats pages and tests that go through every task). */
export const mindTasks = {
  planDay: planDayTask,
  decomposeBlock: decomposeBlockTask,
  rateImportance: rateImportanceTask,
  react: reactTask,
  speak: speakTask,
  speakLines: speakLinesTask,
  closeConversation: closeConversationTask,
  reflectQuestions: reflectQuestionsTask,
  reflectInsights: reflectInsightsTask,
  answerInterview: answerInterviewTask,
  innerVoice: innerVoiceTask,
} as const;

export type MindTaskName = keyof typeof mindTasks;
