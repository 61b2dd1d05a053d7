/**
 * Real provisioning profiles for the tests: an XML plist built from a spec, signed with `openssl cms
 * -sign` (DER CMS SignedData, the shape Apple ships) by a self-signed certificate made with `openssl
 * req -x509`; the profile's DeveloperCertificates are certificates made the same way.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProfileSpec {
  name: string;
  uuid: string;
  team?: string;
  /** Without the team prefix: `com.example.driver`, `*`, `com.example.*`. */
  bundleId?: string;
  /** Added to the Entitlements dict as raw plist XML (`<key>…</key><true/>…`). */
  entitlementsXml?: string;
  created: Date;
  expires: Date;
  development?: boolean;
  /** Developer ID: ProvisionsAllDevices. Ignored for development profiles. */
  allDevices?: boolean;
  platform?: string;
  /** Base64 DER certificates for DeveloperCertificates. */
  certificates?: string[];
  /** Text that replaces the whole plist (for malformed-plist tests). */
  rawPlist?: string;
}

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function profilePlist(spec: ProfileSpec): string {
  if (spec.rawPlist !== undefined) return spec.rawPlist;
  const team = spec.team ?? 'ABCDE12345';
  const appId = `${team}.${spec.bundleId ?? 'com.example.driver'}`;
  const development = spec.development ?? true;
  const devices = development ? '<key>ProvisionedDevices</key><array><string>00008103-000A1B2C3D4E5F60</string></array>' : spec.allDevices ? '<key>ProvisionsAllDevices</key><true/>' : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>AppIDName</key><string>${escape(spec.name)} App ID</string>
	<key>ApplicationIdentifierPrefix</key><array><string>${team}</string></array>
	<key>CreationDate</key><date>${iso(spec.created)}</date>
	<key>Platform</key><array><string>${spec.platform ?? 'OSX'}</string></array>
	<key>DeveloperCertificates</key>
	<array>${(spec.certificates ?? []).map((c) => `<data>${c}</data>`).join('')}</array>
	<key>Entitlements</key>
	<dict>
		<key>com.apple.application-identifier</key><string>${appId}</string>
		<key>com.apple.developer.team-identifier</key><string>${team}</string>
		${development ? '<key>get-task-allow</key><true/>' : ''}
		<key>keychain-access-groups</key><array><string>${team}.*</string></array>
		${spec.entitlementsXml ?? ''}
	</dict>
	<key>ExpirationDate</key><date>${iso(spec.expires)}</date>
	<key>Name</key><string>${escape(spec.name)}</string>
	${devices}
	<key>TeamIdentifier</key><array><string>${team}</string></array>
	<key>TeamName</key><string>Example Team</string>
	<key>TimeToLive</key><integer>365</integer>
	<key>UUID</key><string>${spec.uuid}</string>
	<key>Version</key><integer>1</integer>
</dict>
</plist>
`;
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A folder with the signing key and certificate; everything it makes lands there too. */
export class ProfileFactory {
  readonly dir: string;
  private readonly key: string;
  private readonly cert: string;
  private count = 0;

  constructor(dir = mkdtempSync(join(tmpdir(), 'driverkit-profiles-'))) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
    this.key = join(dir, 'signer-key.pem');
    this.cert = join(dir, 'signer-cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', this.key, '-out', this.cert, '-days', '3650', '-subj', '/CN=Apple iPhone OS Provisioning Profile Signing/O=Example Signing/C=US'], { stdio: 'ignore' });
  }

  /** A DER certificate (base64) like those in DeveloperCertificates. */
  certificate(commonName: string, team: string, days: number): string {
    const base = join(this.dir, `cert-${++this.count}`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${base}.key`, '-outform', 'DER', '-out', `${base}.der`, '-days', String(days), '-subj', `/UID=${team}/CN=${commonName}/OU=${team}/O=Example Team/C=US`], { stdio: 'ignore' });
    return readFileSync(`${base}.der`).toString('base64');
  }

  /** A DER certificate (base64) whose validity ended a day ago (openssl x509 -days -1). */
  expiredCertificate(commonName: string, team: string): string {
    const base = join(this.dir, `cert-${++this.count}`);
    execFileSync('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/UID=${team}/CN=${commonName}/OU=${team}/O=Example Team/C=US`], { stdio: 'ignore' });
    execFileSync('openssl', ['x509', '-req', '-in', `${base}.csr`, '-signkey', `${base}.key`, '-days', '-1', '-outform', 'DER', '-out', `${base}.der`], { stdio: 'ignore' });
    return readFileSync(`${base}.der`).toString('base64');
  }

  /** Signs `spec`'s plist into `<dir>/<file>` and returns the path. `stream` writes BER with a constructed OCTET STRING. */
  profile(spec: ProfileSpec, file = `${spec.uuid}.provisionprofile`, options: { stream?: boolean; folder?: string } = {}): string {
    const { plist, out } = this.paths(file, options.folder);
    writeFileSync(plist, profilePlist(spec));
    execFileSync('openssl', this.signArgs(plist, out, options.stream), { stdio: 'ignore' });
    return out;
  }

  async profileAsync(spec: ProfileSpec, file: string, folder: string): Promise<string> {
    const { plist, out } = this.paths(file, folder);
    writeFileSync(plist, profilePlist(spec));
    await run('openssl', this.signArgs(plist, out, false));
    return out;
  }

  private paths(file: string, folder = this.dir): { plist: string; out: string } {
    mkdirSync(folder, { recursive: true });
    return { plist: join(this.dir, `${file}.plist`), out: join(folder, file) };
  }

  private signArgs(plist: string, out: string, stream = false): string[] {
    return ['cms', '-sign', '-nodetach', '-binary', ...(stream ? ['-stream'] : []), '-outform', 'DER', '-in', plist, '-signer', this.cert, '-inkey', this.key, '-out', out];
  }
}

export const DAY = 24 * 60 * 60 * 1000;
