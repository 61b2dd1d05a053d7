/**
 * The built products of a workspace as macOS will judge them: each `.app` and `.dext` bundle under
 * its build folders (and each dext an app embeds), the entitlements it was signed with (codesign,
 * run by the caller's function: a configurable command, trusted workspaces only, never a shell) and
 * the profile embedded in it. A bundle codesign cannot read is kept with the reason.
 */
import { basename } from 'node:path';
import { embeddedDextBundles, embeddedProfilePath, findBuiltBundles, type ProfileCache } from './profileDiscovery';
import type { ProvisioningProfile } from './provisioningProfile';
import { codesignEntitlementsArgs, parseCodesignEntitlements, type SignedEntitlements } from './signedProducts';

export interface BuiltProduct {
  readonly bundle: string;
  /** The bundle's file name, as a target's product is named (`com.example.driver.dext`). */
  readonly product: string;
  readonly signed: SignedEntitlements;
  readonly embedded?: ProvisioningProfile;
}

/** Runs codesign with these arguments and gives its standard output; rejects when it fails. */
export type CodesignRunner = (args: readonly string[]) => Promise<string>;

/** More bundles than this under the build folders are not all read (a build folder of many projects). */
const MAX_BUNDLES = 64;

export async function readBuiltProducts(buildFolders: readonly string[], codesign: CodesignRunner, cache: ProfileCache): Promise<BuiltProduct[]> {
  const bundles: string[] = [];
  for (const folder of buildFolders) {
    for (const bundle of await findBuiltBundles(folder)) {
      bundles.push(bundle);
      if (bundle.endsWith('.app')) bundles.push(...(await embeddedDextBundles(bundle)));
    }
  }
  const out: BuiltProduct[] = [];
  for (const bundle of bundles.slice(0, MAX_BUNDLES)) {
    let signed: SignedEntitlements;
    try {
      signed = parseCodesignEntitlements(await codesign(codesignEntitlementsArgs(bundle)));
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      signed = { ok: false, message: /not signed/i.test(text) ? 'The bundle is not signed.' : `codesign could not read it: ${text.split('\n')[0]}` };
    }
    const read = await cache.load([embeddedProfilePath(bundle)]);
    out.push({ bundle, product: basename(bundle), signed, ...(read.profiles[0] ? { embedded: read.profiles[0] } : {}) });
  }
  return out;
}
