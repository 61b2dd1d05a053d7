/** Dotted version numbers as DriverKit writes them ("19.0", "21", "22.4.1"). */

/** "21.0" from "21", "21.0" or "21.0.1" (kept as written); undefined for anything else. */
export function dottedVersion(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed || !/^\d+(?:\.\d+){0,2}$/.test(trimmed)) return undefined;
  return trimmed.includes('.') ? trimmed : `${trimmed}.0`;
}

/** Negative, zero or positive as version `a` is older than, the same as or newer than `b` ("21" = "21.0"). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The newer of two versions (either may be missing). */
export function newerVersion(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareVersions(a, b) >= 0 ? a : b;
}

/** The older of two versions (either may be missing). */
export function olderVersion(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareVersions(a, b) <= 0 ? a : b;
}
