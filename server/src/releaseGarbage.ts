/**
 * One full garbage collection, for the end of a one-off job that left a lot behind (the initial index
 * of a large workspace, typed in meanwhile): the heap V8 grew for it is given back at once, instead of
 * when the next collections happen to come. node offers `gc` only when started with --expose-gc; the
 * flag set now makes it available in a new context.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collect: (() => void) | undefined;

export function releaseGarbage(): void {
  try {
    if (!collect) {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    }
    collect();
  } catch {
    // A runtime without it: the garbage goes with the next collections, as it would anyway.
  }
}
