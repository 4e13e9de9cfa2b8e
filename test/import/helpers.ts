/**
 * Fixtures for the import tests: a sandbox target, a client paced like it, hand-made run folders (plan + transform
 * files) and snapshots of the target's rows to compare runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwentyClient, type TwentyClient, type TwentyClientOptions } from '../../sdk/client/index.js';
import type { Plan, PlannedObject, TransformedRecord } from '../../sdk/run/contracts.js';
import { RunFolder, type RecordIssue } from '../../sdk/run/run-folder.js';
import { startSandbox, type Fault, type Sandbox } from '../sandbox/server.js';

export interface TargetOptions {
  limit?: number;
  windowMs?: number;
  fault?: (request: { method: string; path: string; workspace: string }) => Fault;
}

/** A sandbox with one fresh `target` workspace, rate limited like Twenty but with a short window. */
export async function startTarget(options: TargetOptions = {}): Promise<Sandbox> {
  return startSandbox({
    workspaces: [{ name: 'target', model: 'fresh', timeline: false, rateLimit: { limit: options.limit ?? 200, windowMs: options.windowMs ?? 1000, burst: false } }],
    fault: options.fault,
  });
}

/** A client for the sandbox target whose limiter mirrors the sandbox's budget; quick retries. */
export function targetClient(sandbox: Sandbox, options: TargetOptions & Partial<TwentyClientOptions> = {}): TwentyClient {
  return createTwentyClient({
    baseUrl: sandbox.url,
    apiKey: sandbox.workspace('target').apiKey,
    rateLimit: { limit: options.limit ?? 200, windowMs: options.windowMs ?? 1000, marginMs: 2 },
    retry: { maxAttempts: 8, baseDelayMs: 10, maxDelayMs: 80 },
    timeoutMs: 5_000,
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
}

const dirs: string[] = [];

/** A temporary run folder holding `plan.json` and `transform/<plural>.jsonl` files. */
export function makeRun(plan: Plan, records: Record<string, TransformedRecord[]>): RunFolder {
  const dir = mkdtempSync(join(tmpdir(), 'twenty-import-'));
  dirs.push(dir);
  const run = RunFolder.open(dir);
  run.writeJson(plan, 'plan.json');
  for (const [plural, rows] of Object.entries(records)) run.appendJsonl(rows, 'transform', `${plural}.jsonl`);
  return run;
}

export function cleanupRuns(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export const uuid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const COMPANY = 'c0c0c0c0';
export const PERSON = 'a0a0a0a0';
export const OPPORTUNITY = '0bb00bb0';

const at = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 3_600_000).toISOString();
const actor = { source: 'IMPORT', workspaceMemberId: null, name: 'Migration' };

export const company = (n: number, extra: Record<string, unknown> = {}): TransformedRecord => ({
  sourceId: uuid(COMPANY, n),
  record: {
    id: uuid(COMPANY, n), name: `Company ${n}`, domainName: { primaryLinkUrl: `https://c${n}.example.com`, primaryLinkLabel: '', secondaryLinks: [] },
    createdAt: at(n), updatedAt: at(n + 1), position: n, createdBy: actor, ...extra,
  },
});

/** People point at companies through `companyId`, held back for the patch pass when `deferCompany`. */
export const person = (n: number, companyN: number | null, extra: Record<string, unknown> = {}, deferCompany = true): TransformedRecord => {
  const companyId = companyN === null ? null : uuid(COMPANY, companyN);
  return {
    sourceId: uuid(PERSON, n),
    record: {
      id: uuid(PERSON, n), name: { firstName: `First${n}`, lastName: `Last${n}` }, emails: { primaryEmail: `p${n}@example.com`, additionalEmails: [] },
      jobTitle: `Job ${n}`, createdAt: at(n), updatedAt: at(n + 2), position: n, createdBy: actor,
      ...(deferCompany ? {} : { companyId }), ...extra,
    },
    ...(deferCompany ? { deferred: { companyId } } : {}),
  };
};

export const opportunity = (n: number, companyN: number | null, personN: number | null, extra: Record<string, unknown> = {}): TransformedRecord => ({
  sourceId: uuid(OPPORTUNITY, n),
  record: {
    id: uuid(OPPORTUNITY, n), name: `Deal ${n}`, stage: ['NEW', 'SCREENING', 'MEETING', 'PROPOSAL', 'CUSTOMER'][n % 5],
    amount: { amountMicros: n * 1_000_000, currencyCode: 'USD' }, companyId: companyN === null ? null : uuid(COMPANY, companyN),
    pointOfContactId: personN === null ? null : uuid(PERSON, personN), createdAt: at(n), updatedAt: at(n + 3), position: n, createdBy: actor, ...extra,
  },
});

export const planned = (object: string, nameSingular: string, count: number, deferredFields: string[] = []): PlannedObject => ({ object, nameSingular, count, deferredFields });

/** Companies → people (companyId deferred) → opportunities (companyId, pointOfContactId). */
export function standardPlan(counts: { companies: number; people: number; opportunities: number }): Plan {
  return {
    order: [
      planned('companies', 'company', counts.companies),
      planned('people', 'person', counts.people, ['companyId']),
      planned('opportunities', 'opportunity', counts.opportunities),
    ],
    skipped: [],
    warnings: [],
    ready: true,
    blockers: [],
  };
}

/** A clean data set: every person works for a company, every opportunity has a company and a contact. */
export function dataset(counts: { companies: number; people: number; opportunities: number }) {
  const companies = Array.from({ length: counts.companies }, (_, i) => company(i + 1));
  const people = Array.from({ length: counts.people }, (_, i) => person(i + 1, (i % counts.companies) + 1));
  const opportunities = Array.from({ length: counts.opportunities }, (_, i) => opportunity(i + 1, (i % counts.companies) + 1, (i % counts.people) + 1));
  return { companies, people, opportunities };
}

/** Rows of the target's objects, sorted by id; with `omit`, those keys are left out of every row. */
export function snapshot(sandbox: Sandbox, singulars = ['company', 'person', 'opportunity'], omit: string[] = []) {
  const ws = sandbox.workspace('target');
  return Object.fromEntries(
    singulars.map((s) => [
      s,
      [...(ws.table(s)?.rows.values() ?? [])]
        .map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !omit.includes(k))))
        .sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1)),
    ]),
  );
}

export const rowsOf = (sandbox: Sandbox, singular: string) => [...(sandbox.workspace('target').table(singular)?.rows.values() ?? [])];

export async function loadIssues(run: RunFolder): Promise<RecordIssue[]> {
  const out: RecordIssue[] = [];
  for await (const i of run.readJsonl<RecordIssue>('errors.jsonl')) out.push(i);
  return out;
}
