/**
 * Appends made before each append scenario's clock starts, by every subject alike (JIT, first pages). With 50,
 * our store's append path was still being optimised by V8 during the measured run: its 1-writer ratio to raw
 * swung between 0.65 and 0.82 over short runs, where longer ones gave 0.84.
 */
export const WARMUP_EVENTS = 1_000;
