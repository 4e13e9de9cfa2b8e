/**
 * Asking the target what it already holds, for the references of CSV files that no file resolves: a relation cell
 * naming a company by its domain or a person by e-mail (a people file imported after the companies were, say), and
 * ids of records that are in no file. Values are fetched by a case-insensitive `ilike` filter, ten at a time, and
 * compared exactly (uniqueKey) here: the filter only narrows, so `apple.com` finds `https://www.apple.com/` and not
 * `pineapple.com`.
 */
import { chunked, idInFilter, listPages, type TwentyClient } from '../client/index.js';
import type { WorkspaceSchema } from '../metadata/types.js';
import { findObject } from '../plan/objects.js';
import type { TargetLookup } from './plan.js';
import { textAt, uniqueKey } from './unique.js';

const VALUES_PER_REQUEST = 10;
/** `"` and `\` would end or escape the filter's quoted value; `%` matches them (the exact compare follows). */
const likeText = (v: string) => uniqueKey(v).replace(/["\\%_]/g, '%');

export function targetLookup(client: TwentyClient, schema: WorkspaceSchema, options: { pageSize?: number; signal?: AbortSignal } = {}): TargetLookup & { requests: () => number } {
  let requests = 0;
  const pages = async function* (object: string, filter: string) {
    for await (const page of listPages(client, object, { filter, pageSize: options.pageSize, signal: options.signal })) {
      requests += 1;
      yield page.records;
    }
  };
  return {
    requests: () => requests,
    async values(targetObject, paths, values) {
      const out = new Map<string, Set<string>>();
      const object = findObject(schema, targetObject);
      if (!object || !paths.length) return out;
      for (const part of chunked([...new Set(values.map(uniqueKey))].filter(Boolean), VALUES_PER_REQUEST)) {
        const terms = part.flatMap((v) => paths.map((p) => `${p}[ilike]:"%${likeText(v)}%"`));
        const filter = terms.length === 1 ? terms[0] : `or(${terms.join(',')})`;
        const wanted = new Set(part);
        for await (const records of pages(object.namePlural, filter)) {
          for (const r of records) {
            for (const p of paths) {
              const key = textAt(r, p) && uniqueKey(textAt(r, p)!);
              if (key && wanted.has(key)) (out.get(key) ?? out.set(key, new Set()).get(key)!).add(String(r.id));
            }
          }
        }
      }
      return out;
    },
    async ids(targetPlural, ids) {
      const held = new Set<string>();
      // files read against the source's data model may link to an object the target lacks: it holds none of them
      const object = findObject(schema, targetPlural);
      if (!object) return held;
      for (const part of chunked([...new Set(ids)])) for await (const records of pages(object.namePlural, idInFilter(part))) for (const r of records) held.add(String(r.id));
      return held;
    },
  };
}
