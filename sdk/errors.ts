/**
 * `MigrationError`: a failure of the migration itself (not of one HTTP call, see `TwentyApiError`), with a stable
 * `code` that scripts and the CLI can branch on and a message written for the person running the migration.
 *
 * @example
 * throw new MigrationError('UNKNOWN_OBJECT', 'Unknown object "compnies" in --objects. Valid names: companies, people, …');
 * // catch (e) { if (e instanceof MigrationError && e.code === 'UNKNOWN_OBJECT') … }
 */
export class MigrationError extends Error {
  readonly code: string;
  /** machine-readable context (names, counts); never secrets */
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
    this.code = code;
    this.details = details;
  }
}

/**
 * @example
 * if (isMigrationError(error, 'MAP_TARGET_NOT_A_MEMBER')) console.error(error.message);
 */
export const isMigrationError = (error: unknown, code?: string): error is MigrationError =>
  error instanceof MigrationError && (code === undefined || error.code === code);
