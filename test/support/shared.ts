/**
 * Access to ../shared/twenty-2.21 (the recordings of a real Twenty 2.21 server) for tests.
 * Where the folder is absent a suite skips with a message, except under CI=true, where its absence fails.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const sharedDir = resolve(import.meta.dirname, '../../../shared/twenty-2.21');
export const hasShared = existsSync(sharedDir);

if (!hasShared) {
  if (process.env.CI === 'true') {
    throw new Error(`../shared/twenty-2.21 is missing at ${sharedDir}: CI must run the fidelity tests against it.`);
  }
  console.warn(`[skip] ../shared/twenty-2.21 not found at ${sharedDir}: fidelity tests are skipped.`);
}

export const readShared = <T = any>(relative: string): T =>
  JSON.parse(readFileSync(resolve(sharedDir, relative), 'utf8')) as T;

export interface Transcript {
  name: string;
  description: string;
  auth: 'SOURCE' | 'TARGET' | 'none' | 'wrong-key' | 'tampered-jwt';
  request: { method: string; path: string; query?: Record<string, string>; headers?: Record<string, string>; body: unknown };
  response: { status: number; headers: Record<string, string>; body: any; bodyBytes?: unknown };
  trimmed?: string[];
}

export const listTranscripts = (): Transcript[] =>
  hasShared
    ? readdirSync(resolve(sharedDir, 'transcripts'))
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => readShared<Transcript>(`transcripts/${f}`))
    : [];
