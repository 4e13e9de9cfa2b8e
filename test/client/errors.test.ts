import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeForStatus, createTwentyClient, parseErrorBody, request, TwentyApiError, unwrap, type TwentyErrorCode } from '../../sdk/client/index.js';
import { hasShared, listTranscripts, readShared, type Transcript } from '../support/shared.js';
import { json, JWT_KEY, startServer, type TestServer } from './helpers.js';

const t = (name: string) => readShared<Transcript>(`transcripts/${name}.json`);

describe.skipIf(!hasShared)('error bodies recorded from Twenty 2.21', () => {
  // [transcript, our code, a message we must surface, Twenty's error, Twenty's code]
  const cases: Array<[string, TwentyErrorCode, RegExp, string?, string?]> = [
    ['rate-limit-429', 'RATE_LIMITED', /Limit reached/, 'HttpException'],
    ['auth-401-wrong-key', 'UNAUTHENTICATED', /Token invalid/, 'UNAUTHENTICATED'],
    ['auth-401-tampered-jwt', 'UNAUTHENTICATED', /./],
    ['auth-403-no-key', 'FORBIDDEN', /Missing authentication token/, 'FORBIDDEN_EXCEPTION'],
    ['auth-403-no-key-metadata', 'FORBIDDEN', /Missing authentication token/],
    ['find-one-404-unknown-uuid', 'NOT_FOUND', /Record not found/, 'NotFoundException'],
    ['metadata-find-object-404', 'NOT_FOUND', /Object metadata not found/, 'Error', 'OBJECT_METADATA_NOT_FOUND'],
    ['create-non-uuid-id', 'INVALID_REQUEST', /not a valid UUID/, 'Error', 'INVALID_QUERY_INPUT'],
    ['create-workspace-member-permission-denied', 'FORBIDDEN', /does not have permission/, 'Error', 'PERMISSION_DENIED'],
    ['batch-create-201-over-max', 'INVALID_REQUEST', /Maximum number of records to upsert is 200\./, 'BadRequestException'],
    ['create-duplicate-id', 'INVALID_REQUEST', /A duplicate entry was detected/],
    ['metadata-create-object-name-taken', 'INVALID_REQUEST', /objectMetadata: Object already exists \(OBJECT_ALREADY_EXISTS\)/, 'METADATA_VALIDATION_ERROR'],
    ['metadata-create-field-invalid-type', 'INVALID_REQUEST', /type must be one of the following values/, 'Bad Request'],
    ['file-download-no-token-403', 'FORBIDDEN', /^Forbidden resource$/, 'Forbidden'],
  ];

  it.each(cases)('%s → %s', (name, code, message, twentyError, twentyCode) => {
    const { status, body } = t(name).response;
    const parsed = parseErrorBody(body);
    expect(codeForStatus(status, parsed)).toBe(code);
    expect(parsed.messages.some((m) => message.test(m))).toBe(true);
    if (twentyError) expect(parsed.twentyError).toBe(twentyError);
    if (twentyCode) expect(parsed.twentyCode).toBe(twentyCode);
  });

  it('reads a message from every recorded error', () => {
    const errors = listTranscripts().filter((x) => x.response.status >= 400);
    expect(errors.length).toBeGreaterThan(25);
    for (const x of errors) expect(parseErrorBody(x.response.body).messages, x.name).not.toEqual([]);
  });

  it('metadata validation: the top message comes first, nested ones follow', () => {
    const parsed = parseErrorBody(t('metadata-create-object-name-taken').response.body);
    expect(parsed.messages[0]).toBe('Multiple validation errors occurred while creating object');
    expect(parsed.messages.length).toBeGreaterThan(2);
  });

  describe('over HTTP', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startServer((req, res) => {
        const name = req.url.pathname.slice(1);
        const { status, body } = t(name).response;
        json(res, status, body);
      });
    });
    afterAll(() => server.close());

    it.each(cases.filter(([, code]) => code !== 'RATE_LIMITED'))('request() returns %s as a TwentyApiError value', async (name, code) => {
      const client = createTwentyClient({ baseUrl: server.url, apiKey: JWT_KEY, api: 'root', rateLimit: false, retry: false });
      const result = await request(client, 'GET', `/${name}`, { query: { token: 'abcdefgh12345' } });
      expect(result.error).toBeInstanceOf(TwentyApiError);
      expect(result.error).toMatchObject({ code, status: t(name).response.status, retryable: false, attempts: 1 });
      expect(result.error!.request).toEqual({ method: 'GET', url: `${server.url}/${name}?token=<redacted>` });
      expect(() => unwrap(result)).toThrow(result.error!);
    });

    it('unwrap() builds the error from a raw openapi-fetch result', async () => {
      const client = createTwentyClient({ baseUrl: server.url, apiKey: JWT_KEY, api: 'root', rateLimit: false, retry: false });
      const raw = await client.GET('/find-one-404-unknown-uuid' as never, {} as never);
      expect(() => unwrap(raw)).toThrow(/GET http:\/\/127\.0\.0\.1:\d+\/find-one-404-unknown-uuid → 404 NOT_FOUND: Record not found/);
    });
  });
});

describe('error mapping without transcripts', () => {
  it.each([
    [500, 'SERVER_ERROR', true],
    [502, 'SERVER_ERROR', true],
    [501, 'SERVER_ERROR', false],
    [409, 'INVALID_REQUEST', false],
    [429, 'RATE_LIMITED', true],
  ] as const)('%i → %s (retryable %s)', (status, code, retryable) => {
    const error = TwentyApiError.fromResponse({ status, body: '<html><body>Bad gateway</body></html>', request: { method: 'GET', url: 'http://x/rest/a' } });
    expect(error).toMatchObject({ code, retryable });
    expect(error.messages).toEqual(['Bad gateway']);
  });

  it('treats the older 400 "Limit reached" throttling answer as RATE_LIMITED', () => {
    const parsed = parseErrorBody({ statusCode: 400, messages: ['Limit reached (100 tokens per 60000 ms)'] });
    expect(codeForStatus(400, parsed)).toBe('RATE_LIMITED');
  });
});
