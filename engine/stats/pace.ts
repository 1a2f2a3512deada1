// Reads of a statistics request in slices, with a turn of the event loop between slices once one has run
// long enough. On the embedded store each statement runs synchronously on the event loop: a district's year
// read in one go held every other request (a grid worker's inbox, a completion) for 200 ms and more. Slices of
// about a few milliseconds keep the longest stall well under the 100 ms the product promises.

/** Milliseconds of reading after which the next slice waits for a turn of the event loop. */
const SLICE_MS = 8;

export interface Pacer {
  /** runs one slice of reading, yielding to the event loop first when the slices so far ran long enough */
  slice<T>(read: () => Promise<T>): Promise<T>;
}

export function pacer(sliceMs = SLICE_MS): Pacer {
  let since = performance.now();
  return {
    async slice(read) {
      if (performance.now() - since >= sliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        since = performance.now();
      }
      return read();
    },
  };
}
