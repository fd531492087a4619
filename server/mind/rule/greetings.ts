/** Greeting lines for the rule-based mind, chosen by time of day and familiarity. */
import { minuteOfDay } from '../../engine/clock';
import type { Rng } from '../../engine/rng';

function firstName(name: string): string {
  return name.split(' ')[0];
}

function partOfDay(timeMs: number): 'morning' | 'afternoon' | 'evening' | 'night' {
  const hour = Math.floor(minuteOfDay(timeMs) / 60);
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 18) return 'afternoon';
  if (hour >= 18 && hour < 23) return 'evening';
  return 'night';
}

const KNOWN_OPENERS: Record<ReturnType<typeof partOfDay>, string[]> = {
  morning: ['Good morning, {name}!', 'Morning, {name}! Sleep well?', 'Hey {name}, early start today?'],
  afternoon: ['Afternoon, {name}! How is your day going?', 'Hi {name}! Busy day?', 'Oh, hello {name}!'],
  evening: ['Evening, {name}! Heading home?', 'Hey {name}, good to see you.', 'Hi {name}! Long day?'],
  night: ['{name}! You are up late.', 'Hey {name}, still out?'],
};

const STRANGER_OPENERS: Record<ReturnType<typeof partOfDay>, string[]> = {
  morning: ['Good morning!', 'Morning! Lovely day, isn\'t it?'],
  afternoon: ['Good afternoon!', 'Hello there!'],
  evening: ['Good evening!', 'Evening!'],
  night: ['Good night!', 'Evening.'],
};

const KNOWN_REPLIES = ['Hi {name}! Good to see you.', 'Hey {name}! All good, thanks.', 'Oh hi {name}! Let\'s catch up soon.', '{name}! Yes, busy as ever.'];
const STRANGER_REPLIES = ['Hello! Nice to meet you.', 'Hi there!', 'Good day to you too.'];

export function greetingLine(listenerName: string, known: boolean, timeMs: number, rng: Rng): string {
  const bank = (known ? KNOWN_OPENERS : STRANGER_OPENERS)[partOfDay(timeMs)];
  return rng.pick(bank).replace('{name}', firstName(listenerName));
}

export function replyLine(partnerName: string, known: boolean, _timeMs: number, rng: Rng): string {
  return rng.pick(known ? KNOWN_REPLIES : STRANGER_REPLIES).replace('{name}', firstName(partnerName));
}
