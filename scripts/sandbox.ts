/**
 * `npm run sandbox -- [--port N] [--records N] [--seed N] [--rate-limit LIMIT/WINDOW_MS] [--source-model seeded|fresh]
 *   [--target-members joined|none]`
 *
 * Starts the Twenty 2.21 sandbox with two workspaces: `source` (seeded with generated records) and `target`
 * (a fresh workspace without records). The target has members the way a signed-up workspace has them: its owner
 * (admin@target.example) and all the source's members but the last two, who "accepted their invitation" (an API
 * key cannot create members), so matching, inviting, `map:` and `empty` can all be tried. It writes their URLs and keys to `.env.sandbox` (mode 600, git-ignored) so the CLI,
 * notebooks and scripts can use them (`cp .env.sandbox .env`). Keys are never printed.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { seedWorkspace } from '../test/sandbox/seed-workspace.js';
import { seedConfiguration } from '../test/sandbox/seed/config.js';
import { acceptInvitations } from '../test/sandbox/members.js';
import { startSandbox } from '../test/sandbox/server.js';

const TARGET_OWNER = 'admin@target.example';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    records: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    'rate-limit': { type: 'string' },
    'source-model': { type: 'string', default: 'seeded' },
    'env-out': { type: 'string', default: '.env.sandbox' },
    'target-members': { type: 'string', default: 'joined' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`Usage: npm run sandbox -- [--port 3000] [--records 2000] [--seed 1] [--rate-limit 100/60000] [--source-model seeded|fresh] [--target-members joined|none] [--env-out .env.sandbox]`);
  process.exit(0);
}

function parseRateLimit(text: string | undefined) {
  if (!text) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) {
    console.error(`--rate-limit must look like 100/60000 (requests per window in ms), got "${text}"`);
    process.exit(2);
  }
  return { limit: Number(m[1]), windowMs: Number(m[2]) };
}

const model = values['source-model'] === 'fresh' ? 'fresh' : 'seeded';
const rateLimit = parseRateLimit(values['rate-limit']);
const sandbox = await startSandbox({
  port: Number(values.port),
  workspaces: [
    { name: 'source', model, rateLimit },
    { name: 'target', model: 'fresh', rateLimit },
  ],
  log: process.env.SANDBOX_LOG ? (line) => console.log(line) : undefined,
});
const summary = seedWorkspace(sandbox.workspace('source'), { records: Number(values.records), seed: Number(values.seed) });
if (model === 'seeded') seedConfiguration(sandbox.workspace('source'));
if (values['target-members'] !== 'joined' && values['target-members'] !== 'none') {
  console.error(`--target-members must be joined or none, got "${values['target-members']}"`);
  process.exit(2);
}
// The members a signed-up workspace has: its owner, and the invited source members who joined (all but two).
const notJoined = values['target-members'] === 'joined'
  ? acceptInvitations(sandbox.workspace('source'), sandbox.workspace('target'), { admin: TARGET_OWNER, notYet: 2 }) as Array<{ userEmail: string }>
  : null;

const envFile = resolve(values['env-out']!);
writeFileSync(
  envFile,
  [
    `# Written by npm run sandbox at ${new Date().toISOString()}; valid while that process runs.`,
    `SOURCE_URL=${sandbox.url}`,
    `SOURCE_API_KEY=${sandbox.workspace('source').apiKey}`,
    `TARGET_URL=${sandbox.url}`,
    `TARGET_API_KEY=${sandbox.workspace('target').apiKey}`,
    '',
  ].join('\n'),
  { mode: 0o600 },
);
chmodSync(envFile, 0o600);

console.log(`Twenty 2.21 sandbox listening on ${sandbox.url}`);
console.log(`  source: ${model} model, ${summary.records} records and ${summary.files} files seeded`);
console.log(notJoined
  ? `  target: fresh model, no records; members: its owner ${TARGET_OWNER} and ${sandbox.workspace('target').count('workspaceMember').active - 1} source members who joined (not yet: ${notJoined.map((m) => m.userEmail).join(', ')})`
  : `  target: fresh model, no records, no members`);
console.log(`  rate limit: ${rateLimit ? `${rateLimit.limit} per ${rateLimit.windowMs} ms` : '100 per 60000 ms (Twenty default)'}`);
console.log(`  URLs and API keys: ${envFile} (use: cp ${values['env-out']} .env)`);
console.log('Press Ctrl+C to stop.');
const stop = () => sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
