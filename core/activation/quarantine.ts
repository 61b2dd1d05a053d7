/**
 * The quarantine attribute of a host app (`xattr -p com.apple.quarantine <app>` prints its value,
 * `flags;hex-time;agent;uuid`, e.g. `0083;65a1b2c3;Safari;1F2E…`). Bit 0x40 of the flags is set once
 * the user approved the app in Gatekeeper (`0081` becomes `00c1`). A quarantined host app can make
 * activation fail with OSSystemExtensionErrorDomain code 3 even inside /Applications
 * (rymc.io, "DriverKit, /Applications, and Quarantine", 2021).
 */

export interface QuarantineInfo {
  readonly flags: number;
  /** Still quarantined: the user-approved bit is not set. */
  readonly pending: boolean;
  /** When it was set (epoch ms), and by which app. */
  readonly time?: number;
  readonly agent?: string;
  readonly raw: string;
}

const APPROVED = 0x40;

/** The attribute, or undefined when the output says there is none (empty, `No such xattr`). */
export function parseQuarantine(output: string): QuarantineInfo | undefined {
  const raw = output.trim();
  const m = /^([0-9a-fA-F]{4});([0-9a-fA-F]*);([^;]*)(?:;(.*))?$/.exec(raw);
  if (!m) return undefined;
  const flags = parseInt(m[1], 16);
  const seconds = m[2] ? parseInt(m[2], 16) : NaN;
  return {
    flags,
    pending: (flags & APPROVED) === 0,
    ...(Number.isNaN(seconds) ? {} : { time: seconds * 1000 }),
    ...(m[3] ? { agent: m[3] } : {}),
    raw,
  };
}

/** `xattr` argument arrays: read the value, and remove the attribute from the whole bundle. */
export function quarantineReadArgs(app: string): string[] {
  return ['-p', 'com.apple.quarantine', app];
}

export function quarantineRemoveArgs(app: string): string[] {
  return ['-r', '-d', 'com.apple.quarantine', app];
}
