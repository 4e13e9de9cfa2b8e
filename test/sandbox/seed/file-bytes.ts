/**
 * Small but real file contents (a PDF a viewer opens, a PNG that decodes, text, CSV, JSON), built from a
 * PRNG so that equal seeds give equal bytes. The PNG uses stored (uncompressed) deflate blocks rather than
 * node:zlib so the bytes do not depend on the zlib version of the machine.
 */
import { Rng } from './random.js';
import { WORDS } from './vocab.js';
import { sentence } from './rich-text.js';

export const EXTENSIONS = ['pdf', 'png', 'txt', 'csv', 'json'] as const;
export type Extension = (typeof EXTENSIONS)[number] | 'bin';

export const MIME_TYPES: Record<Extension, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  bin: 'application/octet-stream',
};

/** attachment.fileCategory per extension (values of the standard SELECT). */
export const FILE_CATEGORIES: Record<Extension, string> = {
  pdf: 'TEXT_DOCUMENT',
  png: 'IMAGE',
  txt: 'TEXT_DOCUMENT',
  csv: 'SPREADSHEET',
  json: 'OTHER',
  bin: 'ARCHIVE',
};

const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

function pdf(rng: Rng, title: string): Buffer {
  const esc = (s: string) => ascii(s).replace(/[\\()]/g, (c) => `\\${c}`);
  const lines = [title, sentence(rng), sentence(rng)];
  const stream = lines.map((l, i) => `BT /F1 ${i === 0 ? 18 : 11} Tf 72 ${720 - i * 24} Td (${esc(l)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** zlib stream of stored blocks (no compression): valid, and identical on every machine. */
function zlibStored(raw: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x78, 0x01])];
  const blocks = Math.max(1, Math.ceil(raw.length / 65535));
  for (let i = 0; i < blocks; i++) {
    const piece = raw.subarray(i * 65535, (i + 1) * 65535);
    const header = Buffer.alloc(5);
    header[0] = i === blocks - 1 ? 1 : 0; // BFINAL on the last block, BTYPE 00 (stored)
    header.writeUInt16LE(piece.length, 1);
    header.writeUInt16LE(~piece.length & 0xffff, 3);
    parts.push(header, piece);
  }
  let a = 1;
  let b = 0;
  for (let i = 0; i < raw.length; i++) {
    a = (a + raw[i]) % 65521;
    b = (b + a) % 65521;
  }
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE(((b << 16) | a) >>> 0);
  parts.push(adler);
  return Buffer.concat(parts);
}

/** A 16×16 RGB image of four colored quadrants. */
function png(rng: Rng): Buffer {
  const size = 16;
  const colors = [0, 1, 2, 3].map(() => [rng.int(256), rng.int(256), rng.int(256)]);
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const c = colors[(y < size / 2 ? 0 : 2) + (x < size / 2 ? 0 : 1)];
      raw.set(c, row + 1 + x * 3);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit, truecolor, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', zlibStored(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function csv(rng: Rng): Buffer {
  const rows = ['name,email,amount,note'];
  const n = rng.between(3, 12);
  for (let i = 0; i < n; i++) {
    const w = rng.pick(WORDS);
    rows.push(`${w} ${i},${w}${i}@example.com,${rng.int(100000) / 100},"${sentence(rng, 2, 5).replace(/"/g, '""')}, ok"`);
  }
  return Buffer.from(rows.join('\r\n') + '\r\n', 'utf8');
}

function json(rng: Rng, title: string): Buffer {
  const body = { title, generatedBy: 'twenty-migrate seed', version: rng.between(1, 9), tags: rng.some(WORDS, 3), ok: rng.chance(0.5) };
  return Buffer.from(JSON.stringify(body, null, 2) + '\n', 'utf8');
}

function txt(rng: Rng, title: string): Buffer {
  const lines = [title, '', sentence(rng), sentence(rng), 'Ünïcødé ✓ 日本語 العربية'];
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/** The bytes of a small file, a pure function of (stream seed, extension, label). */
export function smallFileBytes(seed: number, extension: Extension, label: string): Buffer {
  const rng = new Rng(seed);
  switch (extension) {
    case 'pdf':
      return pdf(rng, label);
    case 'png':
      return png(rng);
    case 'csv':
      return csv(rng);
    case 'json':
      return json(rng, label);
    case 'txt':
      return txt(rng, label);
    case 'bin':
      return pseudoRandomBytes(seed, 256);
  }
}

/**
 * The same bytes as `pseudoRandomBytes(seed, size)`, in chunks of at most `chunkSize` (a multiple of 4): lets the
 * sandbox serve a large seeded file without ever building it whole.
 */
export function* pseudoRandomChunks(seed: number, size: number, chunkSize = 1 << 16): Generator<Buffer> {
  const step = Math.max(4, chunkSize - (chunkSize % 4));
  let x = seed >>> 0 || 0x9e3779b9;
  const words = size >>> 2;
  for (let start = 0; start < size; start += step) {
    const end = Math.min(size, start + step);
    const out = Buffer.allocUnsafe(end - start);
    for (let off = start; off < end; off += 4) {
      if (off >>> 2 >= words) {
        for (let i = off; i < end; i++) out[i - start] = i & 0xff;
        break;
      }
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out.writeUInt32LE(x >>> 0, off - start);
    }
    yield out;
  }
}

/** `size` bytes of xorshift output: a big file without a big constant in the source. */
export function pseudoRandomBytes(seed: number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed >>> 0 || 0x9e3779b9;
  const words = size >>> 2;
  for (let i = 0; i < words; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.writeUInt32LE(x >>> 0, i << 2);
  }
  for (let i = words << 2; i < size; i++) out[i] = i & 0xff;
  return out;
}
