/** Appends made before each append scenario's clock starts, by every subject alike (JIT, first pages). */
export const WARMUP_EVENTS = 50;
