/**
 * A decision recorded in the run folder holds until the user changes it: the members policy chosen once is the one
 * a later plain run uses. And a run that must stop for a known reason (members to invite) writes nothing to the
 * target first: not its data model, not its workflow triggers.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { connect, membersStage, migrate, schemaStage } from '../../sdk/migrate.js';
import { cleanupDirs, migrationOptions, startPair, tempDir } from './helpers.js';

afterAll(cleanupDirs);

describe('decisions recorded in the run folder', () => {
  it('a run stopping for members to invite writes nothing, and a policy chosen at `members` holds for `run`', async () => {
    const pair = await startPair({ records: 150, seed: 4, target: { prefill: 'signup', workflowDelayMs: false } });
    try {
      const runDir = tempDir();
      const target = pair.sandbox.workspace('target');
      const objectsBefore = target.model.objects.length;
      const stopped = await migrate(migrationOptions(pair, runDir, { onUnmatchedMember: undefined }));
      expect(stopped.status).toBe('needs-action');
      // Nothing written: no custom object created, no trigger paused, no record.
      expect(target.model.objects.length).toBe(objectsBefore);
      expect([...target.table('workflowAutomatedTrigger')!.rows.values()].every((t) => !t.deletedAt)).toBe(true);
      expect(target.count('company').active).toBe(5);

      // The user chooses a policy at the members step; a plain run later keeps it.
      const m = await connect(migrationOptions(pair, runDir));
      await schemaStage(m, { apply: false });
      expect((await membersStage(m, { kind: 'empty' })).policy).toEqual({ kind: 'empty' });
      const done = await migrate(migrationOptions(pair, runDir, { onUnmatchedMember: undefined }));
      expect(done.members.policy).toEqual({ kind: 'empty' });
      expect(done.status).toBe('ok');
      expect(target.model.objects.length).toBeGreaterThan(objectsBefore);
    } finally {
      await pair.close();
    }
  }, 90_000);
});
