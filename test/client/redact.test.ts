import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createTwentyClient, redact, redactError, redactValue, request, TwentyApiError, type TwentyClientEvent } from '../../sdk/client/index.js';
import { json, JWT_KEY, PLAIN_KEY, startServer, type TestServer } from './helpers.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every way an error or event can end up in a log. */
function renderings(value: unknown): string[] {
  const out = [inspect(value, { depth: 10 }), JSON.stringify(value), String(value)];
  if (value instanceof Error) out.push(value.message, value.stack ?? '', inspect(value.cause, { depth: 10 }));
  return out;
}

describe('redact', () => {
  it.each([
    ['a bearer header', `Authorization: Bearer ${PLAIN_KEY}x`, 'Authorization: Bearer <redacted>'],
    ['a JWT anywhere', `key was ${JWT_KEY}.`, 'key was <redacted>.'],
    ['a token query value', 'https://x/file/files-field/1?token=abc.def&x=1', 'https://x/file/files-field/1?token=<redacted>&x=1'],
    ['an unrelated string', 'GET /rest/companies?limit=200', 'GET /rest/companies?limit=200'],
  ])('removes %s', (_name, input, want) => {
    expect(redact(input)).toBe(want);
  });

  it('removes registered keys that do not look like tokens', () => {
    createTwentyClient({ baseUrl: 'http://127.0.0.1:9', apiKey: PLAIN_KEY }); // registers the key
    expect(redact(`oops ${PLAIN_KEY} leaked`)).toBe('oops <redacted> leaked');
  });

  it('redacts values and errors deeply', () => {
    const value = redactValue({ headers: { Authorization: 'Bearer abc', apiKey: 'k' }, list: [`?token=${JWT_KEY}`] });
    expect(value).toEqual({ headers: { Authorization: '<redacted>', apiKey: '<redacted>' }, list: ['?token=<redacted>'] });
    const error = redactError(new Error(`failed with ${JWT_KEY}`, { cause: new Error(`Bearer ${PLAIN_KEY}`) }));
    for (const text of renderings(error)) expect(text).not.toContain(JWT_KEY.slice(40));
    expect(inspect(error)).not.toContain(PLAIN_KEY);
  });
});

describe('the API key never leaks', () => {
  it.each([
    ['JWT key', JWT_KEY],
    ['plain key', PLAIN_KEY],
  ])('%s: 401 errors, echoed keys, events and network failures are clean', async (_name, key) => {
    // A hostile server echoes the Authorization header and the URL back in its error.
    server = await startServer((req, res) =>
      json(res, 401, { statusCode: 401, messages: [`Token invalid: ${req.headers.authorization}`, `url ${req.url.href}`], error: 'UNAUTHENTICATED', echo: req.headers.authorization }),
    );
    const events: TwentyClientEvent[] = [];
    const client = createTwentyClient({ baseUrl: server.url, apiKey: key, rateLimit: false, retry: false, onEvent: (e) => events.push(e) });
    const result = await request(client, 'GET', '/companies', { query: { token: key, filter: `name[eq]:"${key}"` } });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${key}`);

    const error = result.error!;
    expect(error).toBeInstanceOf(TwentyApiError);
    expect(error.code).toBe('UNAUTHENTICATED');
    for (const text of [...renderings(error), ...renderings(events), inspect(client, { depth: 5 })]) {
      expect(text).not.toContain(key);
    }
    expect(error.messages[0]).toBe('Token invalid: Bearer <redacted>');

    // Network failure with the key in the URL.
    await server.close();
    server = undefined;
    const down = await request(client, 'GET', '/companies', { query: { token: key } });
    expect(down.error?.code).toBe('NETWORK_ERROR');
    for (const text of renderings(down.error)) expect(text).not.toContain(key);
  });

  it('keeps the useful parts in every rendering', async () => {
    const error = new TwentyApiError({
      status: 404,
      code: 'NOT_FOUND',
      messages: ['Record not found'],
      request: { method: 'GET', url: `http://x/rest/companies/1?token=${JWT_KEY}` },
      retryable: false,
    });
    expect(error.message).toBe('GET http://x/rest/companies/1?token=<redacted> → 404 NOT_FOUND: Record not found');
    expect(String(error)).toBe(`TwentyApiError [NOT_FOUND]: ${error.message}`);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: 'TwentyApiError', status: 404, code: 'NOT_FOUND', retryable: false });
    expect(inspect(error)).toContain("code: 'NOT_FOUND'");
    expect(error.stack).toMatch(/^TwentyApiError: GET/);
  });
});
