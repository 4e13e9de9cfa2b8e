/**
 * The auditor's report: one section per kind of failure, each with a count, counts per class (the object,
 * field and type, so a failure names what broke) and a bounded list of examples (record id, source value,
 * target value), plus informational sections that do not fail a run. Written as JSON next to the test's run
 * folder and printed as a short table.
 */
import { writeFileSync } from 'node:fs';
import { shown } from './normalize.js';

export interface Finding {
  /** what kind of thing failed, e.g. `person.emails (EMAILS)` or `REFERENCE company.accountOwnerId` */
  class: string;
  object: string;
  id?: string;
  field?: string;
  type?: string;
  source?: unknown;
  target?: unknown;
  note?: string;
}

export class Section {
  count = 0;
  /** set by the checker to tally findings per record class (varied data) */
  onAdd?: (f: Finding) => void;
  byClass: Record<string, number> = {};
  examples: Finding[] = [];
  constructor(private perClass = 5, private max = 60) {}

  add(f: Finding): void {
    this.count += 1;
    this.onAdd?.(f);
    const seen = (this.byClass[f.class] = (this.byClass[f.class] ?? 0) + 1);
    if (seen <= this.perClass && this.examples.length < this.max) {
      this.examples.push({ ...f, ...(f.source !== undefined ? { source: shown(f.source) } : {}), ...(f.target !== undefined ? { target: shown(f.target) } : {}) });
    }
  }

  toJSON() {
    return { count: this.count, byClass: this.byClass, examples: this.examples };
  }
}

/** The sections that must be empty after a correct migration. */
export const FAILURE_SECTIONS = [
  'dataModel', 'missing', 'fieldDifferences', 'relationErrors', 'memberErrors', 'fileMismatches', 'bodyMismatches',
  'preexistingAltered', 'rewrittenByAutomations', 'unexpectedRecords', 'duplicates',
] as const;
export type FailureSection = (typeof FAILURE_SECTIONS)[number];

export interface ObjectCounts {
  source: number;
  target: number;
  targetBefore: number;
  sameId: number;
  merged: number;
  missing: number;
}

export interface Report extends Record<FailureSection, Section> {
  label: string;
  checkedAt: string;
  scope: { checked: string[]; notChecked: string[] };
  objects: Record<string, ObjectCounts>;
  /** per field type: values compared, and how many differed (so every class of the varied data is visible) */
  coverage: Record<string, { compared: number; differed: number }>;
  /** per object.field: values compared and differed */
  fields: Record<string, { type: string; compared: number; differed: number }>;
  info: {
    merges: Section;
    /** README says updatedAt is kept; the brief lets it differ: counted, not failed */
    updatedAtDiffers: Section;
    /** createdBy whose source name was empty, stored with the target API key's name (real Twenty behaviour) */
    createdByKeyName: number;
    relationsNotChecked: Record<string, number>;
    /** live target records whose unique values are equal up to case/scheme/trailing '/' (Twenty keeps both) */
    nearDuplicateUniques: Section;
    /** pre-existing columns changed the way the tool documents (paused/restored workflow triggers) */
    documentedRewrites: number;
    /** FILES compared by bytes */
    filesCompared: number;
  };
  members: { source: number; target: number; matchedByEmail: number; policy: string };
  queue: { idle: boolean; waitedMs: number; pendingAtEnd: number };
  workflowRuns: { sinceMigrationStart: number; byStatus: Record<string, number>; byWorkflow: Record<string, number> };
  requests: { source: number; target: number };
  /** per record class (when the caller labels records): findings per section */
  recordClasses: Record<string, { records: number; findings: number; sections: Record<string, number>; info: Record<string, number> }>;
}

export function newReport(label: string): Report {
  const sections = Object.fromEntries(FAILURE_SECTIONS.map((s) => [s, new Section()])) as Record<FailureSection, Section>;
  return {
    label,
    checkedAt: new Date().toISOString(),
    scope: { checked: [], notChecked: [] },
    objects: {},
    coverage: {},
    fields: {},
    ...sections,
    info: { merges: new Section(20, 100), updatedAtDiffers: new Section(2, 20), createdByKeyName: 0, relationsNotChecked: {}, nearDuplicateUniques: new Section(10, 40), documentedRewrites: 0, filesCompared: 0 },
    members: { source: 0, target: 0, matchedByEmail: 0, policy: '' },
    queue: { idle: true, waitedMs: 0, pendingAtEnd: 0 },
    workflowRuns: { sinceMigrationStart: 0, byStatus: {}, byWorkflow: {} },
    requests: { source: 0, target: 0 },
    recordClasses: {},
  };
}

export function failureCounts(r: Report): Record<FailureSection, number> {
  return Object.fromEntries(FAILURE_SECTIONS.map((s) => [s, r[s].count])) as Record<FailureSection, number>;
}

export function writeReport(r: Report, path: string): void {
  writeFileSync(path, JSON.stringify(r, null, 2));
}

/** A short table: each section with its count and its top classes. */
export function summary(r: Report): string {
  const lines = [`== ${r.label}: real-server audit (${r.checkedAt}) ==`, 'section                  count  top classes'];
  const row = (name: string, s: Section) => {
    const top = Object.entries(s.byClass).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, n]) => `${k}×${n}`).join('; ');
    lines.push(`${name.padEnd(24)} ${String(s.count).padStart(6)}  ${top}`);
  };
  for (const s of FAILURE_SECTIONS) row(s, r[s]);
  row('(info) merges', r.info.merges);
  row('(info) updatedAt differs', r.info.updatedAtDiffers);
  row('(info) near-dup uniques', r.info.nearDuplicateUniques);
  lines.push(`objects: ${Object.entries(r.objects).map(([o, c]) => `${o} ${c.source}→${c.sameId}+${c.merged}m/${c.target}`).join(', ')}`);
  lines.push(`queue idle=${r.queue.idle} waited ${Math.round(r.queue.waitedMs / 1000)} s; workflowRuns since start ${r.workflowRuns.sinceMigrationStart} ${JSON.stringify(r.workflowRuns.byStatus)}`);
  lines.push(`requests: source ${r.requests.source}, target ${r.requests.target}`);
  return lines.join('\n');
}
