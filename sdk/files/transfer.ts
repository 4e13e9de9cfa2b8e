/**
 * Moving one file's bytes: a streamed download from a signed URL (no API key: the token is the credential, and a
 * key in the header does not replace it, file-download-no-token-403) piped straight into a streamed GraphQL
 * multipart upload to the target's `/metadata` (`uploadFilesFieldFile`, files-field.resolver.ts), hashing and
 * counting on the way. Neither side ever holds the file whole: memory is one chunk (64 KiB) per transfer.
 *
 * The upload uses node:http(s) rather than the openapi-fetch client: it needs a streaming body with a known
 * content-length (proxies in front of Twenty refuse or buffer chunked uploads) and must not be replayed by the
 * client's retry layer (a stream can be sent once; `copyOne` retries the whole transfer instead).
 */
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { redactUrl } from '../client/redact.js';
import { networkErrorCode } from '../client/reachability.js';

/** Connection errors that happen before any byte reaches a server. */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export class TransferError extends Error {
  constructor(
    readonly code: 'DOWNLOAD_FORBIDDEN' | 'DOWNLOAD_NOT_FOUND' | 'DOWNLOAD_FAILED' | 'UPLOAD_FAILED' | 'UPLOAD_REFUSED' | 'SIZE_MISMATCH',
    message: string,
    /** whether sending again may succeed (network failures, 5xx, 429) */
    readonly retryable: boolean,
    readonly status?: number,
    /** the upload certainly left nothing in the target: it answered (a refusal), or no connection was ever opened */
    readonly nothingStored = false,
  ) {
    super(message);
    this.name = 'TransferError';
  }
}

export interface Download {
  body: AsyncIterable<Uint8Array>;
  /** content-length, when the server sent one */
  size?: number;
  contentType?: string;
}

/** GET a signed file URL; 403 (expired or missing token) and 404 come back as TransferErrors the caller can act on. */
export async function openDownload(url: string, options: { signal?: AbortSignal; fetch?: typeof fetch } = {}): Promise<Download> {
  let res: Response;
  try {
    res = await (options.fetch ?? fetch)(url, { signal: options.signal, redirect: 'follow' });
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason ?? error;
    throw new TransferError('DOWNLOAD_FAILED', `download of ${redactUrl(url)} failed: ${(error as Error).message}`, true);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => {});
    const where = redactUrl(url);
    if (res.status === 403 || res.status === 401) throw new TransferError('DOWNLOAD_FORBIDDEN', `download of ${where}: ${res.status} (signed URL expired or invalid)`, false, res.status);
    if (res.status === 404) throw new TransferError('DOWNLOAD_NOT_FOUND', `download of ${where}: 404, the source no longer has this file`, false, 404);
    throw new TransferError('DOWNLOAD_FAILED', `download of ${where}: HTTP ${res.status}`, res.status >= 500 || res.status === 429, res.status);
  }
  const length = res.headers.get('content-length');
  return { body: res.body as unknown as AsyncIterable<Uint8Array>, size: length && /^\d+$/.test(length) ? Number(length) : undefined, contentType: res.headers.get('content-type') ?? undefined };
}

export interface UploadTarget {
  /** server URL of the target (no /rest suffix) */
  url: string;
  apiKey: string;
}

export interface UploadInput {
  fieldMetadataId: string;
  filename: string;
  mimeType: string;
  body: AsyncIterable<Uint8Array>;
  /** bytes the body will yield, when known: sent as content-length, and checked */
  size?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface UploadResult {
  /** the file as the target answered it */
  id: string;
  url: string;
  path?: string;
  /** size the target reported */
  serverSize?: number;
  /** bytes and sha256 of what was sent, computed while streaming */
  size: number;
  sha256: string;
}

const UPLOAD_MUTATION = `mutation UploadFilesFieldFile($file: Upload!, $fieldMetadataId: String!) {
  uploadFilesFieldFile(file: $file, fieldMetadataId: $fieldMetadataId) { id path size url }
}`;

/** `Q3 review (final).pdf` stays; `報告書.pdf` → `___.pdf` in the plain parameter, with the real name in `filename*`. */
export function dispositionFor(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  // A name the plain parameter holds exactly needs nothing else. Otherwise `filename*` (RFC 5987) carries it, with
  // the characters encodeURIComponent leaves but RFC 5987 forbids encoded too: a real server's multipart parser
  // dropped the file of `Q3 review (final).pdf` ("File missing in the request") for a bare `(`.
  if (ascii === filename) return `form-data; name="0"; filename="${ascii}"`;
  const extValue = encodeURIComponent(filename).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `form-data; name="0"; filename="${ascii}"; filename*=UTF-8''${extValue}`;
}

/**
 * Streams `body` to the target as `uploadFilesFieldFile(file, fieldMetadataId)`. Resolves once the target answered
 * with the file's id; throws a TransferError otherwise (GraphQL errors included).
 */
export async function uploadFilesFieldFile(target: UploadTarget, input: UploadInput): Promise<UploadResult> {
  const boundary = `----twenty-migrate-${randomBytes(12).toString('hex')}`;
  const operations = JSON.stringify({ query: UPLOAD_MUTATION, variables: { file: null, fieldMetadataId: input.fieldMetadataId } });
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${operations}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.file"]}\r\n` +
      `--${boundary}\r\nContent-Disposition: ${dispositionFor(input.filename)}\r\nContent-Type: ${input.mimeType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const hash = createHash('sha256');
  let sent = 0;
  async function* parts() {
    yield head;
    for await (const chunk of input.body) {
      hash.update(chunk);
      sent += chunk.length;
      yield chunk;
    }
    if (input.size !== undefined && sent !== input.size) {
      throw new TransferError('SIZE_MISMATCH', `the download ended after ${sent} of ${input.size} bytes`, true);
    }
    yield tail;
  }

  const url = new URL('/metadata', target.url.replace(/\/+$/, '') + '/');
  const headers: Record<string, string | number> = {
    authorization: `Bearer ${target.apiKey}`,
    'content-type': `multipart/form-data; boundary=${boundary}`,
    // Apollo-style CSRF prevention accepts multipart requests that carry one of these.
    'apollo-require-preflight': 'true',
    'x-apollo-operation-name': 'UploadFilesFieldFile',
  };
  if (input.size !== undefined) headers['content-length'] = head.length + input.size + tail.length;
  const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, { method: 'POST', headers, signal: input.signal, timeout: input.timeoutMs ?? 10 * 60_000 });
  req.on('timeout', () => req.destroy(new TransferError('UPLOAD_FAILED', `upload timed out after ${input.timeoutMs ?? 600_000} ms`, true)));
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.once('response', resolve);
    req.once('error', reject);
  });
  // The response is awaited with the body, so a server answering early (an error) is seen even mid-upload.
  const sending = pipeline(Readable.from(parts()), req);
  let res: IncomingMessage;
  try {
    [res] = await Promise.all([response, sending]);
  } catch (error) {
    if (input.signal?.aborted) throw input.signal.reason ?? error;
    // Our own size check cut the body short: the server never got a whole file to keep.
    if (error instanceof TransferError) throw new TransferError(error.code, error.message, error.retryable, error.status, true);
    const code = networkErrorCode(error);
    throw new TransferError('UPLOAD_FAILED', `upload to ${redactUrl(url)} failed: ${(error as Error).message}${code ? ` (${code})` : ''}`, true, undefined, NEVER_CONNECTED.has(code ?? ''));
  }
  let text = '';
  for await (const chunk of res) text += chunk;
  const status = res.statusCode ?? 0;
  let body: { data?: { uploadFilesFieldFile?: { id?: string; url?: string; path?: string; size?: number } } | null; errors?: Array<{ message?: string; extensions?: { code?: string } }> } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: reported below with the status
  }
  const file = body.data?.uploadFilesFieldFile;
  if (status >= 200 && status < 300 && file?.id && !body.errors?.length) {
    return { id: file.id, url: file.url ?? '', path: file.path, serverSize: file.size, size: sent, sha256: hash.digest('hex') };
  }
  const message = body.errors?.map((e) => `${e.message}${e.extensions?.code ? ` (${e.extensions.code})` : ''}`).join('; ') || `HTTP ${status}: ${text.slice(0, 200)}`;
  const retryable = status >= 500 || status === 429 || status === 0;
  // 2.x sniffs the bytes (extract-file-info-or-throw.utils.ts) and refuses a file whose extension names a type its
  // content is not; older servers stored such files. It is a safety check, so it is reported, not worked around.
  const advice = /does not match its extension/i.test(message)
    ? ': open the file in the source, save it again in its real format (or with the right extension), attach it again, then run again'
    : '';
  throw new TransferError(retryable ? 'UPLOAD_FAILED' : 'UPLOAD_REFUSED', redactUrl(`upload refused by the target: ${message}${advice}`), retryable, status, true);
}
