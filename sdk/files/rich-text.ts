/**
 * Files referenced from rich-text bodies (note and task `bodyV2`, any RICH_TEXT field), and rewriting them.
 *
 * In 2.21 an image (or file, video, audio) block of a BlockNote body points at a FILES-field file of the same
 * workspace: `props.url` = `<SERVER_URL>/file/files-field/<fileId>?token=…` and, since 1.18, `props.attachmentFileId`
 * = that file id (1-18-migrate-activity-rich-text-attachment-file-ids.command.ts); the file is the `file` of an
 * attachment of the note or task. The server re-signs such URLs on every read, for any host, from the file id in
 * the path (rich-text-v2-field-query-result-getter.handler.ts). Copied as is, a body would name source file ids the
 * target does not have: every reference (block props, inline link hrefs, nested children, the markdown) is rewritten
 * to the target's copy, and its token dropped (the target signs its own on read).
 */

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** An absolute URL of a files-field file, with its query string; stops at characters that end a URL in markdown/JSON. */
const FILE_URL = new RegExp(`https?://[^\\s"'()<>\\[\\]]+?/file/files-field/(${UUID})(?:\\?[^\\s"'()<>\\[\\]]*)?`, 'g');

export interface BodyFileReference {
  fileId: string;
  /** the URL as found (with its token, if any): never log it unredacted */
  url: string;
  /** `props.name` of the block, when the reference came from one */
  name?: string;
}

/** Where a source file lives in the target: its id and its URL (no token). */
export interface FileTarget {
  fileId: string;
  url: string;
}

export interface RichTextValue {
  blocknote?: string | null;
  markdown?: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseBlocks(blocknote: unknown): unknown[] | null {
  if (typeof blocknote !== 'string' || !blocknote) return null;
  try {
    const parsed = JSON.parse(blocknote) as unknown;
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Every files-field file a body references, by file id (first URL found for each). */
export function findBodyFiles(value: unknown): Map<string, BodyFileReference> {
  const found = new Map<string, BodyFileReference>();
  const add = (ref: BodyFileReference) => {
    const key = ref.fileId.toLowerCase();
    const known = found.get(key);
    if (!known) found.set(key, { ...ref, fileId: key });
    else if (!known.name && ref.name) known.name = ref.name;
  };
  const scanText = (text: string, name?: string) => {
    for (const m of text.matchAll(FILE_URL)) add({ fileId: m[1], url: m[0], name });
  };
  if (!isRecord(value)) return found;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!isRecord(node)) return;
    const props = isRecord(node.props) ? node.props : undefined;
    const name = typeof props?.name === 'string' && props.name ? props.name : undefined;
    if (typeof props?.attachmentFileId === 'string' && new RegExp(`^${UUID}$`).test(props.attachmentFileId)) {
      const url = typeof props.url === 'string' ? props.url : '';
      add({ fileId: props.attachmentFileId, url, name });
    }
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'string') scanText(v, k === 'url' ? name : undefined);
      else walk(v);
    }
  };
  walk(parseBlocks(value.blocknote));
  if (typeof value.markdown === 'string') scanText(value.markdown);
  return found;
}

export interface RewriteResult<T> {
  value: T;
  /** references rewritten to the target's copies */
  rewritten: number;
  /** source file ids referenced but without a copy in the target (left as they were) */
  missing: string[];
}

/**
 * The body with every reference to a copied file pointing at the target's copy. The blocknote string is left
 * byte for byte as it was when nothing in it changes.
 *
 * @example
 * rewriteRichText(note.bodyV2, (id) => copies.get(id)).value; // bodyV2 for the target
 */
export function rewriteRichText<T extends RichTextValue>(value: T, resolve: (sourceFileId: string) => FileTarget | undefined): RewriteResult<T> {
  let rewritten = 0;
  const missing = new Set<string>();
  const replaceUrls = (text: string) =>
    text.replace(FILE_URL, (url: string, id: string) => {
      const to = resolve(id.toLowerCase());
      if (!to) {
        missing.add(id.toLowerCase());
        return url;
      }
      rewritten += 1;
      return to.url;
    });
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isRecord(node)) return typeof node === 'string' ? replaceUrls(node) : node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'attachmentFileId' && typeof v === 'string' && v) {
        const to = resolve(v.toLowerCase());
        if (to) rewritten += 1;
        else missing.add(v.toLowerCase());
        out[k] = to ? to.fileId : v;
      } else out[k] = walk(v);
    }
    return out;
  };
  const out = { ...value };
  const blocks = parseBlocks(value.blocknote);
  if (blocks) {
    const before = rewritten;
    const next = walk(blocks);
    if (rewritten !== before) out.blocknote = JSON.stringify(next);
  }
  if (typeof value.markdown === 'string') out.markdown = replaceUrls(value.markdown);
  return { value: out, rewritten, missing: [...missing] };
}

/** `https://x/file/files-field/<id>?token=…` → `https://x/file/files-field/<id>`: what the run folder may keep. */
export function stripToken(url: string): string {
  try {
    const u = new URL(url);
    u.searchParams.delete('token');
    return u.toString();
  } catch {
    return url.replace(/[?&]token=[^&#]*/g, '');
  }
}
