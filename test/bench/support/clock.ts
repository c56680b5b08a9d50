export function now(): bigint {
  return process.hrtime.bigint();
}

export function secondsSince(startedNs: bigint): number {
  return Number(process.hrtime.bigint() - startedNs) / 1e9;
}
