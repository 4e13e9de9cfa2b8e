/**
 * How every notebook opens the migration: the instances come from the environment or `.env`, read exactly as the
 * CLI reads them (sdk/config.ts), and the run folder is shared by all notebooks, so each one continues from what
 * the previous ones wrote (`TWENTY_MIGRATE_RUN_DIR`, default `runs/notebooks`).
 *
 * Never display the `Migration` value itself: its `config` holds the API keys. Show what `instanceRows` returns.
 *
 * @example
 * import { openMigration } from './notebooks/lib/session.js';
 * const m = await openMigration();
 */
import { listPages, TwentyApiError } from '../../sdk/client/index.js';
import { formatConfigIssues, isUnconfigured, loadConfig, readEnvironment, type MigrationConfig } from '../../sdk/config.js';
import { selectObjects } from '../../sdk/export/index.js';
import type { WorkspaceSchema } from '../../sdk/metadata/index.js';
import { connect, type Migration, type Side } from '../../sdk/migrate.js';

/** The run folder the notebooks share. */
export const RUN_DIR = process.env.TWENTY_MIGRATE_RUN_DIR || 'runs/notebooks';

/** SOURCE_URL, SOURCE_API_KEY, TARGET_URL, TARGET_API_KEY from the environment or `.env`; throws what to fix. */
export function notebookConfig(): MigrationConfig {
  const env = readEnvironment();
  if (isUnconfigured(env)) {
    throw new Error(
      'No instances configured. Set SOURCE_URL, SOURCE_API_KEY, TARGET_URL and TARGET_API_KEY in the environment or in .env ' +
        '(see the README), or run `npm run notebooks`, which executes these notebooks against a fresh pair of sandbox instances.',
    );
  }
  const result = loadConfig(env);
  // `in`, not `!result.ok`: tslab checks cells without strictNullChecks, where that does not narrow the union
  if ('issues' in result) throw new Error(formatConfigIssues(result.issues));
  return result.config;
}

/** Connects to both instances (versions, limits) and opens the shared run folder. */
export function openMigration(runDir: string = RUN_DIR): Promise<Migration> {
  return connect({ ...notebookConfig(), runDir });
}

/** What `connect` found out about each instance, one row per side (no keys). */
export function instanceRows(m: Migration) {
  return (['source', 'target'] as const).map((side) => {
    const info = m[side].info;
    return {
      side,
      url: m[side].config.url,
      version: info.version ?? 'unknown',
      'version from': info.versionSource ?? '—',
      'metadata shape': info.metadataFormat,
      'max page size': info.maxPageSize,
      'max batch size': info.maxBatchSize,
      'batch size from': info.maxBatchSizeSource,
      notes: info.notes.join(' ') || '',
    };
  });
}

/** The totalCount the server reports for an object (active records), or null when it has no such object. */
export async function countRecords(side: Side, namePlural: string): Promise<number | null> {
  try {
    for await (const page of listPages(side.core, namePlural, { pageSize: 1 })) return page.totalCount;
    return 0;
  } catch (error) {
    if (error instanceof TwentyApiError && (error.status === 400 || error.status === 404)) return null;
    throw error;
  }
}

/**
 * Active records per object worth migrating (those the export would read), on both sides: one request per object
 * and side. `target` is null where the target does not have the object yet.
 */
export async function objectCounts(m: Migration, source: WorkspaceSchema): Promise<Array<{ object: string; source: number | null; target: number | null }>> {
  const rows: Array<{ object: string; source: number | null; target: number | null }> = [];
  for (const object of selectObjects(source).export) {
    const [s, t] = await Promise.all([countRecords(m.source, object.namePlural), countRecords(m.target, object.namePlural)]);
    rows.push({ object: object.namePlural, source: s, target: t });
  }
  return rows;
}
