/**
 * The naive importer the benchmark compares with: one record per `POST /rest/<plural>`, sequential, through the same
 * kind of client (rate limiter, retries) as the SDK's import, into a fresh workspace. It sends the first records of
 * the transformed files in plan order (so references point at records already sent) until it has sent `maxRecords`
 * or `maxMs` has passed.
 */
import { request, type TwentyClient } from '../../sdk/client/index.js';
import type { Plan, TransformedRecord } from '../../sdk/run/contracts.js';
import type { RunFolder } from '../../sdk/run/run-folder.js';

export interface NaiveResult {
  records: number;
  failed: number;
  requests: number;
  durationMs: number;
  firstError?: string;
}

export async function naiveImport(client: TwentyClient, run: RunFolder, options: { maxRecords: number; maxMs: number }): Promise<NaiveResult> {
  const plan = run.readJson<Plan>('plan.json');
  if (!plan) throw new Error('naive import: no plan.json');
  const started = performance.now();
  const result: NaiveResult = { records: 0, failed: 0, requests: 0, durationMs: 0 };
  const over = () => result.requests >= options.maxRecords || performance.now() - started >= options.maxMs;
  outer: for (const planned of plan.order) {
    for await (const t of run.readJsonl<TransformedRecord>('transform', `${planned.object}.jsonl`)) {
      if (over()) break outer;
      if (!t?.record || typeof t.sourceId !== 'string') continue;
      result.requests += 1;
      const answer = await request(client, 'POST', '/{namePlural}', { path: { namePlural: planned.object }, body: { ...t.record, id: t.record.id ?? t.sourceId } });
      if (answer.error) {
        result.failed += 1;
        result.firstError ??= `${planned.object}: ${answer.error.code} ${answer.error.messages.join('; ')}`.slice(0, 200);
      } else result.records += 1;
    }
  }
  result.durationMs = performance.now() - started;
  return result;
}
