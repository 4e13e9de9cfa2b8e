/**
 * The data set the kill and fault tests import: three related objects, a merge with a record already in the target,
 * bad records of several kinds and a deferred join column, so every path of the import runs.
 */
import type { Plan, TransformedRecord } from '../../sdk/run/contracts.js';
import { RunFolder } from '../../sdk/run/run-folder.js';
import type { Sandbox } from '../sandbox/server.js';
import { expect } from 'vitest';
import { importRecords, loadLedger, type ImportOptions } from '../../sdk/import/index.js';
import { dataset, loadIssues, makeRun, opportunity, person, snapshot, standardPlan, startTarget, targetClient } from './helpers.js';

export const EXISTING_COMPANY = '11111111-2222-4333-8444-555555555555';
export const COUNTS = { companies: 24, people: 48, opportunities: 36 };

export function scenarioData(): Record<string, TransformedRecord[]> {
  const clean = dataset(COUNTS);
  const people = clean.people.map((p, i) => {
    if (i === 9) return person(10, 1, { emails: { primaryEmail: 'broken', additionalEmails: [] } });
    if (i === 30) return person(31, 3, { emails: { primaryEmail: 'p4@example.com', additionalEmails: [] } });
    return p;
  });
  const opportunities = clean.opportunities.map((_, i) => opportunity(i + 1, (i % COUNTS.companies) + 1, (i % 8) + 1, i % 11 === 4 ? { stage: 'LOST' } : {}));
  opportunities[20] = opportunity(21, 2, 10); // contact refused
  return { companies: clean.companies, people, opportunities };
}

export const scenarioPlan = (): Plan => standardPlan(COUNTS);

/** The target holds a company with company 2's domain under another id before the import. */
export function seedTarget(sandbox: Sandbox): void {
  const actor = { source: 'MANUAL', workspaceMemberId: null, name: 'Someone', context: null };
  sandbox.workspace('target').insertRaw('company', [{
    id: EXISTING_COMPANY, name: 'Already there', domainName: { primaryLinkUrl: 'https://c2.example.com', primaryLinkLabel: '', secondaryLinks: [] },
    address: null, linkedinLink: null, annualRevenue: null, accountOwnerId: null, createdBy: actor, updatedBy: actor, searchVector: null,
    createdAt: '2023-01-01T00:00:00.000Z', updatedAt: '2023-01-01T00:00:00.000Z', deletedAt: null, position: -1,
  }]);
}

export const scenarioRun = (): RunFolder => makeRun(scenarioPlan(), scenarioData());

/** The distinct (object, record, code, field) of errors.jsonl: a kill may repeat an issue line, never change or lose one. */
export async function issueSet(run: RunFolder): Promise<string[]> {
  return [...new Set((await loadIssues(run)).map((i) => `${i.object} ${i.recordId} ${i.code} ${i.field}`))].sort();
}

export interface Outcome {
  rows: ReturnType<typeof snapshot>;
  done: Record<string, Record<string, string>>;
  failed: Record<string, string[]>;
  patched: Record<string, number>;
  issues: string[];
}

/** What a run left behind: every row of the target, the ledger's verdicts and the distinct issues. */
export async function outcome(sandbox: Sandbox, run: RunFolder): Promise<Outcome> {
  const ledger = await loadLedger(run);
  return {
    rows: snapshot(sandbox),
    done: Object.fromEntries([...ledger.done].map(([o, m]) => [o, Object.fromEntries([...m].sort())])),
    failed: Object.fromEntries([...ledger.failed].map(([o, m]) => [o, [...m.keys()].sort()])),
    patched: Object.fromEntries([...ledger.patched].map(([o, s]) => [o, s.size])),
    issues: await issueSet(run),
  };
}

/** The outcome of one uninterrupted, fault-free run of the scenario. */
export async function baselineOutcome(options: Partial<ImportOptions> = {}): Promise<Outcome> {
  const sandbox = await startTarget();
  try {
    seedTarget(sandbox);
    const run = scenarioRun();
    const result = await importRecords({ client: targetClient(sandbox), run, ...options });
    expect(result.status).toBe('completed');
    expect(result.merges).toHaveLength(1);
    return await outcome(sandbox, run);
  } finally {
    await sandbox.close();
  }
}
