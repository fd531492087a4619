/**
 * Extracts and repairs JSON from model text. Small models wrap JSON in prose or code fences,
 * leave trailing commas, use single or smart quotes, unquoted keys, comments, Python literals,
 * numbers written as words, forget commas, or stop mid-answer. `extractJson` recovers the first
 * JSON value it can and lists the repairs it made, so callers can count them. Pure.
 */

export type JsonRepair =
  | 'trailing-comma'
  | 'missing-comma'
  | 'single-quotes'
  | 'smart-quotes'
  | 'unquoted-key'
  | 'comment'
  | 'python-literal'
  | 'number-word'
  | 'bare-string'
  | 'unescaped-quote'
  | 'control-character'
  | 'invalid-number'
  | 'truncated';

export type JsonExtraction =
  | {
      ok: true;
      value: unknown;
      /** Fixes applied to the JSON text itself (empty when it was valid JSON). */
      repairs: JsonRepair[];
      /** True when prose or code fences around the JSON were dropped. */
      extracted: boolean;
    }
  | { ok: false; error: string };

/** Finds the first JSON object (preferred) or array in model text and repairs it. */
export function extractJson(text: string): JsonExtraction {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: 'the answer was empty' };
  const strict = tryStrict(trimmed);
  if (strict.ok) return { ok: true, value: strict.value, repairs: [], extracted: false };

  const fenced = fencedBlock(trimmed);
  if (fenced !== undefined) {
    const inner = tryStrict(fenced);
    if (inner.ok) return { ok: true, value: inner.value, repairs: [], extracted: true };
  }

  // Scan from each opening bracket. Preference: the first complete object, then an object cut
  // off at the end of the text, then the first complete array, then a cut-off array. A parsed
  // value is skipped as a whole, so objects nested in it are not taken for the answer.
  const source = fenced ?? trimmed;
  const wrapped = source !== trimmed;
  let firstArray: ParseOutcome | undefined;
  let truncatedObject: ParseOutcome | undefined;
  let truncatedArray: ParseOutcome | undefined;
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c !== '{' && c !== '[') {
      i++;
      continue;
    }
    const outcome = parseTolerant(source, i);
    if (!outcome) {
      i++;
      continue;
    }
    const extracted = wrapped || i > 0 || outcome.end < source.length;
    if (c === '{' && !outcome.truncated) return success(outcome, extracted);
    if (outcome.truncated) {
      // It ran to the end of the text: every later bracket is inside it.
      if (c === '{') truncatedObject = { ...outcome, extracted };
      else truncatedArray = { ...outcome, extracted };
      break;
    }
    firstArray ??= { ...outcome, extracted };
    i = outcome.end;
  }
  const chosen = truncatedObject ?? firstArray ?? truncatedArray;
  if (chosen) return success(chosen, chosen.extracted ?? true);
  return { ok: false, error: 'no JSON object found in the answer' };
}

function success(outcome: ParseOutcome, extracted: boolean): JsonExtraction {
  return { ok: true, value: outcome.value, repairs: [...outcome.repairs], extracted };
}

function tryStrict(text: string): { ok: true; value: unknown } | { ok: false } {
  const first = text[0];
  if (first !== '{' && first !== '[') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** Content of the first ``` fenced block (any language tag), if there is one. */
function fencedBlock(text: string): string | undefined {
  const match = /```[a-zA-Z0-9_-]*[ \t]*\r?\n?([\s\S]*?)(?:```|$)/.exec(text);
  const inner = match?.[1]?.trim();
  return inner ? inner : undefined;
}

// ---------------------------------------------------------------- number words

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

/**
 * Reads a number from a short phrase: "7", "7.5", "seven", "twenty-one", "one hundred",
 * "7/10", "seven out of ten". Returns undefined when the phrase is not a number.
 */
export function parseNumberWord(phrase: string): number | undefined {
  const s = phrase.trim().toLowerCase().replace(/[.!]+$/, '');
  if (!s) return undefined;
  const ratio = /^(.+?)\s*(?:\/|out of|of)\s*(.+)$/.exec(s);
  if (ratio) {
    const head = parseNumberWord(ratio[1]);
    return head !== undefined && parseNumberWord(ratio[2]) !== undefined ? head : undefined;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return Number(s);
  const words = s.replace(/-/g, ' ').split(/\s+/).filter((w) => w !== 'and');
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    if (w in UNITS) current += UNITS[w];
    else if (w in TENS) current += TENS[w];
    else if (w === 'hundred') current = (current || 1) * 100;
    else if (w === 'thousand') {
      total += (current || 1) * 1000;
      current = 0;
    } else if (w === 'a' && !seen) continue;
    else return undefined;
    seen = true;
  }
  return seen ? total + current : undefined;
}

// ---------------------------------------------------------------- tolerant parser

interface ParseOutcome {
  value: unknown;
  end: number;
  truncated: boolean;
  repairs: Set<JsonRepair>;
  extracted?: boolean;
}

class NotJson extends Error {}

const OPEN_QUOTES: Record<string, { close: string[]; repair?: JsonRepair }> = {
  '"': { close: ['"'] },
  "'": { close: ["'"], repair: 'single-quotes' },
  '\u201c': { close: ['\u201d', '\u201c'], repair: 'smart-quotes' },
  '\u2018': { close: ['\u2019', '\u2018'], repair: 'smart-quotes' },
};

function parseTolerant(text: string, start: number): ParseOutcome | undefined {
  const p = new TolerantParser(text, start);
  try {
    const value = p.value();
    return { value, end: p.pos, truncated: p.truncated, repairs: p.repairs };
  } catch (err) {
    if (err instanceof NotJson) return undefined;
    throw err;
  }
}

class TolerantParser {
  pos: number;
  truncated = false;
  readonly repairs = new Set<JsonRepair>();

  constructor(
    private readonly s: string,
    start: number,
  ) {
    this.pos = start;
  }

  private get atEnd(): boolean {
    return this.pos >= this.s.length;
  }

  /** Skips whitespace and comments (a comment is a repair). */
  private skip(): void {
    for (;;) {
      while (!this.atEnd && /\s/.test(this.s[this.pos])) this.pos++;
      if (this.s.startsWith('//', this.pos) || (this.s[this.pos] === '#' && this.s[this.pos + 1] !== '{')) {
        const nl = this.s.indexOf('\n', this.pos);
        this.pos = nl < 0 ? this.s.length : nl + 1;
        this.repairs.add('comment');
      } else if (this.s.startsWith('/*', this.pos)) {
        const close = this.s.indexOf('*/', this.pos + 2);
        this.pos = close < 0 ? this.s.length : close + 2;
        this.repairs.add('comment');
      } else return;
    }
  }

  value(): unknown {
    this.skip();
    if (this.atEnd) throw new NotJson();
    const c = this.s[this.pos];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c in OPEN_QUOTES) return this.string();
    if (/[-+.\d]/.test(c)) return this.number();
    return this.bareWord();
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    return this.members('}', ']', out, () => {
      const key = this.key();
      // Cut off inside a key: keep what came before and drop the unfinished member.
      if (key === null) return;
      this.skip();
      if (this.atEnd) return this.truncate();
      if (this.s[this.pos] !== ':') throw new NotJson();
      this.pos++;
      this.skip();
      if (this.atEnd) return this.truncate(); // "key": with no value: drop the member
      out[key] = this.value();
    });
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    return this.members(']', '}', out, () => {
      out.push(this.value());
    });
  }

  /**
   * The members of an object or array up to `close` (the opening bracket is at `pos`), read by
   * `member`: missing and trailing commas are repairs, the wrong closing bracket is not JSON,
   * and a text that ends inside the container (or inside a member) gives what came before.
   */
  private members<T>(close: '}' | ']', wrongClose: '}' | ']', out: T, member: () => void): T {
    this.pos++; // { or [
    let needComma = false;
    for (;;) {
      this.skip();
      if (this.atEnd) {
        this.truncate();
        return out;
      }
      const c = this.s[this.pos];
      if (c === close) {
        this.pos++;
        return out;
      }
      if (c === ',') {
        this.pos++;
        this.skip();
        if (this.s[this.pos] === close) this.repairs.add('trailing-comma');
        needComma = false;
        continue;
      }
      if (c === wrongClose) throw new NotJson();
      if (needComma) this.repairs.add('missing-comma');
      member();
      needComma = true;
      if (this.truncated) return out;
    }
  }

  /** The member's key, or null when the text ends inside it (a truncated answer). */
  private key(): string | null {
    const c = this.s[this.pos];
    if (c in OPEN_QUOTES) {
      const k = this.string();
      return this.truncated ? null : k;
    }
    const match = /^[A-Za-z_$][\w$-]*/.exec(this.s.slice(this.pos, this.pos + 200));
    if (!match) throw new NotJson();
    this.pos += match[0].length;
    this.repairs.add('unquoted-key');
    return match[0];
  }

  /**
   * Reads a quoted string. A quote character ends the string only where JSON could continue
   * after it (`, } ] :` or the end); elsewhere it is kept as an unescaped quote in the text.
   */
  private string(): string {
    const open = this.s[this.pos];
    const { close, repair } = OPEN_QUOTES[open];
    if (repair) this.repairs.add(repair);
    this.pos++;
    let out = '';
    while (!this.atEnd) {
      const c = this.s[this.pos];
      if (c === '\\') {
        out += this.escape();
        continue;
      }
      if (close.includes(c)) {
        if (this.endsString()) {
          this.pos++;
          return out;
        }
        this.repairs.add('unescaped-quote');
      } else if (c === '\n' || c === '\r' || c === '\t') this.repairs.add('control-character');
      out += c;
      this.pos++;
    }
    this.truncate();
    return out;
  }

  private endsString(): boolean {
    const rest = this.s.slice(this.pos + 1, this.pos + 400);
    const next = /^\s*(\S?)/.exec(rest)?.[1] ?? '';
    if (next === '' || next === ',' || next === '}' || next === ']') return true;
    if (next === ':') return true;
    // A key starting on the same line after a forgotten comma: "a" "b": 1
    return /^\s*["'\u201c\u2018][^"'\u201d\u2019\n]*["'\u201d\u2019]\s*:/.test(rest) || /^\s*\n/.test(rest);
  }

  private escape(): string {
    const next = this.s[this.pos + 1];
    this.pos += 2;
    switch (next) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'u': {
        const hex = this.s.slice(this.pos, this.pos + 4);
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          this.pos += 4;
          return String.fromCharCode(parseInt(hex, 16));
        }
        return 'u';
      }
      case undefined:
        return '';
      default:
        return next; // \" \\ \/ and unknown escapes like \' keep the character
    }
  }

  private number(): unknown {
    const match = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(this.s.slice(this.pos, this.pos + 64));
    if (!match) return this.bareWord();
    this.pos += match[0].length;
    const text = match[0];
    if (text.startsWith('+') || text.startsWith('.') || text.endsWith('.') || /^-?0\d/.test(text)) this.repairs.add('invalid-number');
    return Number(text);
  }

  /** Unquoted values: literals, Python literals, number words, otherwise a string. */
  private bareWord(): unknown {
    const match = /^[^,}\]\n\r]*/.exec(this.s.slice(this.pos, this.pos + 400));
    const raw = (match?.[0] ?? '').trimEnd();
    if (!raw || /^[{[:]/.test(raw)) throw new NotJson();
    const word = raw.replace(/\s*\/\/.*$/, '');
    this.pos += raw.length;
    const lower = word.toLowerCase();
    if (word === 'true' || word === 'false' || word === 'null') return word === 'true' ? true : word === 'false' ? false : null;
    if (lower === 'true' || lower === 'false') {
      this.repairs.add('python-literal');
      return lower === 'true';
    }
    if (lower === 'none' || lower === 'undefined' || lower === 'nan' || lower === '-infinity' || lower === 'infinity') {
      this.repairs.add('python-literal');
      return null;
    }
    const n = parseNumberWord(word);
    if (n !== undefined) {
      this.repairs.add('number-word');
      return n;
    }
    // Prose is not a value: refuse long sentences so a stray "{" in text does not parse.
    if (word.split(/\s+/).length > 12) throw new NotJson();
    this.repairs.add('bare-string');
    return word;
  }

  private truncate(): void {
    this.truncated = true;
    this.repairs.add('truncated');
  }
}
