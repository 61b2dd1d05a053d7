/**
 * Opens the CMS (PKCS #7) SignedData envelope of a provisioning profile and the X.509 certificates
 * a profile lists. Apple signs each `.provisionprofile` / `.mobileprovision` as DER CMS SignedData
 * whose encapsulated content is the XML property list; `security cms -D` prints that content.
 *
 * The ASN.1 work is done by @peculiar/asn1-cms and @peculiar/asn1-x509 (schema classes over asn1js):
 * maintained, pure JavaScript, no native code and no WebCrypto engine to set up, so they bundle into
 * the server and the CLI with esbuild as they are. Nothing here verifies the signature: a profile's
 * trust is the system's business; we read what it grants.
 */
import { createHash } from 'node:crypto';
import { ContentInfo, id_data, id_signedData, SignedData } from '@peculiar/asn1-cms';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { fromBER, OctetString as BerOctetString } from 'asn1js';

export type EnvelopeProblem = 'not-cms' | 'not-signed-data' | 'no-content';

export type EnvelopeResult =
  | { readonly ok: true; readonly content: Uint8Array }
  | { readonly ok: false; readonly problem: EnvelopeProblem; readonly detail: string };

/** The bytes a SignedData envelope carries (the profile's XML plist), or why there are none. */
export function openSignedData(bytes: Uint8Array): EnvelopeResult {
  // Every DER or BER SEQUENCE starts with 0x30; anything else is not CMS, and asn1js need not try.
  if (bytes.length < 2 || bytes[0] !== 0x30) return { ok: false, problem: 'not-cms', detail: 'it does not start with an ASN.1 SEQUENCE' };
  let info: ContentInfo;
  let signed: SignedData;
  try {
    info = AsnConvert.parse(bytes, ContentInfo);
  } catch (error) {
    return { ok: false, problem: 'not-cms', detail: reason(error) };
  }
  if (info.contentType !== id_signedData) return { ok: false, problem: 'not-signed-data', detail: `its content type is ${info.contentType}, not signed data (${id_signedData})` };
  try {
    signed = AsnConvert.parse(info.content, SignedData);
  } catch (error) {
    return { ok: false, problem: 'not-signed-data', detail: reason(error) };
  }
  const encapsulated = signed.encapContentInfo;
  if (encapsulated.eContentType !== id_data) return { ok: false, problem: 'no-content', detail: `the signed content type is ${encapsulated.eContentType}, not data` };
  const content = encapsulated.eContent;
  if (content?.single) return { ok: true, content: new Uint8Array(content.single.buffer) };
  if (content?.any) {
    // BER with a constructed OCTET STRING (what streaming signers such as `openssl cms -stream`
    // write): asn1js joins the pieces.
    const joined = constructedOctets(content.any);
    if (joined) return { ok: true, content: joined };
  }
  return { ok: false, problem: 'no-content', detail: 'the envelope carries no content (a detached signature)' };
}

function constructedOctets(buffer: ArrayBuffer): Uint8Array | undefined {
  const parsed = fromBER(buffer);
  if (parsed.offset === -1 || !(parsed.result instanceof BerOctetString)) return undefined;
  return new Uint8Array(parsed.result.getValue());
}

function reason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 200);
}

export interface CertificateSummary {
  /** The subject's common name, e.g. `Apple Development: Jane Doe (ABCDE12345)`. */
  readonly commonName: string;
  /** The subject's organisational unit: Apple puts the team id there. */
  readonly organizationalUnit?: string;
  readonly organization?: string;
  /** Validity, as epoch milliseconds. */
  readonly notBefore: number;
  readonly notAfter: number;
  /** Upper-case hex SHA-1 of the DER certificate: how Keychain Access and Xcode name a certificate. */
  readonly sha1: string;
}

const CN = '2.5.4.3';
const OU = '2.5.4.11';
const O = '2.5.4.10';

/** The subject and validity of one DER X.509 certificate, or undefined when it is not one. */
export function summarizeCertificate(der: Uint8Array): CertificateSummary | undefined {
  let certificate: Certificate;
  try {
    certificate = AsnConvert.parse(der, Certificate);
  } catch {
    return undefined;
  }
  const tbs = certificate.tbsCertificate;
  const subject = new Map<string, string>();
  for (const rdn of tbs.subject) for (const attribute of rdn) if (!subject.has(attribute.type)) subject.set(attribute.type, attribute.value.toString());
  return {
    commonName: subject.get(CN) ?? '',
    ...(subject.has(OU) ? { organizationalUnit: subject.get(OU) } : {}),
    ...(subject.has(O) ? { organization: subject.get(O) } : {}),
    notBefore: tbs.validity.notBefore.getTime().getTime(),
    notAfter: tbs.validity.notAfter.getTime().getTime(),
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
  };
}
