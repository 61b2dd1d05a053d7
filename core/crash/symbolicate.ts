/**
 * Symbolication of the dext's own frames through lldb, against the built dext and its dSYM: a
 * one-shot `lldb --batch --no-lldbinit` with argument arrays (no shell). No text from the report or
 * the workspace ever becomes lldb command text: lldb is pointed at a symbolic link with a fixed name
 * in a fresh temporary folder (`<tmp>/driverkit-symbols-XXXXXX/dext`, and `dext.dSYM`), and the
 * commands hold only that path and addresses we format from numbers. Two runs: the first asks where
 * the image's header is and what its UUID is (a build that is not the one that crashed is refused),
 * the second looks up each address (header + the frame's offset; a caller's return address minus 1,
 * so the line is the call's).
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DextBinary } from '../dext/bundle';
import { runCommand } from '../tools/runCommand';
import type { CrashReport, Frame } from './crashReport';
import { parseImageList, parseLookups, sameUuid, type SourceLocation } from './lldbOutput';

export interface Symbolication {
  /** Frame index → where it is in the source. */
  readonly frames: ReadonlyMap<number, SourceLocation>;
  /** Why frames are not (all) symbolicated, in plain words. */
  readonly problem?: string;
  /** The binary used, for the report's footer. */
  readonly binary?: DextBinary;
}

const LLDB_TIMEOUT_MS = 30_000;

/** Only these characters go into a path in lldb command text; anything else means /tmp is used. */
const SAFE_PATH = /^[A-Za-z0-9/._-]+$/;

function scratchFolder(): string {
  const base = SAFE_PATH.test(tmpdir()) ? tmpdir() : '/tmp';
  return mkdtempSync(join(base, 'driverkit-symbols-'));
}

/** The frames of the crashed thread that are in the dext's own image. */
export function dextFrames(report: CrashReport, binary: DextBinary): Frame[] {
  const name = binary.executable.slice(binary.executable.lastIndexOf('/') + 1);
  return (report.crashedThread?.frames ?? []).filter((f) => f.image && f.imageOffset !== undefined && (f.image.name === name || f.image.path?.endsWith(`/${name}`) || (f.image.bundleId !== undefined && f.image.bundleId === binary.bundleId)));
}

export async function symbolicate(report: CrashReport, binary: DextBinary, lldbPath: string): Promise<Symbolication> {
  const frames = dextFrames(report, binary);
  if (frames.length === 0) return { frames: new Map(), binary, problem: 'no frame of the crashed thread is in the dext itself' };
  const dir = scratchFolder();
  try {
    const target = join(dir, 'dext');
    symlinkSync(binary.executable, target);
    const commands = [`target create "${target}"`];
    if (binary.dsym) {
      symlinkSync(binary.dsym, join(dir, 'dext.dSYM'));
      commands.push(`target symbols add "${join(dir, 'dext.dSYM')}"`);
    }
    const run = (more: string[]): Promise<string> =>
      runCommand(lldbPath, ['--batch', '--no-lldbinit', ...[...commands, ...more].flatMap((c) => ['-o', c])], { timeoutMs: LLDB_TIMEOUT_MS, cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const identity = parseImageList(await run(['image list -h -u']));
    if (!identity) return { frames: new Map(), binary, problem: `lldb could not read ${binary.executable}` };
    const crashedUuid = frames[0].image?.uuid;
    if (crashedUuid && identity.uuid && !sameUuid(crashedUuid, identity.uuid)) {
      return { frames: new Map(), binary, problem: `${binary.executable} is another build than the one that crashed (its UUID is ${identity.uuid}, the report's ${crashedUuid}): build the version that crashed, or point the symbol folders at it` };
    }
    const addresses = new Map<number, bigint>();
    for (const f of frames) addresses.set(f.index, identity.header + BigInt(f.imageOffset!) - (f.index > 0 ? 1n : 0n));
    const looked = parseLookups(await run([...new Set(addresses.values())].map((a) => `image lookup -v -a 0x${a.toString(16)}`)));
    const located = new Map<number, SourceLocation>();
    for (const [index, address] of addresses) {
      const where = looked.get(address);
      if (where) located.set(index, where);
    }
    const unsourced = frames.filter((f) => located.get(f.index)?.file === undefined).length;
    return {
      frames: located,
      binary,
      ...(unsourced === frames.length ? { problem: `lldb found no line information for the dext's frames in ${binary.dsym ?? binary.executable} (build with debug information, and keep the .dSYM beside the .dext)` } : {}),
    };
  } catch (error) {
    return { frames: new Map(), binary, problem: `lldb could not symbolicate: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
