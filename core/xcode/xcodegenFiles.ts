/** Loading an XcodeGen spec from disk (the reading itself is pure, in `xcodegen.ts`). */
import { readFile, stat } from 'node:fs/promises';
import type { XcodeProject } from './buildSettings';
import { readXcodeGenSpec } from './xcodegen';
import { readFileOrUndefined } from './xcconfig';

/** The spec's targets, or `undefined` when the file is not a readable XcodeGen spec. */
export async function loadXcodeGenSpec(path: string): Promise<XcodeProject | undefined> {
  try {
    // A regular file of sensible size only: a spec that is a FIFO or a device would never end.
    const info = await stat(path);
    if (!info.isFile() || info.size > 1024 * 1024) return undefined;
    return readXcodeGenSpec(await readFile(path, 'utf8'), path, readFileOrUndefined);
  } catch {
    return undefined;
  }
}
