/**
 * Errors the sandbox answers with, in the five body shapes a real Twenty 2.21 server uses
 * (../shared/twenty-2.21/README.md, "Error shapes"). Handlers throw these; the server turns them into responses.
 */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(JSON.stringify(body));
  }
}

/** Shape 1: most record errors. `{statusCode, error: "BadRequestException"|..., messages: [...]}` */
export const badRequest = (message: string) =>
  new SandboxHttpError(400, { statusCode: 400, error: 'BadRequestException', messages: [message] });

export const notFound = (message = 'Record not found') =>
  new SandboxHttpError(404, { statusCode: 404, error: 'NotFoundException', messages: [message] });

export const tooManyRequests = (message: string) =>
  new SandboxHttpError(429, { statusCode: 429, error: 'HttpException', messages: [message] });

/** Shape 2: coded errors. `{statusCode, error: "Error", messages: [...], code}` */
export const codedError = (status: number, code: string, message: string) =>
  new SandboxHttpError(status, { statusCode: status, error: 'Error', messages: [message], code });

/** Shape 3: authentication. */
export const unauthenticated = () =>
  new SandboxHttpError(401, { statusCode: 401, messages: ['Token invalid.'], error: 'UNAUTHENTICATED' });
export const missingToken = () =>
  new SandboxHttpError(403, { statusCode: 403, messages: ['Missing authentication token'], error: 'FORBIDDEN_EXCEPTION' });

/** Shape 4: metadata validation. */
export const metadataValidationError = (message: string, errors: Record<string, unknown>) =>
  new SandboxHttpError(400, { statusCode: 400, error: 'METADATA_VALIDATION_ERROR', message, errors });

/** Shape 5: plain NestJS (body validation, file routes). */
export const nestError = (status: number, error: string, message: string | string[]) =>
  new SandboxHttpError(status, { message, error, statusCode: status });
