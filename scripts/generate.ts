/**
 * `npm run generate`: typed clients for the source and target instances into generated/source and generated/target.
 * With SOURCE_URL/TARGET_URL and their keys configured it reads the real instances; with nothing configured it generates from the
 * embedded sandbox (a seeded source, a fresh target), which is the committed default.
 */
import { resolve } from 'node:path';
import { formatConfigIssues, isUnconfigured, loadConfig } from '../sdk/config.js';
import { generateClients } from '../sdk/codegen/generate-clients.js';
import { startSandbox } from '../test/sandbox/server.js';

const outDir = resolve(import.meta.dirname, '../generated');

async function main() {
  if (isUnconfigured()) {
    const sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'seeded' }, { name: 'target', model: 'fresh' }] });
    try {
      for (const side of ['source', 'target'] as const) {
        const ws = sandbox.workspace(side);
        const from = `embedded sandbox, ${side === 'source' ? 'seeded' : 'fresh'} workspace`;
        // `npm run sandbox` listens on 3000 by default: documents name that URL instead of this run's ephemeral port.
        const replaceServerUrl: [string, string] = [sandbox.url, 'http://localhost:3000'];
        report(await generateClients(outDir, side, { url: sandbox.url, apiKey: ws.apiKey }, from, { replaceServerUrl }));
      }
    } finally {
      await sandbox.close();
    }
    return;
  }
  const config = loadConfig();
  if (!config.ok) {
    console.error(formatConfigIssues(config.issues));
    process.exit(2);
  }
  for (const side of ['source', 'target'] as const) report(await generateClients(outDir, side, config.config[side]));
}

function report(rows: Awaited<ReturnType<typeof generateClients>>) {
  for (const r of rows) console.log(`${r.side}/${r.kind}: ${r.paths} paths, ${r.schemas} schemas → ${r.typesPath}`);
}

main().catch((error) => {
  console.error(`generate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
