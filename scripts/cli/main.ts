/**
 * The twenty-migrate CLI: one subcommand per stage of the migration guide, plus `run` for all of them.
 * Every subcommand reads the instances from the environment or .env, works in a run folder, prints a short summary
 * and exits with a code from exit-codes.ts. Errors print what went wrong and what to do, never a bare stack trace.
 */
import { parseArgs } from 'node:util';
import { EXIT } from './exit-codes.js';
import { HELP } from './help.js';
import type { CommandContext } from './commands.js';

// The SDK is loaded only once the command line is known to be good: `--help` and usage errors answer at once.
const COMMAND_NAMES = new Set(Object.keys(HELP).filter((k) => k !== 'main'));

const OPTIONS = {
  'run-dir': { type: 'string', default: 'runs/migration' },
  objects: { type: 'string' },
  'include-deleted': { type: 'boolean', default: false },
  'on-unmatched-member': { type: 'string' },
  'rate-limit': { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'skip-schema': { type: 'boolean', default: false },
  'retry-failed': { type: 'boolean', default: false },
  sample: { type: 'string' },
  approve: { type: 'string' },
  'skip-files': { type: 'boolean', default: false },
  'skip-configuration': { type: 'boolean', default: false },
  'webhook-url': { type: 'string', multiple: true },
  'allow-active-workflows': { type: 'boolean', default: false },
  restore: { type: 'boolean', default: false },
  force: { type: 'boolean', default: false },
  schema: { type: 'boolean', default: false },
  'full-scan': { type: 'boolean', default: false },
  'on-conflict': { type: 'string' },
  'delete-missing': { type: 'boolean', default: false },
  out: { type: 'string' },
  object: { type: 'string' },
  mapping: { type: 'string' },
  members: { type: 'string' },
  'fill-from-source': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function usage(message: string): never {
  console.error(`${message}\nRun "npx twenty-migrate --help" for the commands and options.`);
  process.exit(EXIT.USAGE);
}

function parseRateLimit(text: string | undefined) {
  if (!text) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) usage(`--rate-limit must look like 100/60000 (requests per window in milliseconds), got "${text}".`);
  return { limit: Number(m[1]), windowMs: Number(m[2]) };
}

/** `--webhook-url OLD=NEW`: where a source webhook should point in the target; without one it is only reported. */
function parseWebhookUrls(pairs: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0 || !/^https?:\/\//.test(pair.slice(i + 1))) usage(`--webhook-url must look like OLD_URL=NEW_URL (the new one starting with https://), got "${pair}".`);
    map.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return map;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, sub] = positionals;
  if (!command || command === 'help') {
    console.log(HELP.main);
    return command ? EXIT.OK : values.help ? EXIT.OK : EXIT.USAGE;
  }
  if (!COMMAND_NAMES.has(command)) usage(`Unknown command "${command}".`);
  if (values.help) {
    console.log(HELP[command] ?? HELP.main);
    return EXIT.OK;
  }
  if (command === 'schema' && sub !== 'diff' && sub !== 'apply') usage('Use "schema diff" or "schema apply".');
  if (command === 'csv' && sub !== 'export' && sub !== 'import') usage('Use "csv export" (one file per object, in Twenty\'s own export format) or "csv import FILE…".');
  if (command === 'csv' && sub === 'import' && positionals.length < 3) usage('csv import needs the files (or a folder of them): npx twenty-migrate csv import exports/*.csv');

  const { formatConfigIssues, isUnconfigured, loadConfig } = await import('../../sdk/config.js');
  if (isUnconfigured()) {
    console.error('No instances configured. Set SOURCE_URL, SOURCE_API_KEY, TARGET_URL and TARGET_API_KEY in the environment or in .env,');
    console.error('or try everything on the embedded sandbox first: npm run demo (or npm run sandbox, then cp .env.sandbox .env).');
    return EXIT.USAGE;
  }
  // `csv import` needs the target only: a configured source lends its members' e-mails
  const config = loadConfig(undefined, command === 'csv' && sub === 'import' ? ['TARGET'] : ['SOURCE', 'TARGET']);
  if (!config.ok) {
    console.error(formatConfigIssues(config.issues));
    return EXIT.USAGE;
  }
  if (values['fill-from-source'] && !config.config.source) usage('--fill-from-source takes what the files lack from the source: set SOURCE_URL and SOURCE_API_KEY (in the environment or .env) too.');
  const { parsePolicy } = await import('../../sdk/members/policy.js');
  let policy;
  try {
    policy = values['on-unmatched-member'] ? parsePolicy(values['on-unmatched-member']) : undefined;
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  const sample = values.sample === undefined ? undefined : Number(values.sample);
  if (sample !== undefined && !(Number.isInteger(sample) && sample > 0)) usage(`--sample must be a positive integer, got "${values.sample}".`);

  const onConflict = values['on-conflict'];
  if (onConflict !== undefined && !['stop', 'source', 'target'].includes(onConflict)) usage(`--on-conflict must be stop, source or target, got "${onConflict}".`);
  if (values['delete-missing'] && !values['full-scan']) usage('--delete-missing needs --full-scan: records deleted for good in the source are found only by reading every source id.');

  const ctx: CommandContext = {
    sub,
    config: config.config,
    runDir: values['run-dir'],
    objects: values.objects?.split(',').map((s) => s.trim()).filter(Boolean),
    includeDeleted: values['include-deleted'],
    policy,
    rateLimit: parseRateLimit(values['rate-limit']),
    dryRun: values['dry-run'],
    skipSchema: values['skip-schema'],
    retryFailed: values['retry-failed'],
    sample,
    approve: values.approve?.split(',').map((s) => s.trim()).filter(Boolean),
    skipFiles: values['skip-files'],
    skipConfiguration: values['skip-configuration'],
    webhookUrls: parseWebhookUrls(values['webhook-url'] ?? []),
    allowActiveWorkflows: values['allow-active-workflows'],
    restore: values.restore,
    force: values.force,
    schema: values.schema,
    fullScan: values['full-scan'],
    onConflict: onConflict as CommandContext['onConflict'],
    deleteMissing: values['delete-missing'],
    out: values.out,
    files: positionals.slice(2),
    object: values.object,
    mapping: values.mapping,
    membersFile: values.members,
    fillFromSource: values['fill-from-source'],
  };
  const { COMMANDS } = await import('./commands.js');
  return COMMANDS[command](ctx);
}

/** What the person running the command reads when it fails: the message, what to do, and the code. */
async function explain(error: unknown): Promise<string> {
  const { TwentyApiError } = await import('../../sdk/client/errors.js');
  const { MigrationError } = await import('../../sdk/errors.js');
  if (error instanceof TwentyApiError) {
    const hint =
      error.code === 'UNAUTHENTICATED' ? ' Check the API key: it must be a current key of that workspace.'
      : error.code === 'NETWORK_ERROR' || error.code === 'TIMEOUT' ? ' Check the URL and that the server is reachable; re-running resumes.'
      : error.code === 'RATE_LIMITED' ? ' The server kept refusing for too long; re-running resumes where it stopped.'
      : '';
    return `${error.message}${hint} [${error.code}]`;
  }
  if (error instanceof MigrationError) return `${error.message} [${error.code}]`;
  if (error instanceof Error) return `${error.message}${process.env.DEBUG ? `\n${error.stack}` : ' (set DEBUG=1 for the stack trace)'}`;
  return String(error);
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch(async (error: unknown) => {
    const { redact } = await import('../../sdk/client/redact.js');
    console.error(`twenty-migrate: ${redact(await explain(error))}`);
    // A MigrationError that needs a person to act first (e.g. the target's workflows cannot be paused): exit 3.
    const details = (error as { details?: { needsAction?: unknown; usage?: unknown } } | null)?.details;
    // A configuration to fix (a wrong key of one side): exit 4; a person must act first: exit 3.
    process.exit(details?.usage === true ? EXIT.USAGE : details?.needsAction === true ? EXIT.NEEDS_ACTION : EXIT.ERROR);
  });
