/**
 * Rich-text bodies as 2.21 serves them (rich-text-v2-field-query-result-getter.handler.ts, files field migrated):
 * every top-level block whose `props.url` path starts with `/file/files-field/<uuid>` gets a freshly signed URL of
 * this server for that file id, whatever host the stored URL named. Nested blocks and the markdown are left as
 * stored (the real handler does not look at them either).
 */
import type { SandboxWorkspace } from '../workspace.js';

const FILES_FIELD_PATH = /^\/file\/files-field\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;

/** The file id a URL points at on a Twenty server (`extract-file-id-from-url.util.ts`), or null. */
export function fileIdFromUrl(url: string): string | null {
  try {
    return FILES_FIELD_PATH.exec(new URL(url).pathname)?.[1] ?? null;
  } catch {
    return null;
  }
}

export function signRichText(ws: SandboxWorkspace, value: unknown): unknown {
  const v = value as { blocknote?: unknown } | null;
  if (!v || typeof v.blocknote !== 'string' || !v.blocknote.includes('/file/files-field/')) return value;
  let blocks: unknown;
  try {
    blocks = JSON.parse(v.blocknote);
  } catch {
    return value;
  }
  if (!Array.isArray(blocks)) return value;
  const signed = blocks.map((block: { props?: { url?: unknown } }) => {
    const url = block?.props?.url;
    const fileId = typeof url === 'string' ? fileIdFromUrl(url) : null;
    return fileId ? { ...block, props: { ...block.props, url: ws.signedFileUrl(fileId) } } : block;
  });
  return { ...v, blocknote: JSON.stringify(signed) };
}
