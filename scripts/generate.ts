/**
 * `npm run generate`: typed clients for the source and target instances into generated/source and generated/target.
 * With SOURCE_URL/TARGET_URL and their keys configured it reads the real instances (and names the version each one
 * reports in the headers); with nothing configured it generates from the embedded sandbox (a seeded source, a fresh
 * target) and, beside them, generated/source-1.2 from the documents recorded from a real Twenty 1.2 server
 * (test/fixtures/real-1.2/, scripts/real/record-1.2-openapi.ts). That default output is committed.
 */
import { relative, resolve } from 'node:path';
import { detectServerVersion } from '../sdk/client/index.js';
import { formatConfigIssues, isUnconfigured, loadConfig, type MigrationConfig } from '../sdk/config.js';
import { describeServer, generateClients, generateFromRecording, type GeneratedSide } from '../sdk/codegen/generate-clients.js';
import { startSandbox } from '../test/sandbox/server.js';

const root = resolve(import.meta.dirname, '..');
const outDir = resolve(root, 'generated');
const recorded12 = resolve(root, 'test/fixtures/real-1.2');

/** The committed default: sandbox source and target, and the recorded 1.2 source. */
export async function generateDefault(dir = outDir): Promise<GeneratedSide[]> {
  const rows: GeneratedSide[] = [];
  const sandbox = await startSandbox({ workspaces: [{ name: 'source', model: 'seeded' }, { name: 'target', model: 'fresh' }] });
  try {
    for (const side of ['source', 'target'] as const) {
      const ws = sandbox.workspace(side);
      const from = `embedded sandbox, ${side === 'source' ? 'seeded' : 'fresh'} workspace`;
      // `npm run sandbox` listens on 3000 by default: documents name that URL instead of this run's ephemeral port.
      const replaceServerUrl: [string, string] = [sandbox.url, 'http://localhost:3000'];
      rows.push(...(await generateClients(dir, side, { url: sandbox.url, apiKey: ws.apiKey }, from, { replaceServerUrl })));
    }
  } finally {
    await sandbox.close();
  }
  const files = { core: resolve(recorded12, 'openapi-core.json'), metadata: resolve(recorded12, 'openapi-metadata.json') };
  rows.push(...(await generateFromRecording(dir, 'source-1.2', 'source', files, (file) => relative(root, file))));
  return rows;
}

/** Real instances: each side's client into its own folder, its header naming the version the server reports. */
export async function generateConfigured(config: MigrationConfig, dir = outDir): Promise<GeneratedSide[]> {
  const rows: GeneratedSide[] = [];
  for (const side of ['source', 'target'] as const) {
    const instance = config[side];
    const found = await detectServerVersion({ baseUrl: instance.url, apiKey: instance.apiKey });
    rows.push(...(await generateClients(dir, side, instance, describeServer(instance.url, found))));
  }
  return rows;
}

async function main() {
  if (isUnconfigured()) return report(await generateDefault());
  const config = loadConfig();
  if (!config.ok) {
    console.error(formatConfigIssues(config.issues));
    process.exit(2);
  }
  report(await generateConfigured(config.config));
}

function report(rows: GeneratedSide[]) {
  for (const r of rows) console.log(`${r.side}/${r.kind}: ${r.paths} paths, ${r.schemas} schemas → ${relative(root, r.typesPath)}`);
}

// run as `npm run generate`; imported (by test/codegen), only the functions above
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  main().catch((error) => {
    console.error(`generate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
