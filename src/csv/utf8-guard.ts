import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';

/** Raised when a file holds bytes that are not UTF-8; `offset` is the byte offset of the first one. */
export class EncodingError extends Error {
  constructor(
    readonly offset: number,
    readonly byte: number | undefined,
  ) {
    super(`invalid UTF-8 at byte offset ${offset}`);
  }
}

/**
 * Checks, chunk by chunk, that bytes are UTF-8 (with the native validator) and decodes them; a
 * character split across two chunks is carried over to the next one.
 */
export class Utf8Decoder {
  private carry: Buffer | null = null;
  private passed = 0;
  private first = true;

  /**
   * The text of the chunk. When the chunk holds invalid bytes, `text` is the valid part before
   * them and `error` says where they are.
   */
  decode(chunk: Buffer): { text: string; error?: EncodingError } {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = incompleteTail(buf);
    const body = cut === buf.length ? buf : buf.subarray(0, cut);
    this.carry = cut === buf.length ? null : Buffer.from(buf.subarray(cut));
    if (!isUtf8(body)) {
      const at = firstInvalidUtf8(body);
      return { text: this.text(body.subarray(0, at)), error: new EncodingError(this.passed + at, body[at]) };
    }
    this.passed += body.length;
    return { text: this.text(body) };
  }

  /** Call at the end of the input: a character left unfinished is an error. */
  end(): EncodingError | undefined {
    return this.carry ? new EncodingError(this.passed, this.carry[0]) : undefined;
  }

  private text(body: Buffer): string {
    let t = body.toString('utf8');
    if (this.first && t.length > 0) {
      this.first = false;
      if (t.charCodeAt(0) === 0xfeff) t = t.slice(1);
    }
    return t;
  }
}

/** Index where a multi-byte character that the chunk does not finish starts (or the length). */
function incompleteTail(buf: Buffer): number {
  const len = buf.length;
  for (let i = len - 1; i >= 0 && i >= len - 4; i--) {
    const b = buf[i];
    if ((b & 0xc0) === 0x80) continue;
    if (b < 0xc0) return len;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return len - i < need ? i : len;
  }
  return len;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 character, or -1. */
export function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      i += 1;
      continue;
    }
    let n: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min, cp] = [1, 0x80, c & 0x1f];
    else if (c >= 0xe0 && c <= 0xef) [n, min, cp] = [2, 0x800, c & 0x0f];
    else if (c >= 0xf0 && c <= 0xf4) [n, min, cp] = [3, 0x10000, c & 0x07];
    else return i;
    if (i + n >= b.length) return i;
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

/** Line number (1-based) of a byte offset, counted by reading the file again (error path only). */
export async function lineOfOffset(file: string, offset: number): Promise<number> {
  if (offset <= 0) return 1;
  let line = 1;
  for await (const chunk of createReadStream(file, { end: Math.max(0, offset - 1) })) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) line += 1;
  }
  return line;
}
