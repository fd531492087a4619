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

describe('extractJson, exactly', () => {
  const ok = (value: unknown, repairs: string[] = [], extracted = false) => ({ ok: true, value, repairs, extracted });

  it('decodes every escape, keeps unknown ones, and ends a string cut after a backslash', () => {
    expect(extractJson('{"a": "x\\ny\\tz\\r\\b\\f\\u0041\\uZZ\\/\\\'"}')).toEqual(ok({ a: "x\ny\tz\r\b\fAuZZ/'" }));
    expect(extractJson('{"a": "q: \\"x\\""}')).toEqual(ok({ a: 'q: "x"' }));
    expect(extractJson('{"a": "end\\')).toEqual(ok({ a: 'end' }, ['truncated']));
  });

  it('reads loose numbers as numbers and says so; exponents are plain JSON', () => {
    expect(extractJson('{"a": +1, "b": .5, "c": 1., "d": 01}')).toEqual(ok({ a: 1, b: 0.5, c: 1, d: 1 }, ['invalid-number']));
    for (const text of ['{"a": +1}', '{"a": .5}', '{"a": 1.}', '{"a": 01}', '{"a": -01}']) expect(repairs(text), text).toEqual(['invalid-number']);
    expect(extractJson('{"e": 1e3, "f": -2.5E-1, "g": 0, "h": -0.5}')).toEqual(ok({ e: 1000, f: -0.25, g: 0, h: -0.5 }));
    expect(extractJson('[1e3 , 0.5]')).toEqual(ok([1000, 0.5]));
  });

  it('maps every non-JSON literal to null or a boolean', () => {
    expect(extractJson('{"a": None, "b": undefined, "c": NaN, "d": Infinity, "e": -Infinity, "f": TRUE, "g": false, "h": null}')).toEqual(
      ok({ a: null, b: null, c: null, d: null, e: null, f: true, g: false, h: null }, ['python-literal']),
    );
    expect(extractJson('{"f": False, "t": true}')).toEqual(ok({ f: false, t: true }, ['python-literal']));
  });

  it('reads a bare word up to a comment, and refuses prose of more than twelve words', () => {
    expect(extractJson('{"a": hello world // note\n}')).toEqual(ok({ a: 'hello world' }, ['bare-string']));
    expect(extractJson('{"a": -}')).toEqual(ok({ a: '-' }, ['bare-string']));
    expect(extractJson('{"a": w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12}')).toEqual(ok({ a: 'w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12' }, ['bare-string']));
    expect(extractJson('{"a": w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13}')).toEqual({ ok: false, error: 'no JSON object found in the answer' });
  });

  it('inserts missing commas after values and strings, on one line or across lines', () => {
    expect(extractJson('{"a": 1 "b": 2}')).toEqual(ok({ a: 1, b: 2 }, ['missing-comma']));
    expect(extractJson('{"a": "x" "b": 2}')).toEqual(ok({ a: 'x', b: 2 }, ['missing-comma']));
    expect(extractJson('{"a": "x"\n"b": 2}')).toEqual(ok({ a: 'x', b: 2 }, ['missing-comma']));
    expect(extractJson('[1 2]')).toEqual(ok([1, 2], ['missing-comma']));
  });

  it('refuses a wrong closing bracket, and a key that is no name', () => {
    for (const text of ['{"a": 1]', '[1}', '{1: 2}', '{"a" "b": 1}']) expect(extractJson(text), text).toEqual({ ok: false, error: 'no JSON object found in the answer' });
  });

  it('skips every kind of comment, and reads "#{" as the start of an object', () => {
    expect(extractJson('#{"a": 1}')).toEqual(ok({ a: 1 }, [], true));
    expect(extractJson('{"a": 1 /* open')).toEqual(ok({ a: 1 }, ['comment', 'truncated']));
    expect(extractJson('{"a": 1, # c\n "b": 2}')).toEqual(ok({ a: 1, b: 2 }, ['comment']));
    expect(extractJson('{"a": 1 // to the end')).toEqual(ok({ a: 1 }, ['comment', 'truncated']));
    expect(extractJson('{/* x */"a": /* y */ 1}')).toEqual(ok({ a: 1 }, ['comment']));
  });

  it('closes smart quotes with either quote, and counts them as one repair', () => {
    expect(extractJson('{"a": \u201cx\u201c}')).toEqual(ok({ a: 'x' }, ['smart-quotes']));
    expect(extractJson('{\u2018a\u2019: \u2018b\u2018}')).toEqual(ok({ a: 'b' }, ['smart-quotes']));
  });

  it('keeps what came before a cut inside a key or after a colon', () => {
    expect(extractJson('{"x": 1, "a":')).toEqual(ok({ x: 1 }, ['truncated']));
    expect(extractJson('{"x": 1, "a"')).toEqual(ok({ x: 1 }, ['truncated']));
    expect(extractJson('{"x": 1, "ab')).toEqual(ok({ x: 1 }, ['truncated']));
    expect(extractJson('{"x": 1, a')).toEqual(ok({ x: 1 }, ['unquoted-key', 'truncated']));
    expect(extractJson('{"x": [1, 2')).toEqual(ok({ x: [1, 2] }, ['truncated']));
  });

  it('reads unquoted keys with dashes and dollars, and nested trailing commas', () => {
    expect(extractJson('{"k-1": 2, $x: 3, a_b-c: 4}')).toEqual(ok({ 'k-1': 2, $x: 3, 'a_b-c': 4 }, ['unquoted-key']));
    expect(extractJson('{"a": {"b": [1, 2,], "c": 3,},}')).toEqual(ok({ a: { b: [1, 2], c: 3 } }, ['trailing-comma']));
  });

  it('marks what it cut out of the text as extracted, and chooses objects before arrays', () => {
    expect(extractJson('[1, 2] and {"b": 1}')).toEqual(ok({ b: 1 }, [], true));
    expect(extractJson('see [1] and [2')).toEqual(ok([1], [], true));
    expect(extractJson('see [2')).toEqual(ok([2], ['truncated'], true));
    expect(extractJson('text {"a": [1, {"b": 2')).toEqual(ok({ a: [1, { b: 2 }] }, ['truncated'], true));
    expect(extractJson('{"a": [1, {"b": 2')).toEqual(ok({ a: [1, { b: 2 }] }, ['truncated'], false));
    expect(extractJson('[{"a": 1}]')).toEqual(ok([{ a: 1 }]));
    expect(extractJson('[{"a": 1},]')).toEqual(ok([{ a: 1 }], ['trailing-comma']));
    expect(extractJson('x [1]')).toEqual(ok([1], [], true));
    expect(extractJson('[1] x')).toEqual(ok([1], [], true));
    expect(extractJson('{"a":1}{"b":2}')).toEqual(ok({ a: 1 }, [], true));
    expect(extractJson('```json\n{"a": 1,}\n```')).toEqual(ok({ a: 1 }, ['trailing-comma'], true));
    expect(extractJson('```\n\n```{"a":1}')).toEqual(ok({ a: 1 }, [], true));
    expect(extractJson('```js \n{"a": 1}')).toEqual(ok({ a: 1 }, [], true));
  });

  it('takes no bare value for an answer, only an object or an array', () => {
    for (const text of ['42', '"text"', 'true', 'null']) expect(extractJson(text), text).toEqual({ ok: false, error: 'no JSON object found in the answer' });
  });

  it('notes raw tabs and line breaks inside strings', () => {
    for (const c of ['\t', '\n', '\r']) expect(extractJson(`{"a": "x${c}y"}`), JSON.stringify(c)).toEqual(ok({ a: `x${c}y` }, ['control-character']));
  });

  it('reads JSON literals in a repaired text as they are', () => {
    expect(extractJson("{'a': true, 'b': false, 'c': null}")).toEqual(ok({ a: true, b: false, c: null }, ['single-quotes']));
  });

  it('refuses a colon or a bracket where a value should be', () => {
    expect(extractJson('{"a": :}')).toEqual({ ok: false, error: 'no JSON object found in the answer' });
  });

  it('names why nothing was found', () => {
    expect(extractJson('   ')).toEqual({ ok: false, error: 'the answer was empty' });
    expect(extractJson('no json here')).toEqual({ ok: false, error: 'no JSON object found in the answer' });
  });
});

describe('parseNumberWord, more', () => {
  it('reads hundreds, thousands, signs and trailing punctuation', () => {
    const cases: [string, number][] = [
      ['two thousand and five', 2005], ['one thousand two hundred', 1200], ['thousand', 1000], ['hundred', 100],
      ['three hundred thousand', 300_000], ['7.', 7], ['+3', 3], ['.5', 0.5], ['-2', -2], ['seven!', 7], ['five of ten', 5], ['zero', 0], ['ninety nine', 99],
    ];
    for (const [text, n] of cases) expect(parseNumberWord(text), text).toBe(n);
  });

  it('refuses half a rating, a lone article and broken digits', () => {
    for (const text of ['7/x', 'x/10', 'a a', 'a', '1.2.3', 'and']) expect(parseNumberWord(text), text).toBeUndefined();
  });
});
