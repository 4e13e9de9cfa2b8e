/**
 * Notebook cells run in tslab, which type-checks every cell *and every file it imports* with its own TypeScript
 * (5.0) and its own options: CommonJS-style Node10 resolution and no `strict` (so no strictNullChecks). Code that
 * passes `tsc` can fail there, e.g. zod's inferred types (all keys optional without strictNullChecks) or `yield*`
 * over an array in an async generator. This compiles what the notebooks import the way the kernel does, so such a
 * break shows up in `npm test` with its file and line, not only when `npm run notebooks` fails.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

interface TslabDiagnostic {
  messageText: string;
  fileName?: string;
  start: { line: number; character: number };
}
interface Converter {
  convert(prevDecl: string, src: string): { diagnostics: TslabDiagnostic[] };
  close(): void;
}

// What the notebooks import (keep in step with their first cells).
const CELL = `
import * as session from './notebooks/lib/session.js';
import * as display from './notebooks/lib/display.js';
import * as frames from './notebooks/lib/frames.js';
import * as views from './notebooks/lib/views.js';
import * as migrate from './sdk/migrate.js';
import * as client from './sdk/client/index.js';
import * as metadata from './sdk/metadata/index.js';
import * as members from './sdk/members/index.js';
import * as transform from './sdk/transform/index.js';
import * as plan from './sdk/plan/index.js';
import * as importing from './sdk/import/index.js';
import * as run from './sdk/run/run-folder.js';
import * as changes from './sdk/sync/changes.js';
import * as conflicts from './sdk/sync/conflicts.js';
import * as undoPlan from './sdk/undo/plan.js';
import * as csvExport from './sdk/csv/export.js';
import * as csvPlan from './sdk/csv/plan.js';
import type { paths as SourcePaths } from './generated/source/core.js';
import type { paths as TargetPaths } from './generated/target/core.js';
`;

describe("tslab's type check of the SDK and notebooks/lib", () => {
  it('finds no error in anything the notebooks import', () => {
    const { createConverter } = require('tslab/dist/converter.js') as { createConverter: () => Converter };
    const converter = createConverter(); // rooted at the working directory: the repo root under vitest
    try {
      const { diagnostics } = converter.convert('', CELL);
      const messages = diagnostics.map((d) => `${d.fileName ?? 'cell'}:${d.start.line + 1}:${d.start.character + 1} ${d.messageText}`);
      expect(messages).toEqual([]);
    } finally {
      converter.close();
    }
  }, 120_000);
});
