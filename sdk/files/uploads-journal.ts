/**
 * files/uploads.jsonl: one line before every upload attempt is sent and one once its answer was read. Twenty keeps
 * every `uploadFilesFieldFile` upload as a temporary file until a record references it, offers no API to list or
 * delete such files, and never cleans them up (its reaper only removes unfinished direct uploads). So an attempt
 * whose answer was lost (a connection cut after the bytes were sent, a run killed mid-upload) may have left an
 * unreferenced copy in the target's storage, and a retry uploads a second one. The journal finds every such attempt,
 * so the copies that may exist are reported by name and size instead of left unknown.
 */
import { randomUUID } from 'node:crypto';
import type { RunFolder } from '../run/run-folder.js';

export const UPLOADS_JOURNAL = ['files', 'uploads.jsonl'] as const;

export interface UploadAttemptLine {
  attempt: string;
  key: string;
  phase: 'sent' | 'answered';
  label?: string;
  size?: number;
  /**
   * answered lines: `stored` when the target kept a copy that no record will reference (it stored a wrong size),
   * `none` when it kept nothing (refused, or the connection was never opened), `used` for the copy recorded
   */
  copy?: 'used' | 'stored' | 'none';
  at: string;
}

/** An upload whose extra copy may be in the target's storage, unreferenced. */
export interface UnconfirmedUpload {
  key: string;
  label: string;
  size?: number;
  at: string;
  why: 'answer lost' | 'wrong copy stored';
}

export interface UploadJournal {
  /** before sending: returns the attempt's id */
  sent(key: string, label: string, size?: number): string;
  answered(attempt: string, key: string, copy: 'used' | 'stored' | 'none'): void;
}

export function uploadJournal(run: RunFolder): UploadJournal {
  const now = () => new Date().toISOString();
  return {
    sent(key, label, size) {
      const attempt = randomUUID();
      // Written before the first byte leaves: a kill at any later moment still finds the attempt.
      run.appendJsonl([{ attempt, key, phase: 'sent', label, ...(size !== undefined ? { size } : {}), at: now() }], ...UPLOADS_JOURNAL);
      return attempt;
    },
    answered(attempt, key, copy) {
      run.appendJsonl([{ attempt, key, phase: 'answered', copy, at: now() }], ...UPLOADS_JOURNAL);
    },
  };
}

/**
 * Every attempt that may have left an unreferenced copy in the target, across all runs of the folder.
 *
 * @example
 * (await unconfirmedUploads(run)).length; // 0 after a migration without lost answers
 */
export async function unconfirmedUploads(run: RunFolder): Promise<UnconfirmedUpload[]> {
  const sent = new Map<string, UploadAttemptLine>();
  const out: UnconfirmedUpload[] = [];
  for await (const line of run.readJsonl<UploadAttemptLine>(...UPLOADS_JOURNAL)) {
    if (!line || typeof line.attempt !== 'string') continue;
    if (line.phase === 'sent') sent.set(line.attempt, line);
    else {
      const s = sent.get(line.attempt);
      sent.delete(line.attempt);
      if (line.copy === 'stored') out.push({ key: line.key, label: s?.label ?? line.key, size: s?.size, at: line.at, why: 'wrong copy stored' });
    }
  }
  for (const s of sent.values()) out.push({ key: s.key, label: s.label ?? s.key, size: s.size, at: s.at, why: 'answer lost' });
  return out.sort((a, b) => a.at.localeCompare(b.at));
}
