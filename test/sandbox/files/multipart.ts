/**
 * A streaming `multipart/form-data` parser for the sandbox's GraphQL uploads (graphql-upload's request shape:
 * `operations`, `map`, then one part per file). Text parts are buffered (they are small JSON documents); file parts
 * are handed over chunk by chunk and awaited, so a 50 MB upload flows to disk with backpressure and the parser never
 * holds more than one chunk plus a delimiter's worth of bytes (no re-scanning, no quadratic buffering).
 */

export interface PartHeaders {
  name: string;
  /** set for file parts */
  filename?: string;
  contentType?: string;
}

export interface MultipartHandlers {
  /** a complete text part */
  field(name: string, value: string): void | Promise<void>;
  /** a file part starts; its data follows through `fileChunk`, then `fileEnd` */
  fileStart(headers: PartHeaders): void | Promise<void>;
  fileChunk(chunk: Buffer): void | Promise<void>;
  fileEnd(): void | Promise<void>;
}

export class MultipartError extends Error {}

const MAX_TEXT_PART = 1024 * 1024;
const MAX_HEADER = 16 * 1024;

export function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2]) : null;
}

/** `form-data; name="0"; filename="a.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf` → name and filename (RFC 5987 wins). */
function parsePartHeaders(text: string): PartHeaders {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  const disposition = headers.get('content-disposition') ?? '';
  const param = (key: string) => new RegExp(`(?:^|;)\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition)?.[1] ?? new RegExp(`(?:^|;)\\s*${key}=([^;\\s]+)`, 'i').exec(disposition)?.[1];
  const name = param('name');
  if (name === undefined) throw new MultipartError('multipart part without a name');
  const extended = /(?:^|;)\s*filename\*=([^']*)'[^']*'([^;\s]+)/i.exec(disposition);
  let filename = param('filename');
  if (extended) {
    // As busboy (graphql-upload's parser): an extended value with a character RFC 5987 does not allow (a bare `(`,
    // `)`, `'` or `*`) makes the whole header unreadable, so the part is no file at all and the upload fails with
    // "File missing in the request" (seen on a real 2.21 with `Q3 review (final).pdf`).
    if (!/^(?:[A-Za-z0-9!#$&+\-.^_`|~]|%[0-9A-Fa-f]{2})*$/.test(extended[2])) return { name, filename: undefined, contentType: headers.get('content-type') };
    try {
      filename = decodeURIComponent(extended[2]);
    } catch {
      // a malformed extended value: keep the plain one
    }
  }
  return { name, filename, contentType: headers.get('content-type') };
}

/**
 * Parses a multipart body as it arrives.
 *
 * @example
 * await parseMultipart(req, boundaryOf(req.headers['content-type'])!, handlers);
 */
export async function parseMultipart(body: AsyncIterable<Buffer | string>, boundary: string, handlers: MultipartHandlers): Promise<void> {
  // Every delimiter but the first is preceded by CRLF: starting the buffer with one makes the first look the same.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buf: Buffer = Buffer.from('\r\n');
  type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';
  let state = 'preamble' as State;
  // `step` changes `state` inside a closure, which TypeScript's narrowing cannot see: read it through this.
  const current = (): State => state;
  let part: PartHeaders | null = null;
  let text: Buffer[] = [];
  let textSize = 0;

  const emit = async (data: Buffer) => {
    if (!data.length || !part) return;
    if (part.filename !== undefined) return handlers.fileChunk(data);
    textSize += data.length;
    if (textSize > MAX_TEXT_PART) throw new MultipartError(`multipart field "${part.name}" is larger than ${MAX_TEXT_PART} bytes`);
    text.push(data);
  };
  const endPart = async () => {
    if (!part) return;
    if (part.filename !== undefined) await handlers.fileEnd();
    else await handlers.field(part.name, Buffer.concat(text).toString('utf8'));
    part = null;
    text = [];
    textSize = 0;
  };

  const step = async (): Promise<boolean> => {
    switch (state) {
      case 'preamble': {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          buf = buf.subarray(Math.max(0, buf.length - delimiter.length + 1));
          return false;
        }
        buf = buf.subarray(at + delimiter.length);
        state = 'after-delimiter';
        return true;
      }
      case 'after-delimiter': {
        if (buf.length < 2) return false;
        const tail = buf.subarray(0, 2).toString('latin1');
        if (tail === '--') {
          state = 'done';
          return false;
        }
        if (tail !== '\r\n') throw new MultipartError('malformed multipart delimiter');
        buf = buf.subarray(2);
        state = 'headers';
        return true;
      }
      case 'headers': {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > MAX_HEADER) throw new MultipartError('multipart part headers too large');
          return false;
        }
        part = parsePartHeaders(buf.subarray(0, end).toString('utf8'));
        buf = buf.subarray(end + 4);
        if (part.filename !== undefined) await handlers.fileStart(part);
        state = 'body';
        return true;
      }
      case 'body': {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Keep just enough bytes to recognise a delimiter split across two chunks; hand over the rest.
          const keep = Math.min(buf.length, delimiter.length - 1);
          await emit(buf.subarray(0, buf.length - keep));
          buf = buf.subarray(buf.length - keep);
          return false;
        }
        await emit(buf.subarray(0, at));
        buf = buf.subarray(at + delimiter.length);
        await endPart();
        state = 'after-delimiter';
        return true;
      }
      default:
        return false;
    }
  };

  for await (const raw of body) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    // Copies at most one delimiter's worth of carried bytes plus the new chunk: linear in the body size.
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (await step()) {
      // parse as far as the bytes go
    }
    if (current() === 'done') break;
  }
  if (current() !== 'done') throw new MultipartError('multipart body ended before its closing delimiter');
}
