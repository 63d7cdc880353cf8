/**
 * How a message shows a value a client sent. Messages name the field and what is allowed in
 * full, but quote at most QUOTE_LIMIT characters of the value itself: a 200 KB argument echoed
 * back whole makes every mistake cost the hub (and the client, and the logs) its size again.
 * Every error a client sees passes through `boundMessage` (the GraphQL error formatter, the HTTP
 * error bodies, the CSV export's refusals), so a message built elsewhere, by graphql-js or
 * class-validator, is bounded too.
 */

/** Characters of one value a message quotes. */
export const QUOTE_LIMIT = 100;

/**
 * A whole message is cut in its middle past this length, after each quoted value has been cut:
 * the last resort for a value made of many short parts (a list literal of 20,000 strings).
 */
export const MESSAGE_LIMIT = 1000;

const count = (n: number) => n.toLocaleString('en-US');

/** What follows a cut value: how many characters were left out. */
const leftOut = (n: number) => `(${count(n)} more character${n === 1 ? '' : 's'})`;

const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\t' || c === '\r';

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;

/** Where to end a prefix of about `max` characters without splitting a surrogate pair. */
function prefixEnd(text: string, max: number): number {
  return isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
}

/** `text` itself, or its first `max` characters and a mark saying how many were left out. */
export function cut(text: string, max = QUOTE_LIMIT): string {
  if (text.length <= max) return text;
  const end = prefixEnd(text, max);
  return `${text.slice(0, end)}… ${leftOut(text.length - end)}`;
}

/**
 * A value as a message quotes it: JSON (strings in double quotes), at most QUOTE_LIMIT characters
 * of it, then the mark: `"xxxx…" (199,900 more characters)`.
 */
export function quote(value: unknown): string {
  const json = jsonOf(value);
  if (json.length <= QUOTE_LIMIT + 2) return json;
  if (typeof value === 'string') return cutLiteral(json, 0, json.length - 1);
  // JSON of an object or a list: cut like plain text, closing a string the cut falls inside.
  const end = prefixEnd(json, QUOTE_LIMIT);
  const open = unescapedQuotes(json, 0, end) % 2 === 1;
  return `${json.slice(0, end)}…${open ? '"' : ''} ${leftOut(json.length - end)}`;
}

/** The literal `text[open..close]` (both quotes) with its content cut to QUOTE_LIMIT characters. */
function cutLiteral(text: string, open: number, close: number): string {
  const end = literalPrefixEnd(text, open + 1, close, QUOTE_LIMIT);
  return `${text.slice(open, end)}…" ${leftOut(close - end)}`;
}

function unescapedQuotes(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') n++;
  }
  return n;
}

function jsonOf(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The end of a JSON-style string literal's content of at most `max` characters, starting at
 * `from`: never inside an escape sequence (`\\"`, `\\u00e9`) or a surrogate pair.
 */
function literalPrefixEnd(text: string, from: number, to: number, max: number): number {
  let i = from;
  for (;;) {
    const step = text[i] === '\\' ? (text[i + 1] === 'u' ? 6 : 2) : isHighSurrogate(text.charCodeAt(i)) ? 2 : 1;
    if (i + step > to || i + step - from > max) return i;
    i += step;
  }
}

/**
 * A message with every quoted value (a JSON-style `"..."` literal, as graphql-js and `quote`
 * print them) and every other unbroken run of characters cut to QUOTE_LIMIT characters (one more
 * is the mark `…` of a value already cut), then,
 * if still over MESSAGE_LIMIT, cut in its middle. Linear in the message's length whatever it
 * holds (a scan, not a backtracking expression): the message may be an attacker's text.
 */
export function boundMessage(message: string): string {
  if (message.length <= QUOTE_LIMIT) return message;
  const parts: string[] = [];
  // message[copied, i) is kept as it is; parts get it only when something after it is cut.
  let copied = 0;
  let i = 0;
  let quotesClosed = true;
  const replace = (from: number, to: number, text: string) => {
    parts.push(message.slice(copied, from), text);
    copied = to;
  };
  while (i < message.length) {
    const c = message[i];
    if (c === '"') {
      const close = quotesClosed ? closingQuote(message, i + 1) : -1;
      // No closing quote anywhere after this one: the rest is plain text.
      if (close < 0) {
        quotesClosed = false;
        i += 1;
        continue;
      }
      if (close - (i + 1) > QUOTE_LIMIT + 1) replace(i, close + 1, cutLiteral(message, i, close));
      i = close + 1;
    } else if (isSpace(c)) {
      i += 1;
    } else {
      let j = i + 1;
      while (j < message.length && message[j] !== '"' && !isSpace(message[j])) j++;
      if (j - i > QUOTE_LIMIT + 1) {
        // Punctuation after a value (`{ name: 1 }`) stays after the mark.
        let k = j;
        while (k > i && j - k < 3 && /[:;,.)\]}]/.test(message[k - 1])) k--;
        replace(i, j, `${cut(message.slice(i, k))}${message.slice(k, j)}`);
      }
      i = j;
    }
  }
  parts.push(message.slice(copied));
  const bounded = parts.join('');
  if (bounded.length <= MESSAGE_LIMIT) return bounded;
  const half = MESSAGE_LIMIT / 2;
  const head = prefixEnd(bounded, half);
  const tail = bounded.length - half + (isHighSurrogate(bounded.charCodeAt(bounded.length - half - 1)) ? 1 : 0);
  return `${bounded.slice(0, head)} … (${count(tail - head)} characters left out) … ${bounded.slice(tail)}`;
}

/** The index of the unescaped `"` closing a literal whose content starts at `from`, or -1. */
function closingQuote(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/**
 * Every string inside an error's `extensions` (an argument path, a variable name a client
 * chose) cut to QUOTE_LIMIT characters; other values as they are. Depth-bounded: extensions are
 * small objects the hub builds.
 */
export function boundStrings<T>(value: T, depth = 4): T {
  if (typeof value === 'string') return cut(value) as T;
  if (depth === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => boundStrings(v, depth - 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = boundStrings(v, depth - 1);
  return out as T;
}
