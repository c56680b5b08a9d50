/**
 * Document keys are strings compared in code-point order, so numbers in them are zero-padded to sort
 * numerically. `|` separates the parts: ids are `[A-Za-z0-9_.:-]` and never contain it.
 */
export function padPosition(position: number): string {
  return position.toString().padStart(16, '0');
}

export function padRevision(revision: number): string {
  return revision.toString().padStart(12, '0');
}

export function key(...parts: ReadonlyArray<string | number>): string {
  // Concatenation rather than join(): keys are built for every document every event.
  let joined = String(parts[0] ?? '');
  for (let i = 1; i < parts.length; i++) joined += `|${parts[i]}`;
  return joined;
}
