/**
 * A Twenty 1.x source's attachments, checked against 2.x: 1.x keeps the file as the path `fullPath` (REST answers
 * it bare; GraphQL `/graphql` signs it into a download URL), its kind as the text `type` and the uploader as
 * `author`; 2.x holds them as the FILES `file`, the SELECT `fileCategory` and the actor `createdBy`. Written
 * from 1.2's source (attachment-query-result-getter.handler.ts) and 2.21's, independently of the SDK.
 */
import type { Instance } from '../env.js';
import { call, type Json } from './http.js';
import type { ObjectMeta } from './metadata.js';

/** Whether the source object keeps files as 1.x paths and the target holds them as a FILES `file`. */
export function legacyAttachment(source: ObjectMeta, target: ObjectMeta | undefined): boolean {
  const has = (o: ObjectMeta | undefined, name: string, type: string) => !!o?.fields.some((f) => f.isActive && f.name === name && f.type === type);
  return has(source, 'fullPath', 'TEXT') && !source.fields.some((f) => f.type === 'FILES') && has(target, 'file', 'FILES');
}

/** Every signed `fullPath` of a 1.x object, by record id, read through GraphQL `/graphql`, 100 at a time. */
export async function signedPaths(inst: Instance, plural: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let after: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const query = `query { ${plural}(first: 100${after ? `, after: ${JSON.stringify(after)}` : ''}) { edges { node { id fullPath } } pageInfo { hasNextPage endCursor } } }`;
    const { json } = await call(inst, '/graphql', { method: 'POST', body: { query } });
    if (json?.errors?.length) throw new Error(`GraphQL /graphql (${inst.name}): ${json.errors.map((e: { message: string }) => e.message).join('; ')}`);
    const conn: Json = json.data[plural];
    for (const { node } of conn.edges) if (typeof node.fullPath === 'string' && node.fullPath) out.set(node.id, node.fullPath);
    if (!conn.pageInfo.hasNextPage) break;
    after = conn.pageInfo.endCursor;
  }
  return out;
}

/** 1.x `type` as the 2.x `fileCategory` value: `TextDocument` → `TEXT_DOCUMENT`. */
export const categoryOf = (type: unknown) => (typeof type === 'string' && type ? type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase() : null);
