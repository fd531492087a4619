/**
 * Streams the answer text of an interview while the model writes its JSON reply
 * (`{"answer": "…"}`): the user sees the words, not the braces. A reply that does not start
 * with `{` is plain text and is streamed as it comes. Pure text handling, no model here.
 */

/** The keys normalizeAnswer accepts for the answer, in the same spirit (first one seen wins). */
const ANSWER_KEY = /"(?:answer|response|reply|text|message|say)"\s*:\s*"/;

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export class AnswerStream {
  private raw = '';
  /** Where the answer string's next unread character is in `raw` (-1: not found yet). */
  private at = -1;
  private done = false;
  private plain: boolean | null = null;

  constructor(private readonly emit: (piece: string) => void) {}

  /** Feeds one piece of the model's raw text. */
  push(piece: string): void {
    if (this.done) return;
    this.raw += piece;
    if (this.plain === null) {
      const first = this.raw.trimStart();
      if (!first) return;
      this.plain = !first.startsWith('{') && !first.startsWith('```');
    }
    if (this.plain) return this.emit(piece);
    if (this.at < 0) {
      const m = ANSWER_KEY.exec(this.raw);
      if (!m) return;
      this.at = m.index + m[0].length;
    }
    let out = '';
    while (this.at < this.raw.length) {
      const c = this.raw[this.at];
      if (c === '"') {
        this.done = true;
        break;
      }
      if (c !== '\\') {
        out += c;
        this.at++;
        continue;
      }
      // An escape: wait until it is complete.
      const next = this.raw[this.at + 1];
      if (next === undefined) break;
      if (next === 'u') {
        const hex = this.raw.slice(this.at + 2, this.at + 6);
        if (hex.length < 4) break;
        out += String.fromCharCode(parseInt(hex, 16) || 0x20);
        this.at += 6;
        continue;
      }
      out += ESCAPES[next] ?? next;
      this.at += 2;
    }
    if (out) this.emit(out);
  }
}
