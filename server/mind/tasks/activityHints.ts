/**
 * Common-sense defaults derived from an activity's words: a fitting emoji when the model gave
 * none, the kind of place an activity happens at (for picking a known place without a model),
 * and whether an activity is sleep. Pure word lookups, English only.
 */

interface Hint {
  /** Word stems that signal the activity. */
  words: RegExp;
  emoji: string;
  /** Words of places where it usually happens, best first. */
  places: string[];
}

const HINTS: Hint[] = [
  { words: /\b(sleep|asleep|nap|bed\b|bedtime)/, emoji: '😴', places: ['bed', 'bedroom'] },
  { words: /\b(coffee|espresso|latte|brew|barista)/, emoji: '☕', places: ['coffee machine', 'cafe', 'counter'] },
  { words: /\b(cook|bak|fry|kitchen|prepar\w* (breakfast|lunch|dinner|food|meal))/, emoji: '🍳', places: ['stove', 'oven', 'kitchen'] },
  { words: /\b(eat|breakfast|lunch|dinner|meal|snack|dine)/, emoji: '🍽️', places: ['table', 'dining', 'kitchen'] },
  { words: /\b(shower|bath|wash|brush\w* (his|her|their|my)? ?teeth|toilet|get\w* ready|dress)/, emoji: '🚿', places: ['shower', 'bathroom', 'sink', 'closet'] },
  { words: /\b(read|book|librar)/, emoji: '📖', places: ['bookshelf', 'library', 'desk', 'sofa', 'couch'] },
  { words: /\b(stud|homework|lecture|class|research|essay|thesis|learn)/, emoji: '📚', places: ['desk', 'library', 'classroom'] },
  { words: /\b(writ|email|comput|program|code|laptop|paperwork|work on|draft)/, emoji: '💻', places: ['desk', 'computer', 'office'] },
  { words: /\b(serv|customer|order|regist|cashier|shop ?keep|open\w* the|clos\w* the|count)/, emoji: '🛎️', places: ['counter', 'register', 'shop', 'cafe'] },
  { words: /\b(clean|tidy|wipe|sweep|mop|dish|laundr)/, emoji: '🧹', places: ['sink', 'counter', 'kitchen', 'table'] },
  { words: /\b(walk|stroll|jog|run\b|running|exercis|park)/, emoji: '🚶', places: ['park', 'bench', 'street', 'garden'] },
  { words: /\b(shop|buy|grocer|market|store)/, emoji: '🛒', places: ['store', 'shop', 'market', 'shelf'] },
  { words: /\b(garden|plant|water\w* the)/, emoji: '🌱', places: ['garden', 'plant', 'yard'] },
  { words: /\b(paint|draw|sketch|art)/, emoji: '🎨', places: ['easel', 'studio', 'desk'] },
  { words: /\b(music|piano|guitar|sing|song|compos)/, emoji: '🎵', places: ['piano', 'guitar', 'studio'] },
  { words: /\b(talk|chat|convers|meet|greet|visit|party|gather)/, emoji: '💬', places: ['table', 'sofa', 'common room'] },
  { words: /\b(relax|rest|watch|tv|televis|lounge)/, emoji: '🛋️', places: ['sofa', 'couch', 'tv', 'living room'] },
  { words: /\b(drink|bar\b|beer|wine|pub)/, emoji: '🍺', places: ['bar', 'counter', 'table'] },
  { words: /\b(plan|think|reflect|journal)/, emoji: '📝', places: ['desk', 'table'] },
  { words: /\b(teach|tutor)/, emoji: '🧑‍🏫', places: ['classroom', 'desk'] },
  { words: /\b(phone|call)/, emoji: '📱', places: [] },
  // Emoji only (no place words, so place choice is unchanged): common activities that otherwise
  // fell through to 🙂 and left several people looking alike on the map.
  { words: /\b(wak\w*|get\w* up|morning routine)/, emoji: '🌅', places: [] },
  { words: /\b(open\w* up|unlock|set\w* up|prepar\w* (the|for)|stock|inventor|restock)/, emoji: '🔑', places: [] },
  { words: /\b(work|shift|job|office|business|meeting|client|appointment)/, emoji: '💼', places: [] },
  { words: /\b(commut|head\w*|go\w* (to|home|back|out)|return\w*|leav\w*|arriv\w*|travel|drive|driving)/, emoji: '🚶', places: [] },
  { words: /\b(bike|cycl)/, emoji: '🚲', places: [] },
  { words: /\b(yoga|stretch|meditat|gym|workout|train)/, emoji: '🧘', places: [] },
  { words: /\b(pray|church|worship|mass\b)/, emoji: '🙏', places: [] },
  { words: /\b(game|play|chess|cards|puzzle)/, emoji: '🎲', places: [] },
  { words: /\b(fish)/, emoji: '🎣', places: [] },
  { words: /\b(sew|knit|craft|carv|woodwork)/, emoji: '🧶', places: [] },
  { words: /\b(repair|fix|mend|build|tool)/, emoji: '🔧', places: [] },
  { words: /\b(mail|letter|post office|deliver|package)/, emoji: '📬', places: [] },
  { words: /\b(doctor|patient|nurs|medic|clinic|pharmac)/, emoji: '🩺', places: [] },
  { words: /\b(pet|dog|cat\b|feed\w* the|animal)/, emoji: '🐾', places: [] },
  { words: /\b(photo|camera|film)/, emoji: '📷', places: [] },
  { words: /\b(idle|wait|sit\w*|stand\w*|pause|break\b)/, emoji: '⏳', places: [] },
];

/** The emoji used when nothing fits. */
export const DEFAULT_EMOJI = '🙂';

function hintsFor(activity: string): Hint[] {
  const text = ` ${activity.toLowerCase()} `;
  return HINTS.filter((h) => h.words.test(text));
}

/** A fitting emoji for an activity ("brewing coffee" → ☕), or 🙂. */
export function defaultEmoji(activity: string): string {
  return hintsFor(activity)[0]?.emoji ?? DEFAULT_EMOJI;
}

/** Place words for an activity ("sleeping" → ["bed", "bedroom"]), best first. */
export function placeWordsFor(activity: string): string[] {
  return hintsFor(activity).flatMap((h) => h.places);
}

/** True for sleep activities ("sleeping", "going to bed"). */
export function isSleepActivity(activity: string): boolean {
  return /\b(sleep|asleep|nap\b|napping|go\w* to bed|bedtime)/i.test(activity);
}

/** The emoji in a model's answer, or the default for the activity when there is none. */
export function repairEmoji(value: unknown, activity: string): string {
  if (typeof value === 'string') {
    const found = value.match(/(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\uFE0F|\u200D(?:\p{Extended_Pictographic})\uFE0F?|\p{Emoji_Modifier})*/gu);
    if (found?.length) return found.slice(0, 2).join('');
  }
  return defaultEmoji(activity);
}
