/**
 * Whether a provisioning profile's entitlement value covers the value a target asks for: the
 * comparison Xcode makes before it signs ("Provisioning profile … doesn't match the entitlements
 * file's value for …"). The profile's value is an allow-list:
 * - `*` covers anything; a string ending in `*` covers strings with that prefix (`TEAM.*`);
 * - a boolean `true` covers `true`; asking for `false` asks for nothing;
 * - numbers and numeric strings compare by value (`1234`, `"1234"`, `"0x4d2"`);
 * - an array asked for is covered item by item by the profile's array (or scalar);
 * - a dict asked for is covered by a profile dict whose every key it has with a covered value:
 *   `{idVendor: 1234}` covers `{idVendor: 1234, idProduct: 5}`, as the USB transport entitlement is
 *   granted per vendor.
 *
 * DriverKit entitlements come in two forms (Apple DTS, developer.apple.com/forums/thread/809202):
 * a "development" form every paid team may use, available only to development-signed builds and
 * matching any hardware, and the approved form granted per team with explicit values. The
 * development form is the one whose value holds a `*` (e.g. transport.usb `[{idVendor: "*"}]`);
 * a distribution profile never grants it, and a TestFlight/distribution profile of an App ID that
 * only has the development capability lacks the DriverKit keys entirely (thread/792031).
 */

export type Coverage =
  | { readonly granted: true }
  | { readonly granted: false; /** Readable renderings of what is asked for and not granted. */ readonly missing: readonly string[] };

const GRANTED: Coverage = { granted: true };

export function coverage(requested: unknown, allowed: unknown): Coverage {
  if (allowed === undefined) return { granted: false, missing: [render(requested)] };
  if (requested === false) return GRANTED;
  if (Array.isArray(requested)) {
    const missing = requested.filter((item) => !covers(allowed, item)).map(render);
    return missing.length === 0 ? GRANTED : { granted: false, missing };
  }
  return covers(allowed, requested) ? GRANTED : { granted: false, missing: [render(requested)] };
}

/** Whether the allowed value (scalar, array of alternatives, or dict) covers one requested value. */
function covers(allowed: unknown, requested: unknown): boolean {
  if (allowed === '*') return true;
  if (Array.isArray(allowed)) {
    if (Array.isArray(requested)) return requested.every((item) => allowed.some((a) => covers(a, item)));
    return allowed.some((a) => covers(a, requested));
  }
  if (isDict(allowed)) {
    if (!isDict(requested)) return false;
    return Object.entries(allowed).every(([key, value]) => key in requested && covers(value, requested[key]));
  }
  if (typeof allowed === 'boolean') return allowed === true && (requested === true || requested === false);
  const a = scalar(allowed);
  const r = scalar(requested);
  if (a === undefined || r === undefined) return false;
  if (typeof a === 'number' || typeof r === 'number') return a === r;
  if (a.endsWith('*')) return r.startsWith(a.slice(0, -1));
  return a === r;
}

/** Numbers and numeric strings as numbers; hex strings compare case-blind; other strings trimmed. */
function scalar(value: unknown): string | number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (/^0x[0-9a-f]+$/i.test(text)) return parseInt(text.slice(2), 16);
  return /^0x/i.test(text) ? text.toLowerCase() : text;
}

function isDict(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value is a DriverKit entitlement's development form: a `*` anywhere in it. */
export function isDevelopmentForm(value: unknown): boolean {
  if (value === '*') return true;
  if (Array.isArray(value)) return value.some(isDevelopmentForm);
  if (isDict(value)) return Object.values(value).some(isDevelopmentForm);
  return false;
}

/** `{idVendor: 1234}`, `["com.example.driver"]`, `true` — short, for messages. */
export function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (isDict(value)) return `{${Object.entries(value).map(([k, v]) => `${k}: ${render(v)}`).join(', ')}}`;
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * What the target could ask for instead, within the profile's grant: the requested items the
 * profile covers when some are covered, else the profile's own explicit value (its approved form).
 * Undefined when the profile grants nothing for the key or only a pattern (nothing concrete to write).
 */
export function grantedPart(requested: unknown, allowed: unknown): unknown {
  if (allowed === undefined) return undefined;
  if (Array.isArray(requested)) {
    const covered = requested.filter((item) => covers(allowed, item));
    if (covered.length > 0 && covered.length < requested.length) return covered;
  }
  if (isDevelopmentForm(allowed) || (typeof allowed === 'string' && allowed.endsWith('*'))) return undefined;
  if (Array.isArray(requested) && !Array.isArray(allowed)) return [allowed];
  return allowed;
}
