/**
 * Typical inputs for every mind task: one persona in a small town, at the sizes the orchestrator
 * passes (10–15 memories, ~20 known places, a short conversation).
 */
import type { PlanEntry } from '../../../server/mind/plan';
import type {
  AnswerInterviewInput,
  CloseConversationInput,
  DecomposeBlockInput,
  InnerVoiceInput,
  PersonaCard,
  PlanDayInput,
  PromptMemory,
  RateImportanceInput,
  ReactInput,
  ReflectInsightsInput,
  ReflectQuestionsInput,
  SpeakInput,
  SpeakLinesInput,
} from '../../../server/mind/tasks/contracts';

export const ana: PersonaCard = {
  name: 'Ana Lopez',
  age: 34,
  traits: 'warm, talkative, organised',
  occupation: 'owner and barista of Corner Cafe',
  background:
    'Ana opened Corner Cafe five years ago after working in restaurants in the city. She knows most regulars by name and loves hosting small events for the neighbourhood.',
  currently: 'Ana is planning a Valentine’s Day party at the cafe for Saturday evening and wants to invite as many neighbours as possible.',
  lifestyle: 'goes to bed around 22:30, wakes up at 6:00, takes a walk after lunch',
};

export const klaus: PersonaCard = {
  name: 'Klaus Mueller',
  age: 62,
  traits: 'curious, quiet, kind',
  occupation: 'retired sociologist',
  background: 'Klaus taught at the university for thirty years and now writes about the neighbourhood.',
  currently: 'Klaus is writing a research paper on gentrification in the neighbourhood.',
  lifestyle: 'goes to bed around 23:00, wakes up at 7:00',
};

export const KNOWN_PLACES = [
  'Ash House:bedroom:bed',
  'Ash House:bedroom:desk',
  'Ash House:kitchen:stove',
  'Ash House:kitchen:table',
  'Ash House:bathroom:shower',
  'Corner Cafe:cafe floor:counter',
  'Corner Cafe:cafe floor:coffee machine',
  'Corner Cafe:cafe floor:table',
  'Corner Cafe:cafe floor:table 2',
  'Corner Cafe:kitchen:oven',
  'Corner Cafe:kitchen:sink',
  'Corner Cafe:storage:shelf',
  'Birch House:bedroom:bed',
  'Birch House:living room:sofa',
  'Main Street:pavement:bench',
  'Willow Park:lawn:bench',
  'Willow Park:garden:flower bed',
  'Town Hall:office:desk',
  'Town Hall:meeting room:table',
  'Grocery Store:aisle:shelf',
];

export const USUAL_ROUTINE: PlanEntry[] = [
  { start: 0, activity: 'sleeping', place: 'Ash House:bedroom:bed' }, // 00:00
  { start: 360, activity: 'waking up and showering', place: 'Ash House:bathroom:shower' }, // 06:00
  { start: 390, activity: 'eating breakfast', place: 'Ash House:kitchen:table' }, // 06:30
  { start: 420, activity: 'opening the cafe', place: 'Corner Cafe:cafe floor:counter' }, // 07:00
  { start: 450, activity: 'serving the morning customers', place: 'Corner Cafe:cafe floor:counter' }, // 07:30
  { start: 660, activity: 'baking pastries', place: 'Corner Cafe:kitchen:oven' }, // 11:00
  { start: 750, activity: 'eating lunch', place: 'Corner Cafe:cafe floor:table' }, // 12:30
  { start: 780, activity: 'taking a walk in the park', place: 'Willow Park:lawn:bench' }, // 13:00
  { start: 840, activity: 'serving the afternoon customers', place: 'Corner Cafe:cafe floor:counter' }, // 14:00
  { start: 1080, activity: 'closing the cafe', place: 'Corner Cafe:cafe floor:counter' }, // 18:00
  { start: 1140, activity: 'cooking dinner', place: 'Ash House:kitchen:stove' }, // 19:00
  { start: 1200, activity: 'reading', place: 'Ash House:bedroom:desk' }, // 20:00
  { start: 1350, activity: 'sleeping', place: 'Ash House:bedroom:bed' }, // 22:30
];

export const MEMORIES = [
  'Klaus Mueller said he would come to the Valentine’s Day party',
  'Ana is planning a Valentine’s Day party at Corner Cafe on Saturday at 17:00',
  'Maria Santos asked whether she could bring her guitar to the party',
  'the coffee machine at Corner Cafe was making a grinding noise',
  'Ana ordered extra milk and flowers for Saturday',
  'Sam Moore is running for mayor and talked about it at the counter',
  'Ana baked croissants for the morning rush',
  'Klaus Mueller is writing a research paper on gentrification',
  'Ana felt tired after closing the cafe late',
  'Maria Santos is a student at Oak Hill College',
  'Ana wants to put up decorations on Friday evening',
  'the town hall is hosting a debate next week',
];

export const promptMemories = (n: number): PromptMemory[] =>
  Array.from({ length: n }, (_, i) => ({ index: i + 1, description: MEMORIES[i % MEMORIES.length] + (i >= MEMORIES.length ? ` (again, ${i})` : '') }));

export const inputs = {
  planDay: {
    persona: ana,
    date: 'Friday, February 13, 2026',
    memories: MEMORIES.slice(0, 8),
    usualRoutine: USUAL_ROUTINE,
  } satisfies PlanDayInput,

  decomposeBlock: {
    persona: ana,
    date: 'Friday, February 13, 2026',
    block: { startMinute: 7 * 60, endMinute: 8 * 60, activity: 'opening the cafe', place: 'Corner Cafe:cafe floor:counter' },
    knownPlaces: KNOWN_PLACES,
    currentPlace: 'Ash House:kitchen:table',
    memories: ['Ana plans to open the cafe at 07:00', 'the coffee machine at Corner Cafe was making a grinding noise'],
  } satisfies DecomposeBlockInput,

  rateImportance: {
    persona: ana,
    memories: ['Klaus Mueller is drinking coffee at the counter', 'Sam Moore is running for mayor', 'the sink is being used', 'Maria Santos said she loves Ana’s croissants'],
  } satisfies RateImportanceInput,

  react: {
    persona: ana,
    time: '07:40',
    ownAction: 'serving the morning customers at Corner Cafe',
    other: { name: 'Klaus Mueller', action: 'waiting at the counter with a book', relation: 'a regular customer' },
    memories: MEMORIES.filter((m) => m.includes('Klaus')).concat(['Klaus Mueller likes his coffee black']),
  } satisfies ReactInput,

  speak: {
    persona: ana,
    partner: 'Klaus Mueller',
    time: '07:42',
    situation: 'At Corner Cafe, Ana was serving the morning customers.',
    relationship: 'Klaus is a friendly regular who is writing a research paper; Ana likes chatting with him.',
    memories: ['Klaus Mueller said he would come to the Valentine’s Day party', 'Klaus Mueller is writing a research paper on gentrification'],
    transcript: [
      { speaker: 'Ana Lopez', text: 'Morning, Klaus! The usual?' },
      { speaker: 'Klaus Mueller', text: 'Yes please. I have a long day of writing ahead.' },
    ],
    turn: 3,
    maxTurns: 16,
  } satisfies SpeakInput,

  speakLines: {
    time: '07:42',
    speakers: [
      {
        persona: ana,
        situation: 'at Corner Cafe:cafe floor:counter; was serving the morning customers.',
        relationship: 'Klaus is a friendly regular who is writing a research paper; Ana likes chatting with him.',
        memories: ['Klaus Mueller said he would come to the Valentine’s Day party', 'Klaus Mueller is writing a research paper on gentrification'],
      },
      {
        persona: klaus,
        situation: 'at Corner Cafe:cafe floor:table; was waiting at the counter with a book.',
        relationship: '',
        memories: ['Ana Lopez is planning a Valentine’s Day party at the cafe', 'Ana Lopez makes good black coffee'],
        lastChat: 'You last talked with Ana 3 hours ago (at 07:10): Ana and Klaus chatted about the weather.',
      },
    ],
    transcript: [
      { speaker: 'Ana Lopez', text: 'Morning, Klaus! The usual?' },
      { speaker: 'Klaus Mueller', text: 'Yes please. I have a long day of writing ahead.' },
    ],
    turn: 3,
    maxTurns: 16,
    lines: 4,
  } satisfies SpeakLinesInput,

  closeConversation: {
    persona: ana,
    partner: 'Klaus Mueller',
    time: '07:50',
    transcript: [
      { speaker: 'Ana Lopez', text: 'Morning, Klaus! The usual?' },
      { speaker: 'Klaus Mueller', text: 'Yes please. I have a long day of writing ahead.' },
      { speaker: 'Ana Lopez', text: 'Don’t forget the party on Saturday at five!' },
      { speaker: 'Klaus Mueller', text: 'I will be there, and I will bring Maria.' },
    ],
    remainingPlan: [
      { start: 470, description: 'wiping the tables', place: 'Corner Cafe:cafe floor:table' },
      { start: 480, description: 'serving customers', place: 'Corner Cafe:cafe floor:counter' },
    ],
    knownPlaces: KNOWN_PLACES,
    blockMinutesLeft: 10,
    currentPlace: 'Corner Cafe:cafe floor:counter',
  } satisfies CloseConversationInput,

  reflectQuestions: { persona: ana, memories: promptMemories(40) } satisfies ReflectQuestionsInput,

  reflectInsights: {
    persona: ana,
    question: 'How is Ana preparing for the Valentine’s Day party?',
    memories: promptMemories(12),
  } satisfies ReflectInsightsInput,

  answerInterview: {
    persona: ana,
    time: '15:10',
    status: 'serving the afternoon customers at Corner Cafe',
    memories: MEMORIES,
    history: [{ question: 'How is business?', answer: 'Busy mornings, quieter afternoons, as always.' }],
    question: 'Who is coming to your party?',
    interviewer: 'A visitor',
  } satisfies AnswerInterviewInput,

  innerVoice: {
    persona: ana,
    time: '09:00',
    status: 'serving the morning customers at Corner Cafe',
    whisper: 'You want to invite Sam Moore to the party.',
  } satisfies InnerVoiceInput,
};
