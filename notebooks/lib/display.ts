/**
 * What the notebooks show: DataFrames as HTML tables (danfojs-node has no HTML output of its own), bar charts as
 * SVG images, and progress displays that update in place (tslab display ids: only the last state is stored in the
 * executed notebook). Everything here renders; nothing here talks to Twenty.
 *
 * @example
 * import { show, showChart, liveProgress } from './notebooks/lib/display.js';
 * show(people.head(5), { title: 'people' });
 * showChart(counts, { label: 'object', series: ['source', 'target'] });
 */
import type { DataFrame } from 'danfojs-node';
import * as tslab from 'tslab';
import type { ExportProgress } from '../../sdk/export/index.js';
import type { ImportEvent } from '../../sdk/import/index.js';
import { toFrame, type Cell } from './frames.js';

export interface TableOptions {
  /** a heading above the table */
  title?: string;
  /** rows shown at most: the first and last half of it when there are more (default 20) */
  maxRows?: number;
  /** columns shown at most: the first ones and the last one when there are more (default 16) */
  maxColumns?: number;
  /** characters per cell at most (default 80) */
  maxChars?: number;
  /** show the row index (default true) */
  index?: boolean;
}

const STATUS_COLORS: Record<string, string> = {
  pass: '#d4edda', ok: '#d4edda', ready: '#d4edda', completed: '#d4edda', matched: '#d4edda', mapped: '#d4edda',
  warn: '#fff3cd', remapped: '#fff3cd', emptied: '#fff3cd', deferred: '#fff3cd', skipped: '#eeeeee',
  fail: '#f8d7da', failed: '#f8d7da', unmatched: '#f8d7da', blocker: '#f8d7da', stopped: '#f8d7da',
};

export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function cellText(value: unknown, maxChars: number): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))) return '<span style="color:#999">null</span>';
  const text = typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 6 }) : String(value);
  const short = text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
  return escapeHtml(short);
}

const isFrame = (x: unknown): x is DataFrame => !!x && typeof x === 'object' && 'columns' in x && 'values' in x && 'shape' in x && !Array.isArray(x);

/**
 * A DataFrame (or plain records) as an HTML table with its shape, truncated like pandas: first and last rows,
 * first and last columns, long cells cut.
 */
export function frameHtml(data: DataFrame | readonly object[], options: TableOptions = {}): string {
  const df = isFrame(data) ? data : toFrame(data);
  const maxRows = options.maxRows ?? 20;
  const maxColumns = options.maxColumns ?? 16;
  const maxChars = options.maxChars ?? 80;
  const [nRows, nCols] = df.shape;
  const columns = df.columns;
  const values = df.values as unknown[][];
  const index = df.index as Array<string | number>;

  const colIdx = nCols > maxColumns ? [...range(0, maxColumns - 1), -1, nCols - 1] : range(0, nCols);
  const half = Math.max(1, Math.floor(maxRows / 2));
  const rowIdx = nRows > maxRows ? [...range(0, half), -1, ...range(nRows - half, nRows)] : range(0, nRows);

  const th = (s: string) => `<th style="text-align:left">${s}</th>`;
  const head = `<tr>${options.index === false ? '' : '<th></th>'}${colIdx.map((c) => th(c < 0 ? '…' : escapeHtml(columns[c]))).join('')}</tr>`;
  const body = rowIdx
    .map((r) => {
      if (r < 0) return `<tr>${options.index === false ? '' : '<th>…</th>'}${colIdx.map(() => '<td>…</td>').join('')}</tr>`;
      const cells = colIdx.map((c) => {
        if (c < 0) return '<td>…</td>';
        const v = Array.isArray(values[r]) ? values[r][c] : values[r];
        const color = typeof v === 'string' ? STATUS_COLORS[v] : undefined;
        const align = typeof v === 'number' ? 'right' : 'left';
        return `<td style="text-align:${align}${color ? `;background:${color}` : ''}">${cellText(v, maxChars)}</td>`;
      });
      return `<tr>${options.index === false ? '' : `<th>${escapeHtml(String(index[r]))}</th>`}${cells.join('')}</tr>`;
    })
    .join('\n');
  const shown: string[] = [];
  if (nRows > maxRows) shown.push(`showing the first ${half} and last ${half} rows`);
  if (nCols > maxColumns) shown.push(`${maxColumns} of ${nCols} columns`);
  const shape = `${nRows.toLocaleString('en-US')} rows × ${nCols} columns${shown.length ? ` (${shown.join(', ')})` : ''}`;
  const title = options.title ? `<p style="font-weight:bold;margin:0.6em 0 0.2em">${escapeHtml(options.title)}</p>` : '';
  return (
    `<div class="twenty-migrate-frame">${title}` +
    `<table class="dataframe" border="1" style="border-collapse:collapse;font-size:12px">\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>` +
    `<p style="color:#666;font-size:11px;margin:0.2em 0 0.8em">${shape}</p></div>`
  );
}

/** Displays a DataFrame or plain records as an HTML table in the notebook. */
export function show(data: DataFrame | readonly object[], options: TableOptions = {}): void {
  tslab.display.html(frameHtml(data, options));
}

/** Displays Markdown (headings, lists, short explanations built from SDK results). */
export function showMarkdown(markdown: string): void {
  tslab.display.markdown(markdown);
}

/** Displays text as preformatted HTML, e.g. the SDK's own formatted plans. */
export function showText(text: string): void {
  tslab.display.html(`<pre style="font-size:12px">${escapeHtml(text)}</pre>`);
}

export interface ChartOptions {
  /** the column holding the bar labels */
  label: string;
  /** the numeric columns drawn as bars, side by side */
  series: string[];
  title?: string;
  /** width in px (default 720) */
  width?: number;
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2'];

/**
 * A horizontal grouped bar chart as SVG text (one group per row, one bar per series), sized to its content.
 *
 * @example
 * barChartSvg([{ object: 'people', source: 600, target: 598 }], { label: 'object', series: ['source', 'target'] });
 */
export function barChartSvg(data: DataFrame | readonly object[], options: ChartOptions): string {
  const df = isFrame(data) ? data : toFrame(data);
  const rows = (df.values as Cell[][]).map((v) => Object.fromEntries(df.columns.map((c, i) => [c, v[i]])));
  const width = options.width ?? 720;
  const bar = 9;
  const groupGap = 7;
  const labelWidth = Math.min(260, 12 + 6.5 * Math.max(4, ...rows.map((r) => String(r[options.label] ?? '').length)));
  const top = options.title ? 30 : 10;
  const legend = 22;
  const groupHeight = bar * options.series.length + groupGap;
  const height = top + legend + rows.length * groupHeight + 10;
  const max = Math.max(1, ...rows.flatMap((r) => options.series.map((s) => Number(r[s]) || 0)));
  const plot = width - labelWidth - 70;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
  ];
  if (options.title) parts.push(`<text x="10" y="19" font-size="14" font-weight="bold">${escapeHtml(options.title)}</text>`);
  options.series.forEach((s, i) => {
    const x = labelWidth + i * 110;
    parts.push(`<rect x="${x}" y="${top}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>`);
    parts.push(`<text x="${x + 14}" y="${top + 9}">${escapeHtml(s)}</text>`);
  });
  rows.forEach((r, g) => {
    const y0 = top + legend + g * groupHeight;
    parts.push(`<text x="${labelWidth - 6}" y="${y0 + (bar * options.series.length) / 2 + 4}" text-anchor="end">${escapeHtml(String(r[options.label] ?? ''))}</text>`);
    options.series.forEach((s, i) => {
      const value = Number(r[s]) || 0;
      const w = Math.max(value > 0 ? 1 : 0, (plot * value) / max);
      const y = y0 + i * bar;
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${bar - 1}" fill="${PALETTE[i % PALETTE.length]}"/>`);
      parts.push(`<text x="${labelWidth + w + 4}" y="${y + bar - 1.5}" font-size="9" fill="#444">${value.toLocaleString('en-US')}</text>`);
    });
  });
  parts.push(`<line x1="${labelWidth}" y1="${top + legend - 3}" x2="${labelWidth}" y2="${height - 8}" stroke="#999"/>`, '</svg>');
  return parts.join('\n');
}

/** Displays a bar chart as an SVG image (kept by the stored notebook, GitHub's viewer and nbconvert). */
export function showChart(data: DataFrame | readonly object[], options: ChartOptions): void {
  tslab.display.svg(barChartSvg(data, options));
}

/**
 * A table that redraws in place while a long cell runs (one tslab display id; at most every `intervalMs`), with a
 * bar per row. The stored notebook keeps its last state.
 */
export class LiveTable<T extends Record<string, Cell>> {
  private readonly display = tslab.newDisplay();
  private readonly rows = new Map<string, { row: T; progress?: number }>();
  private last = 0;

  constructor(private readonly title: string, private readonly columns: Array<keyof T & string>, private readonly intervalMs = 250) {}

  set(key: string, row: T, progress?: number): void {
    this.rows.set(key, { row: { ...row }, progress });
    const now = Date.now();
    if (now - this.last >= this.intervalMs) this.render(false);
  }

  render(final = true): void {
    this.last = Date.now();
    const head = ['', ...this.columns].map((c) => `<th style="text-align:left">${escapeHtml(c)}</th>`).join('');
    const body = [...this.rows.values()]
      .map(({ row, progress }) => {
        const pct = typeof progress === 'number' ? Math.max(0, Math.min(1, progress)) : null;
        const barCell =
          pct === null ? '<td></td>'
          : `<td><div style="width:120px;height:9px;background:#eee"><div style="width:${Math.round(120 * pct)}px;height:9px;background:${pct >= 1 ? '#59a14f' : '#4e79a7'}"></div></div></td>`;
        return `<tr>${barCell}${this.columns.map((c) => `<td style="text-align:${typeof row[c] === 'number' ? 'right' : 'left'}">${cellText(row[c], 80)}</td>`).join('')}</tr>`;
      })
      .join('\n');
    const status = final ? 'done' : 'running…';
    this.display.html(
      `<div><p style="font-weight:bold;margin:0.4em 0">${escapeHtml(this.title)} — ${status}</p>` +
        `<table class="dataframe" border="1" style="border-collapse:collapse;font-size:12px"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`,
    );
  }
}

/**
 * Progress of the export stage, one row per object, redrawn in place: pass `update` as `onProgress`.
 *
 * @example
 * const progress = exportProgress();
 * const result = await exportStage(m, { onProgress: progress.update });
 * progress.end();
 */
export function exportProgress() {
  const table = new LiveTable<{ object: string; phase: string; records: number; total: number | null }>('Export', ['object', 'phase', 'records', 'total']);
  return {
    update: (e: ExportProgress) => {
      table.set(e.object, { object: e.object, phase: e.phase, records: e.done, total: e.total }, e.phase === 'done' ? 1 : e.total ? e.done / e.total : 0);
    },
    end: () => table.render(true),
  };
}

/**
 * Progress of the import stage, one row per object and phase (write, then patch), redrawn in place.
 *
 * @example
 * const progress = importProgress(plan);
 * const result = await importStage(m, { onProgress: progress.update });
 * progress.end();
 */
export function importProgress(expected: { order: Array<{ object: string; count: number }> } = { order: [] }) {
  const totals = new Map(expected.order.map((o) => [o.object, o.count]));
  const state = new Map<string, { object: string; phase: string; written: number; merged: number; failed: number; status: string }>();
  const table = new LiveTable<{ object: string; phase: string; written: number; merged: number; failed: number; status: string }>(
    'Import', ['object', 'phase', 'written', 'merged', 'failed', 'status'],
  );
  return {
    update: (e: ImportEvent) => {
      const key = `${e.object}:${e.phase}`;
      const row = state.get(key) ?? { object: e.object, phase: e.phase, written: 0, merged: 0, failed: 0, status: 'running' };
      if (e.type === 'batch-recorded') {
        row.written += e.imported;
        row.merged += e.merged;
        row.failed += e.failed;
      } else if (e.type === 'object-done') {
        const r = e.result;
        if (e.phase === 'write') Object.assign(row, { written: r.imported + r.alreadyDone, merged: r.merged, failed: r.failed + r.previouslyFailed });
        else Object.assign(row, { written: r.patched, failed: r.patchFailed });
        row.status = r.status;
      }
      state.set(key, row);
      const total = totals.get(e.object);
      const progress = row.status !== 'running' ? 1 : total ? (row.written + row.merged + row.failed) / total : undefined;
      table.set(key, row, progress);
    },
    end: () => table.render(true),
  };
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
