/** `--help` text of every subcommand. */
const COMMON = `
Common options:
  --run-dir DIR        run folder (default: runs/migration); re-running a command resumes from it
  --objects a,b        only these objects (plural or singular API names)
  --include-deleted    also migrate soft-deleted records (they are soft-deleted again in the target)
  --on-unmatched-member stop|empty|map:EMAIL
                       what to do with references to source members who have no account in the target
                       (default stop: list who to invite and write nothing)
  --rate-limit N/MS    client-side limit per workspace (default 100/60000, Twenty's own)
  --allow-active-workflows
                       let the target's active workflows fire on imported records (default: their triggers are
                       paused while records are written and restored afterwards; stop with exit 3 if they cannot be)
  --help               this text

Instances come from SOURCE_URL, SOURCE_API_KEY, TARGET_URL, TARGET_API_KEY (environment or .env).
Exit codes: 0 ok, 1 error, 2 verification failed, 3 action needed (e.g. invite members), 4 bad usage or configuration.`;

export const HELP: Record<string, string> = {
  main: `Usage: npx twenty-migrate <command> [options]

Commands (in the migration guide's order):
  schema diff          compare the two data models (guide step 2)
  schema apply         create what the target lacks: custom objects, fields, relations, options [--dry-run]
  members              match workspace members by e-mail; who must be invited (steps 3 and 5)
  export               export every record of every object into the run folder (step 4)
  plan                 import order, deferred relations, skipped objects, warnings (step 6)
  transform            map members, keep ids and dates, validate against the target's schema
  import               write the records into the target (step 7) [--dry-run] [--retry-failed]
  files                copy attachments, avatars and images in note/task bodies (streamed, checksummed, resumable)
  configuration        views, dashboards, workflows (as drafts), roles, webhooks [--dry-run] [--webhook-url OLD=NEW]
  verify               the post-migration checklist; exits 2 when it fails [--sample N]
  run                  all of the above in order [--dry-run] [--skip-schema] [--skip-files] [--skip-configuration]
                       [--allow-active-workflows]
  automations          the target's active workflow triggers, and those this run folder paused [--restore]
  undo                 remove from the target what this run folder created [--dry-run] [--force] [--schema]
  changes              what changed on each side since the migration, and the cutover checklist [--full-scan]
  csv export           one CSV file per source object in Twenty's own export format, with members' e-mails
                       [--objects a,b] [--out DIR]
  csv import           import CSV files (Twenty's exports, or saved again by a spreadsheet) into the target
                       FILE|FOLDER… [--object NAME] [--mapping map.json] [--members members.csv] [--fill-from-source] [--dry-run]
  sync                 bring the target level with what changed in the source since the last export or sync
                       [--on-conflict stop|source|target] [--full-scan] [--delete-missing]

Run "npx twenty-migrate <command> --help" for one command.
${COMMON}`,
  schema: `Usage: npx twenty-migrate schema diff|apply [--dry-run] [--approve ID,ID]

diff   reads both data models and lists each difference with what apply would do.
apply  creates missing custom objects, then fields, then relations, then select options, in an order that works.
       It never deletes or changes an existing target field unless you pass that difference's id with --approve.
       --dry-run prints the planned calls and writes nothing. Afterwards, run "npm run generate".
${COMMON}`,
  members: `Usage: npx twenty-migrate members [--on-unmatched-member stop|empty|map:EMAIL]

Matches source and target workspace members by e-mail (case-insensitive), finds every field that references a member
from the metadata, and says who must be invited to the target before import (exit 3 while some are missing and the
policy is stop).
${COMMON}`,
  export: `Usage: npx twenty-migrate export [--objects a,b] [--include-deleted]

Exports every record of every object worth migrating into <run-dir>/export/<object>.jsonl, at the server's maximum
page size, with a progress bar per object. Synced and system objects that are not migrated are listed with the reason.
Killed at any moment, it resumes where it stopped.
${COMMON}`,
  plan: `Usage: npx twenty-migrate plan

Computes the import order from the relation graph, the relations deferred to break cycles, the skipped objects and
why, and warnings about the target (active workflows and webhooks that API writes would trigger, schema gaps,
unmatched members). Exit 3 when something blocks the import.
${COMMON}`,
  transform: `Usage: npx twenty-migrate transform

Turns exported records into what will be sent: ids, createdAt, updatedAt and createdBy kept, member references
mapped, read-only fields dropped, and every record validated against the target's schema. Invalid records go to
<run-dir>/errors.jsonl with the field, a code and a message.
${COMMON}`,
  import: `Usage: npx twenty-migrate import [--dry-run] [--retry-failed]

Writes the transformed records into the target with batch upserts at its maximum batch size, in plan order. A batch
the server rejects is split to isolate the bad record, which goes to errors.jsonl with the server's message. Every
outcome goes to <run-dir>/import/ledger.jsonl: a re-run never duplicates, a killed run resumes.
${COMMON}`,
  automations: `Usage: npx twenty-migrate automations [--restore]

Lists the target's active workflows that fire on their own (record events, schedules), and the triggers this run
folder paused. run, import, files and configuration pause them while they write and restore them at their end; a run
killed meanwhile leaves them paused until the next command of that run folder ends, or until --restore.
${COMMON}`,
  undo: `Usage: npx twenty-migrate undo [--dry-run] [--force] [--schema]

Takes out of the target what this run folder put in, and nothing else: the records the import created (read from
<run-dir>/import/ledger.jsonl; destroyed, children first) and the views, dashboard layouts, workflows, roles and
webhooks the configuration stage created (<run-dir>/config/created.jsonl). A created record that was changed in the
target after the migration wrote it is kept and listed; --force removes it too. Records merged into records that were
already in the target are put back as they were (from the before-images the import took). --schema also removes the
custom objects and fields the data-model stage created (<run-dir>/schema/created.jsonl), each only when it holds no data
this run did not write. Uploaded files stay in the target's storage (Twenty has no API to delete them). --dry-run lists everything with counts and changes nothing. Every removal goes to <run-dir>/undo/ledger.jsonl:
a killed undo continues, a second undo does nothing. Report: <run-dir>/undo/report.json.
${COMMON}`,
  changes: `Usage: npx twenty-migrate changes [--full-scan]

Read-only. Lists what changed since this run folder's migration: in the source, the records created, updated and
trashed since each object's export started (filtered reads, so the cost grows with the changes); in the target, the
migrated records someone or something changed after the migration wrote them, and the conflicts (changed on both
sides). --full-scan also finds records deleted from the source, by reading every source id (one request per 200
records, said before it starts). Prints the cutover checklist; writes <run-dir>/sync/changes.json. Nothing is written
to either instance: "sync" writes the changes over.
${COMMON}`,
  sync: `Usage: npx twenty-migrate sync [--on-conflict stop|source|target] [--full-scan] [--delete-missing]

After a finished run, and as often as wanted while both instances are in use: brings the target level with what
changed in the source since the last export or sync of this run folder. Records created, updated, trashed and
restored there (found by updatedAt and deletedAt with a 5-minute overlap, so the cost grows with the changes), new
files, and new custom objects and fields go through the same stages as run: ids kept, merges remembered, members
mapped, the target's automations paused while it writes. A record changed in the target after the migration wrote it
and in the source since is a conflict: --on-conflict stop (default) writes nothing for it and lists it in
<run-dir>/sync/conflicts.jsonl with both versions and the fields each side changed (exit 3); source writes the
source's version; target keeps the target's. Records changed only in the target are left alone and reported.
--full-scan also finds records deleted for good in the source (its cost in requests is said first); --delete-missing
moves those to the target's trash (restorable there). Killed, it resumes; a second sync writes nothing. Ends by
reading back every record it touched and printing the cutover checklist. Report: <run-dir>/sync/report.json.
${COMMON}`,
  csv: `Usage: npx twenty-migrate csv export [--objects a,b] [--out DIR]
       npx twenty-migrate csv import FILE|FOLDER… [--object NAME] [--mapping map.json] [--members members.csv] [--fill-from-source] [--dry-run]

csv import needs only TARGET_URL and TARGET_API_KEY (a configured source lends its members' e-mails). It reads the
files Twenty's "Export view" writes, and the same files saved again by Excel, LibreOffice or Google Sheets (BOM or
none, ";" separators, CRLF), recognises each file's object (file name, headers, or --object), maps columns by label
and API name (--mapping overrides; the mapping found is written to <run-dir>/csv/mapping.json to edit), maps member
ids to target members by e-mail (an "… Email" column, the source's members, or --members FILE), and imports in the
order of the relation graph through the same pipeline as run: ids and creation dates kept, validation, the ledger,
resume after a kill, no duplicates on re-runs, verify against the files. No row cap. --dry-run writes nothing.
Columns that map to nothing, values that cannot be read (file, line, column) and what CSV cannot carry are reported.
Relation cells may name a record by a unique value (a company's domain or name, a person's e-mail) instead of its id:
found among the files' rows, else in the target. Ids of records in no file are looked up in the target too. Rows of a
file without an Id column get ids derived from their unique value (or their content), the same on every run.
--fill-from-source (needs SOURCE_URL and SOURCE_API_KEY) takes what the files lack from the source, without
overriding what they say: fields with no column (creation dates, a composite's sub-fields), BlockNote formatting
where the file's Markdown is unchanged, the note/task targets and attachments of the files' records, and the
attachments' files (copied as by run).

csv export:

Writes one file per object of the source, <nameSingular>.csv, byte for byte in the format of Twenty's "⋮ → Export
view" (UTF-8 with BOM, field labels as headers, "Label / Sub-field" for composite fields, "Label Id" for relations,
the leading Id column, its guard against formulas), so Twenty's own importer and spreadsheets read it. Unlike the UI it
writes every field and every record, and puts each member's e-mail next to each member id column ("Account Owner
Email"): the guide's step 5 done. Default folder: <run-dir>/csv.
${COMMON}`,
  verify: `Usage: npx twenty-migrate verify [--sample N]

Checks per object: source count vs what reached the target, relations pointing to existing records, member
assignments, a field-by-field comparison of every record (or N per object), records changed after import, and lists
everything not migrated. Writes <run-dir>/verify/report.md and report.json. Exit 2 when verification fails.
${COMMON}`,
  files: `Usage: npx twenty-migrate files

Copies every file the exported records hold (attachments, person avatars, custom FILES fields) and every file
embedded in note and task bodies: downloaded from the source's signed URL and streamed into the target's upload for
the same field, with size and sha256 recorded in <run-dir>/files/ledger.jsonl. A re-run uploads nothing twice; the
transform then writes the target's file ids and rewrites the body links. Run it after export, before transform.
${COMMON}`,
  configuration: `Usage: npx twenty-migrate configuration [--dry-run] [--webhook-url OLD=NEW ...]

After the records: views (fields, filters, filter groups, sorts, groups, kanban and calendar settings), dashboards
with their tabs and widgets, workflows recreated as drafts with their steps' references mapped, roles with their
permissions, and webhooks — only those given a new URL with --webhook-url (never pointed at the old endpoints).
What an API key cannot do (activate a workflow, assign roles) is written to <run-dir>/config/manual-steps.md.
${COMMON}`,
  run: `Usage: npx twenty-migrate run [--dry-run] [--skip-schema] [--skip-files] [--skip-configuration] [--sample N]
                           [--webhook-url OLD=NEW ...] [--allow-active-workflows]

The whole migration: data model, export, members, plan, files, transform, import, configuration, verify.
--dry-run reads both sides, plans and validates everything, and writes nothing to the target; on this machine it
writes the run folder (manifest.json, schema/, members.json, export/, plan.json, transform/), which the real run
reuses. Exit 3 when a person must act first (members to invite, a policy to choose). Resumes whatever an earlier run in the same --run-dir left unfinished.
Before the first write, the automated triggers of the target's active workflows are paused (soft-deleted; the
workflows stay ACTIVE) so they cannot rewrite imported records, and exactly those are restored at the end, once the
target has handled the last writes. If the key may not pause them, nothing is written and the run exits 3 with the
steps to take (or pass --allow-active-workflows to import while they run).
${COMMON}`,
};
