import { describe, expect, it } from 'vitest';
import { extractJson, parseNumberWord } from '../../../server/llm/jsonRepair';

function value(text: string): unknown {
  const r = extractJson(text);
  if (!r.ok) throw new Error(`not parsed: ${r.error}`);
  return r.value;
}

function repairs(text: string): string[] {
  const r = extractJson(text);
  if (!r.ok) throw new Error(`not parsed: ${r.error}`);
  return r.repairs;
}

describe('extractJson', () => {
  it('passes valid JSON through without repairs', () => {
    const r = extractJson('{"a": 1, "b": [true, null, "x"]}');
    expect(r).toEqual({ ok: true, value: { a: 1, b: [true, null, 'x'] }, repairs: [], extracted: false });
  });

  it('drops prose before and after', () => {
    const r = extractJson('Sure! Here is the plan:\n{"wake": 7}\nLet me know if you need more.');
    expect(r).toMatchObject({ ok: true, value: { wake: 7 }, repairs: [], extracted: true });
  });

  it('reads a ```json fence', () => {
    const r = extractJson('Answer:\n```json\n{"score": 4}\n```\nDone.');
    expect(r).toMatchObject({ ok: true, value: { score: 4 }, extracted: true, repairs: [] });
    expect(value('```\n[1, 2]\n```')).toEqual([1, 2]);
  });

  it('removes trailing commas', () => {
    expect(value('{"a": [1, 2, 3,], "b": 2,}')).toEqual({ a: [1, 2, 3], b: 2 });
    expect(repairs('{"a": [1, 2, 3,], "b": 2,}')).toContain('trailing-comma');
  });

  it('records a trailing comma in an array and in an object, each on its own', () => {
    expect(value('[1, 2, 3,]')).toEqual([1, 2, 3]);
    expect(repairs('[1, 2, 3,]')).toEqual(['trailing-comma']);
    expect(repairs('{"scores": [4, 5,]}')).toEqual(['trailing-comma']);
    expect(repairs('{"a": 1,}')).toEqual(['trailing-comma']);
    expect(repairs('{"a": [1, 2]}')).toEqual([]);
  });

  it('accepts single quotes, smart quotes and unquoted keys', () => {
    expect(value("{'name': 'Isabella', 'age': 34}")).toEqual({ name: 'Isabella', age: 34 });
    expect(value('{\u201cname\u201d: \u201cKlaus\u201d}')).toEqual({ name: 'Klaus' });
    expect(value('{name: "Maria", next_step: "study"}')).toEqual({ name: 'Maria', next_step: 'study' });
    expect(repairs("{'a': 1}")).toContain('single-quotes');
    expect(repairs('{\u201ca\u201d: 1}')).toContain('smart-quotes');
    expect(repairs('{a: 1}')).toContain('unquoted-key');
  });

  it('keeps apostrophes inside single-quoted strings', () => {
    expect(value("{'line': 'I don't know'}")).toEqual({ line: "I don't know" });
  });

  it('keeps unescaped double quotes inside strings', () => {
    expect(value('{"line": "She said "hi" to me", "end": true}')).toEqual({ line: 'She said "hi" to me', end: true });
  });

  it('skips comments', () => {
    const text = '{\n  // the hour\n  "wake": 6, /* early */\n  "sleep": 22 # night\n}';
    expect(value(text)).toEqual({ wake: 6, sleep: 22 });
    expect(repairs(text)).toContain('comment');
  });

  it('turns number words into numbers', () => {
    expect(value('{"importance": seven}')).toEqual({ importance: 7 });
    expect(value('{"a": twenty-one, "b": one hundred}')).toEqual({ a: 21, b: 100 });
    expect(repairs('{"importance": seven}')).toContain('number-word');
  });

  it('maps Python literals', () => {
    expect(value('{"a": True, "b": False, "c": None}')).toEqual({ a: true, b: false, c: null });
  });

  it('closes truncated output', () => {
    expect(value('{"plan": [{"t": "wake up"}, {"t": "brush te')).toEqual({ plan: [{ t: 'wake up' }, { t: 'brush te' }] });
    expect(value('{"a": 1, "b": ')).toEqual({ a: 1 });
    expect(value('{"a": [1, 2')).toEqual({ a: [1, 2] });
    expect(repairs('{"a": [1, 2')).toContain('truncated');
  });

  it('prefers a truncated outer object over a complete nested one', () => {
    expect(value('{"items": [{"x": 1}, {"x": 2}], "more": {"y"')).toEqual({ items: [{ x: 1 }, { x: 2 }], more: {} });
  });

  it('takes the first complete object when there are several', () => {
    expect(value('{"a": 1}\n{"a": 2}')).toEqual({ a: 1 });
    expect(value('Option A: {"choice": "talk"} or option B: {"choice": "wait"}')).toEqual({ choice: 'talk' });
  });

  it('prefers an object over an earlier bracketed citation', () => {
    expect(value('Based on memory [3], here: {"answer": "yes"}')).toEqual({ answer: 'yes' });
  });

  it('keeps an array that holds objects whole', () => {
    expect(value("[{'a': 1}, {'a': 2},]")).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('inserts missing commas between members on new lines', () => {
    expect(value('{\n"a": 1\n"b": "two"\n}')).toEqual({ a: 1, b: 'two' });
    expect(repairs('{\n"a": 1\n"b": "two"\n}')).toContain('missing-comma');
  });

  it('keeps raw newlines inside strings', () => {
    expect(value('{"text": "line one\nline two"}')).toEqual({ text: 'line one\nline two' });
  });

  it('reads bare words as strings', () => {
    expect(value('{"action": talk, "reason": "friend nearby"}')).toEqual({ action: 'talk', reason: 'friend nearby' });
  });

  it('decodes escapes', () => {
    expect(value('{"a": "tab\\there \\u00e9 \\"q\\""}')).toEqual({ a: 'tab\there \u00e9 "q"' });
  });

  it('fails cleanly on prose and empty answers', () => {
    expect(extractJson('')).toEqual({ ok: false, error: 'the answer was empty' });
    expect(extractJson('I would rather not answer that.')).toMatchObject({ ok: false });
    expect(extractJson('Use {curly braces} in prose.')).toMatchObject({ ok: false });
  });

  it('never throws on arbitrary input', () => {
    const samples = ['{', '[', '{"', "{'a", '{a:', '{"a":"\\', '}}}{{{', '[,,,]', '{"a":-}', '{:}', '\u201c\u201d', '{"a": 1e}', '{-}'];
    for (const s of samples) expect(() => extractJson(s)).not.toThrow();
  });
});

describe('parseNumberWord', () => {
  it('reads digits, words, compounds and ratings', () => {
    expect(parseNumberWord('7')).toBe(7);
    expect(parseNumberWord('7.5')).toBe(7.5);
    expect(parseNumberWord('seven')).toBe(7);
    expect(parseNumberWord('Twenty-One')).toBe(21);
    expect(parseNumberWord('one hundred and five')).toBe(105);
    expect(parseNumberWord('8/10')).toBe(8);
    expect(parseNumberWord('eight out of ten')).toBe(8);
    expect(parseNumberWord('a hundred')).toBe(100);
  });

  it('rejects non-numbers', () => {
    expect(parseNumberWord('')).toBeUndefined();
    expect(parseNumberWord('often')).toBeUndefined();
    expect(parseNumberWord('seven dwarfs')).toBeUndefined();
  });
});
