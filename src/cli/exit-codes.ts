export const EXIT = {
  ok: 0,
  /** Bad usage, a missing store, a failure. */
  error: 1,
  /** `ledger verify`: the hash chains are broken. */
  broken: 2,
} as const;
