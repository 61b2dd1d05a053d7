/**
 * Reads what a one-shot `lldb --batch` prints for the two commands symbolication uses, in pure code
 * tested on recorded output: `image list -h -u` (where the image's header is, and its UUID) and
 * `image lookup -v -a <address>` (function and source line of an address). lldb echoes each command
 * as `(lldb) <command>` before its output; the echo of a lookup carries the address we asked for.
 */

export interface ImageIdentity {
  /** File address of the image's header (Mach-O: its __TEXT segment; ELF: usually 0). */
  readonly header: bigint;
  /** The UUID (Mach-O LC_UUID, ELF build ID) as lldb prints it. */
  readonly uuid?: string;
}

export interface SourceLocation {
  readonly function?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** `[  0] 0x0000000100000000 7B1C0A52-3E44-…` → the first image's header address and UUID. */
export function parseImageList(output: string): ImageIdentity | undefined {
  const m = /^\s*\[\s*0\]\s+(0x[0-9a-fA-F]+)(?:\s+([0-9A-Fa-f-]{8,}))?/m.exec(output);
  if (!m) return undefined;
  return { header: BigInt(m[1]), uuid: m[2] };
}

/** UUIDs compare without dashes and case (lldb groups a 20-byte ELF build ID differently). */
export function sameUuid(a: string | undefined, b: string | undefined): boolean {
  const norm = (u: string): string => u.replace(/-/g, '').toLowerCase();
  return a !== undefined && b !== undefined && norm(a).length >= 16 && norm(a) === norm(b);
}

/** `path:line[:column]`, the path possibly holding colons itself. */
function fileLine(text: string): { file: string; line: number; column?: number } | undefined {
  const m = /^(.*?):(\d+)(?::(\d+))?$/.exec(text.trim());
  if (!m || !m[1]) return undefined;
  return { file: m[1], line: Number(m[2]), ...(m[3] ? { column: Number(m[3]) } : {}) };
}

/** The output of a run of `image lookup -v -a 0x…` commands → source location per address looked up. */
export function parseLookups(output: string): Map<bigint, SourceLocation> {
  const found = new Map<bigint, SourceLocation>();
  const blocks = output.split(/^\(lldb\) /m);
  for (const block of blocks) {
    const asked = /^image lookup -v -a (0x[0-9a-fA-F]+)\s*$/m.exec(block.split('\n')[0] ?? '');
    if (!asked) continue;
    const address = BigInt(asked[1]);
    const fn = /^\s*Function: .*?name = "((?:[^"\\]|\\.)*)"/m.exec(block)?.[1] ?? /^\s*Symbol: .*?name="((?:[^"\\]|\\.)*)"/m.exec(block)?.[1];
    const lineEntry = /^\s*LineEntry: \[0x[0-9a-fA-F]+-0x[0-9a-fA-F]+\): (.+)$/m.exec(block)?.[1];
    const where = lineEntry ? fileLine(lineEntry) : undefined;
    if (fn || where) found.set(address, { ...(fn ? { function: fn } : {}), ...(where ?? {}) });
  }
  return found;
}
