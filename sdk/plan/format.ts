/**
 * The plan as text, for the CLI and notebooks: import order as a table, then skipped objects, blockers, warnings.
 */
import type { Plan } from '../run/contracts.js';

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));
const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - s.length)) + s;

/**
 * @example
 * console.log(formatPlan(plan));
 * // Plan: READY — 12 objects, 4,210 records
 * //   #  object         records  deferred
 * //   1  companies          599
 * //   …
 */
export function formatPlan(plan: Plan): string {
  const total = plan.order.reduce((s, o) => s + o.count, 0);
  const status = plan.ready ? 'READY' : `NOT READY (${plan.blockers.length} blocker${plan.blockers.length === 1 ? '' : 's'})`;
  const lines = [`Plan: ${status} — ${plan.order.length} objects, ${total.toLocaleString('en-US')} records`, ''];
  const w = Math.max(6, ...plan.order.map((o) => o.object.length));
  const cw = Math.max(7, ...plan.order.map((o) => o.count.toLocaleString('en-US').length));
  lines.push(`  ${padStart('#', 3)}  ${pad('object', w)}  ${padStart('records', cw)}  deferred`);
  plan.order.forEach((o, i) => {
    const row = `  ${padStart(String(i + 1), 3)}  ${pad(o.object, w)}  ${padStart(o.count.toLocaleString('en-US'), cw)}  ${o.deferredFields.join(', ')}`;
    lines.push(row.trimEnd());
  });
  const section = (title: string, items: string[], mark: string) => {
    if (!items.length) return;
    lines.push('', `${title} (${items.length}):`, ...items.map((s) => `  ${mark} ${s}`));
  };
  section('Skipped', plan.skipped.map((s) => `${s.object}: ${s.reason}${s.advice ? ` — ${s.advice}` : ''}`), '-');
  section('Blockers', plan.blockers, '✗');
  section('Warnings', plan.warnings, '!');
  return lines.join('\n');
}
