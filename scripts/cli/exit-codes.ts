/** The CLI's exit codes: scripts branch on them. */
export const EXIT = {
  OK: 0,
  /** something failed: a server refused, a file is unreadable, a bug */
  ERROR: 1,
  /** the migration ran, and verification found differences */
  VERIFICATION_FAILED: 2,
  /** nothing is wrong, but a person must act first (invite members, choose a policy, approve a plan) */
  NEEDS_ACTION: 3,
  /** the command line or the configuration is wrong */
  USAGE: 4,
} as const;
