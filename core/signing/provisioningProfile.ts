/**
 * A provisioning profile read for real: the CMS envelope opened (cmsEnvelope.ts), the XML plist
 * inside parsed with the checker's own position-aware parser, and the facts the signing checks need
 * kept in a typed record. Bad input (empty, truncated, not CMS, a detached signature, a malformed or
 * binary inner plist, a file far larger than any profile) gives one problem with a plain reason;
 * nothing throws.
 *
 * Profile kinds on macOS, from the keys Apple writes (TN3125 "Inside Code Signing: Provisioning
 * Profiles"): a development profile grants `get-task-allow` and lists `ProvisionedDevices`; a
 * Developer ID profile has `ProvisionsAllDevices`; a Mac App Store profile has neither; an iOS ad hoc
 * profile lists devices without `get-task-allow`.
 */
import { entry, parsePlist, plainValue, type PlistNode } from '../plist/plistXml';
import { openSignedData, summarizeCertificate, type CertificateSummary } from './cmsEnvelope';

/** Real profiles are 5–40 KB; one with thousands of devices stays under 1 MB. */
export const MAX_PROFILE_BYTES = 2 * 1024 * 1024;

export type ProfileKind = 'development' | 'distribution';
export type DistributionMethod = 'development' | 'developer-id' | 'app-store' | 'ad-hoc' | 'enterprise';

export interface ProfileCertificate extends CertificateSummary {}

export interface ProvisioningProfile {
  /** Where it was read from. */
  readonly path: string;
  readonly name: string;
  readonly uuid: string;
  readonly teamIds: readonly string[];
  readonly teamName?: string;
  /** `TEAMID.com.example.app`, `TEAMID.*` or `TEAMID.com.example.*`, from the entitlements. */
  readonly appId?: string;
  /** `OSX`, `iOS`, ... as the profile lists them. */
  readonly platforms: readonly string[];
  /** Epoch milliseconds. */
  readonly created?: number;
  readonly expires?: number;
  readonly kind: ProfileKind;
  readonly method: DistributionMethod;
  readonly provisionedDevices: number;
  /** The provisioned devices' identifiers (UDIDs, or a Mac's provisioning UDID). */
  readonly devices: readonly string[];
  readonly provisionsAllDevices: boolean;
  readonly getTaskAllow: boolean;
  readonly certificates: readonly ProfileCertificate[];
  /** The `Entitlements` dict as plain values (strings, numbers, booleans, arrays, objects). */
  readonly entitlements: Readonly<Record<string, unknown>>;
}

export type ProfileProblemReason = 'unreadable' | 'empty' | 'too-large' | 'not-cms' | 'not-signed-data' | 'no-content' | 'not-plist' | 'malformed-plist' | 'not-a-profile';

export interface ProfileProblem {
  readonly path: string;
  readonly reason: ProfileProblemReason;
  /** One sentence for the user. */
  readonly message: string;
}

export type ProfileRead = { readonly ok: true; readonly profile: ProvisioningProfile } | { readonly ok: false; readonly problem: ProfileProblem };

/** The property list a profile's envelope carries (what `security cms -D -i` prints), or undefined. */
export function profilePlistText(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0 || bytes.length > MAX_PROFILE_BYTES) return undefined;
  const envelope = openSignedData(bytes);
  return envelope.ok ? Buffer.from(envelope.content.buffer, envelope.content.byteOffset, envelope.content.byteLength).toString('utf8') : undefined;
}

/** Decodes one profile file's bytes. `path` is only recorded (and named in problems). */
export function decodeProfile(bytes: Uint8Array, path: string): ProfileRead {
  const fail = (reason: ProfileProblemReason, message: string): ProfileRead => ({ ok: false, problem: { path, reason, message } });
  if (bytes.length === 0) return fail('empty', 'The provisioning profile is empty.');
  if (bytes.length > MAX_PROFILE_BYTES) return profileTooLarge(path, bytes.length);
  const envelope = openSignedData(bytes);
  if (!envelope.ok) {
    const what = envelope.problem === 'not-cms' ? 'is not a signed (CMS) provisioning profile, or it is truncated' : envelope.problem === 'not-signed-data' ? 'is CMS but not signed data' : 'carries no property list';
    return fail(envelope.problem, `The file ${what}: ${envelope.detail}.`);
  }
  const text = Buffer.from(envelope.content.buffer, envelope.content.byteOffset, envelope.content.byteLength).toString('utf8');
  const document = parsePlist(text);
  if (document.problem) {
    const reason = document.problem.code === 'malformed' ? 'malformed-plist' : 'not-plist';
    return fail(reason, `The profile's property list cannot be read: ${document.problem.message}`);
  }
  const root = document.root;
  if (root?.kind !== 'dict') return fail('not-a-profile', 'The signed content is a property list but not a dictionary, so it is no provisioning profile.');
  const uuid = stringAt(root, 'UUID');
  const name = stringAt(root, 'Name');
  if (!uuid || name === undefined) return fail('not-a-profile', 'The signed property list has no UUID or Name, so it is no provisioning profile.');
  return { ok: true, profile: profileFrom(root, path, uuid, name) };
}

/** The answer for a file of `size` bytes over MAX_PROFILE_BYTES (callers that know the size need not read it). */
export function profileTooLarge(path: string, size: number): ProfileRead {
  return { ok: false, problem: { path, reason: 'too-large', message: `The provisioning profile is ${(size / 1024 / 1024).toFixed(1)} MB; real profiles are well under 1 MB, so it is not read.` } };
}

function profileFrom(root: PlistNode, path: string, uuid: string, name: string): ProvisioningProfile {
  const entitlementsNode = entry(root, 'Entitlements')?.value;
  const entitlements = entitlementsNode?.kind === 'dict' ? (plainValue(entitlementsNode) as Record<string, unknown>) : {};
  const devices = entry(root, 'ProvisionedDevices')?.value;
  const provisionedDevices = devices?.kind === 'array' ? devices.items.length : 0;
  const provisionsAllDevices = booleanAt(root, 'ProvisionsAllDevices') === true;
  const getTaskAllow = entitlements['get-task-allow'] === true;
  const appId = typeof entitlements['com.apple.application-identifier'] === 'string'
    ? (entitlements['com.apple.application-identifier'] as string)
    : typeof entitlements['application-identifier'] === 'string' ? (entitlements['application-identifier'] as string) : undefined;
  const teamName = stringAt(root, 'TeamName');
  return {
    path,
    name,
    uuid,
    teamIds: stringsAt(root, 'TeamIdentifier'),
    ...(teamName !== undefined ? { teamName } : {}),
    ...(appId !== undefined ? { appId } : {}),
    platforms: stringsAt(root, 'Platform'),
    ...optionalDate('created', root, 'CreationDate'),
    ...optionalDate('expires', root, 'ExpirationDate'),
    kind: getTaskAllow ? 'development' : 'distribution',
    method: getTaskAllow ? 'development' : provisionsAllDevices ? (isIos(root) ? 'enterprise' : 'developer-id') : provisionedDevices > 0 ? 'ad-hoc' : 'app-store',
    provisionedDevices,
    devices: devices?.kind === 'array' ? devices.items.flatMap((d) => (d.kind === 'string' ? [d.value] : [])) : [],
    provisionsAllDevices,
    getTaskAllow,
    certificates: certificatesAt(root),
    entitlements,
  };
}

function isIos(root: PlistNode): boolean {
  return stringsAt(root, 'Platform').some((p) => p === 'iOS' || p === 'xrOS' || p === 'tvOS' || p === 'watchOS');
}

function stringAt(node: PlistNode, key: string): string | undefined {
  const value = entry(node, key)?.value;
  return value?.kind === 'string' ? value.value : undefined;
}

function booleanAt(node: PlistNode, key: string): boolean | undefined {
  const value = entry(node, key)?.value;
  return value?.kind === 'boolean' ? value.value : undefined;
}

function stringsAt(node: PlistNode, key: string): string[] {
  const value = entry(node, key)?.value;
  if (value?.kind === 'string') return [value.value];
  return value?.kind === 'array' ? value.items.flatMap((item) => (item.kind === 'string' ? [item.value] : [])) : [];
}

function optionalDate<K extends 'created' | 'expires'>(field: K, node: PlistNode, key: string): Partial<Record<K, number>> {
  const value = entry(node, key)?.value;
  const time = value?.kind === 'date' || value?.kind === 'string' ? Date.parse(value.value) : NaN;
  return Number.isNaN(time) ? {} : ({ [field]: time } as Partial<Record<K, number>>);
}

/** DeveloperCertificates: DER certificates as <data>; one that does not decode is left out. */
function certificatesAt(root: PlistNode): ProfileCertificate[] {
  const list = entry(root, 'DeveloperCertificates')?.value;
  if (list?.kind !== 'array') return [];
  const certificates: ProfileCertificate[] = [];
  for (const item of list.items) {
    if (item.kind !== 'data') continue;
    const summary = summarizeCertificate(Buffer.from(item.value, 'base64'));
    if (summary) certificates.push(summary);
  }
  return certificates;
}
