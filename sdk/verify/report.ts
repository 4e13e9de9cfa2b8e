/** The verification report as Markdown: the checklist first, then a table per object, then what was not migrated. */
import type { VerificationReport } from './types.js';

const icon = { pass: '✅', warn: '⚠️', fail: '❌' } as const;
const cell = (v: unknown) => String(typeof v === 'string' ? v : JSON.stringify(v)).replace(/\|/g, '\\|').slice(0, 80);

export function renderReport(report: VerificationReport): string {
  const lines: string[] = [];
  lines.push(`# Verification report ${icon[report.status]} ${report.status.toUpperCase()}`, '');
  lines.push(`Run \`${report.runId}\`, verified ${report.at}.`, '', '## Checklist', '');
  lines.push('| | check | detail |', '|---|---|---|');
  for (const c of report.checklist) lines.push(`| ${icon[c.status]} | ${c.check} | ${c.detail} |`);
  lines.push('', '## Objects', '');
  lines.push('| | object | source | invalid | rejected | imported | found in target | target total | compared | dangling | member mismatches | field mismatches | changed after import |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const o of report.objects) {
    lines.push(
      `| ${icon[o.status]} | ${o.object} | ${o.sourceCount} | ${o.invalid} | ${o.failed} | ${o.imported} | ${o.found} | ${o.targetCount} | ${o.compared} | ` +
        `${o.danglingReferences.length} | ${o.memberMismatches.length} | ${o.fieldMismatches.length} | ${o.changedAfterImport.length} |`,
    );
  }
  const problems = report.objects.filter((o) => o.danglingReferences.length || o.memberMismatches.length || o.fieldMismatches.length || o.changedAfterImport.length);
  if (problems.length) {
    lines.push('', '## Differences (first entries per object)', '');
    for (const o of problems) {
      lines.push(`### ${o.object}`, '');
      for (const d of o.danglingReferences.slice(0, 10)) lines.push(`- dangling \`${d.field}\` = ${d.value} on ${d.recordId}`);
      for (const m of o.memberMismatches.slice(0, 10)) lines.push(`- member \`${m.field}\` on ${m.recordId}: expected ${cell(m.expected)}, found ${cell(m.actual)}`);
      for (const f of o.fieldMismatches.slice(0, 10)) {
        lines.push(`- ${f.recordId}: ${f.mismatches.map((m) => `\`${m.field}\` expected ${cell(m.expected)}, found ${cell(m.actual)}`).join('; ')}`);
      }
      for (const c of o.changedAfterImport.slice(0, 10)) {
        const fields = c.fields?.length ? `: ${c.fields.map((f) => `\`${f}\``).join(', ')} differ from what was sent` : '';
        lines.push(`- ${c.recordId} changed by the target at ${c.updatedAt} (imported as of ${c.importedAt})${fields}`);
      }
      lines.push('');
    }
  }
  lines.push('', '## Not migrated', '');
  if (!report.notMigrated.length) lines.push('Nothing.');
  for (const n of report.notMigrated) lines.push(`- **${n.what}**: ${n.reason}${n.advice ? `. ${n.advice}` : ''}`);
  return `${lines.join('\n')}\n`;
}
