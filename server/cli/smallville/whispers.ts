/**
 * The reference seeds its people with "whispers" (agent_history_init_n25.csv) written to them in
 * the second person ("You and Maria Lopez are good friends; Tamara Taylor is your housemate"); its
 * backend turns each into a thought with a model call. Hamlet's starting memories are the person's
 * own first-person sentences ("I opened Willow Cafe twelve years ago"), so the importer rewrites
 * the pronouns by rule instead: no model is needed to import, and the sentence stays the author's.
 */

/** Words after which a "you" starts a clause, so it is the subject ("I"), not the object ("me"). */
const CLAUSE_WORDS = new Set(
  ['and', 'but', 'or', 'so', 'because', 'since', 'if', 'when', 'while', 'although', 'though', 'that', 'who', 'whom', 'which', 'where', 'until', 'as', 'than', 'how', 'why', 'what', 'whether', 'once', 'after', 'before'],
);

/** "You" → "I", keeping the capital only where the original had one (I is always capital). */
const keepCase = (original: string, lower: string): string => (original[0] === original[0].toUpperCase() ? lower[0].toUpperCase() + lower.slice(1) : lower);

/** One whispered sentence ("You've known Ryan Park for a year") as a first-person memory. */
export function whisperAsMemory(whisper: string): string {
  let text = whisper.trim();
  // "You and Maria Lopez are friends" → "Maria Lopez and I are friends" (the plural verb stays).
  text = text.replace(/\b[Yy]ou and ((?:[A-Z][\p{L}'’-]*)(?:\s+[A-Z][\p{L}'’-]*)*)/gu, '$1 and I');
  text = text.replace(/\byou two\b/gi, (m) => keepCase(m, 'the two of us'));
  // Forms of "to be" and contractions change with the person; other verbs do not.
  const forms: [RegExp, string][] = [
    [/\byou are not\b/gi, 'I am not'],
    [/\byou aren[’']t\b/gi, "I'm not"],
    [/\byou are\b/gi, 'I am'],
    [/\byou were\b/gi, 'I was'],
    [/\byou weren[’']t\b/gi, "I wasn't"],
    [/\byou[’']re\b/gi, "I'm"],
    [/\byou[’']ve\b/gi, "I've"],
    [/\byou[’']d\b/gi, "I'd"],
    [/\byou[’']ll\b/gi, "I'll"],
    [/\byourself\b/gi, 'myself'],
    [/\byourselves\b/gi, 'ourselves'],
    [/\byours\b/gi, 'mine'],
    [/\byour\b/gi, 'my'],
  ];
  for (const [pattern, replacement] of forms) text = text.replace(pattern, (m) => (replacement.startsWith('I') ? replacement : keepCase(m, replacement)));
  // The "you" left: the subject where a clause starts, the object elsewhere ("helped you" → "me").
  text = text.replace(/\byou\b/gi, (m, offset: number) => {
    const before = text.slice(0, offset).trimEnd();
    const previous = /([\p{L}'’]+)$/u.exec(before)?.[1]?.toLowerCase();
    const clauseStart = before === '' || /[;:,.!?(—–-]$/.test(before) || (previous !== undefined && CLAUSE_WORDS.has(previous));
    return clauseStart ? 'I' : 'me';
  });
  return text;
}

/** A reference whisper cell ("...; ...; ...") as the person's starting memories, one sentence each. */
export function whispersAsMemories(cell: string): string[] {
  return cell
    .split(';')
    .map((w) => w.trim())
    .filter((w) => w !== '')
    .map(whisperAsMemory);
}
