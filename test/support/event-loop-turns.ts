/** Counts turns of the event loop (a setImmediate that arms itself again) from now until `stop()`. */
export function countEventLoopTurns(): { readonly turns: number; stop(): void } {
  let turns = 0;
  let counting = true;
  const tick = (): void => {
    turns += 1;
    if (counting) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turns() {
      return turns;
    },
    stop() {
      counting = false;
    },
  };
}
