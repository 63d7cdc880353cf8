import { cut } from './quote';

/**
 * What is wrong with a piece of text a client sent, or null when it is fine. A NUL character
 * cannot be stored or compared by PostgreSQL (`invalid byte sequence for encoding "UTF8": 0x00`)
 * and an unpaired UTF-16 surrogate is not Unicode text at all: both are refused as the client's
 * mistake before any statement runs, on both engines alike.
 */
export function textProblem(text: string): string | null {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return `holds a NUL character (U+0000) at position ${i + 1}`;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) return `holds an unpaired surrogate (U+${c.toString(16).toUpperCase()}) at position ${i + 1}, which is not valid Unicode`;
  }
  return null;
}

/** What text a client may send, for the end of a message refusing it. */
export const ALLOWED_TEXT = 'text must be valid Unicode without NUL characters';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether bytes are well-formed UTF-8 (what a JSON body must be, RFC 8259). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Decodes one `application/x-www-form-urlencoded` component strictly: null when it is not percent-encoded UTF-8. */
function decodeComponent(part: string): string | null {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** Names are echoed in messages: a hostile one may be huge. */
export const clip = (text: string, max = 60) => cut(text, max);

/** A parameter name as a message shows it: bare when it is a plain name, quoted otherwise. */
const shown = (name: string) => (/^[\w.]{1,60}$/.test(name) ? name : JSON.stringify(clip(name)));

/**
 * What is wrong with a URL's query string, or null: a malformed percent escape or bytes that are
 * not UTF-8 (which a lenient decoder would silently turn into U+FFFD), or a parameter that
 * decodes to invalid text. Names the parameter.
 */
export function queryStringProblem(url: string): string | null {
  const start = url.indexOf('?');
  if (start < 0) return null;
  for (const pair of url.slice(start + 1).split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const name = decodeComponent(rawName);
    if (name === null) {
      return `A query-string parameter name (${shown(rawName)}) is not percent-encoded UTF-8; encode the URL as UTF-8.`;
    }
    const nameProblem = textProblem(name);
    if (nameProblem) return `A query-string parameter name ${nameProblem}; ${ALLOWED_TEXT}.`;
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
    if (value === null) return `${shown(name)}: the value is not percent-encoded UTF-8; encode the URL as UTF-8.`;
    const valueProblem = textProblem(value);
    if (valueProblem) return `${shown(name)}: the value ${valueProblem}; ${ALLOWED_TEXT}.`;
  }
  return null;
}
