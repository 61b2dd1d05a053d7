/**
 * Opens the CMS (PKCS #7) SignedData envelope of a provisioning profile and reads the X.509
 * certificates a profile lists. Apple signs each `.provisionprofile` / `.mobileprovision` as CMS
 * SignedData in BER (indefinite lengths) whose encapsulated content is the XML property list;
 * `security cms -D` prints that content.
 *
 * Decoding is done by @lapo/asn1js, a maintained BER/DER decoder (no native code, no WebCrypto
 * engine, bundles with esbuild as it is). We chose it over @peculiar/asn1-cms + asn1js, which gave
 * typed schemas but took ~1 ms a profile (500 profiles ≈ 550 ms, over the 200 ms budget); lapo's
 * tree of light nodes takes ~0.1 ms. What is left to us is naming the fields of RFC 5652 and RFC 5280
 * by their position in the decoded tree. Nothing here verifies the signature: a profile's trust is
 * the system's business; we read what it grants.
 */
import { createHash } from 'node:crypto';
import { ASN1 } from '@lapo/asn1js';

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_DATA = '1.2.840.113549.1.7.1';
const UNIVERSAL = 0;
const CONTEXT = 2;
const TAG = { integer: 0x02, octetString: 0x04, oid: 0x06, sequence: 0x10, set: 0x11 } as const;

export type EnvelopeProblem = 'not-cms' | 'not-signed-data' | 'no-content';

export type EnvelopeResult =
  | { readonly ok: true; readonly content: Uint8Array }
  | { readonly ok: false; readonly problem: EnvelopeProblem; readonly detail: string };

/** The bytes a SignedData envelope carries (the profile's XML plist), or why there are none. */
export function openSignedData(bytes: Uint8Array): EnvelopeResult {
  // Every DER or BER SEQUENCE starts with 0x30; anything else is not CMS, and the decoder need not try.
  if (bytes.length < 2 || bytes[0] !== 0x30) return { ok: false, problem: 'not-cms', detail: 'it does not start with an ASN.1 SEQUENCE' };
  const root = decode(bytes);
  if (typeof root === 'string') return { ok: false, problem: 'not-cms', detail: root };
  // ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY }
  const [contentType, explicit] = root.sub ?? [];
  if (!is(contentType, UNIVERSAL, TAG.oid)) return { ok: false, problem: 'not-cms', detail: 'it is ASN.1 but no CMS ContentInfo' };
  if (oid(contentType) !== OID_SIGNED_DATA) return { ok: false, problem: 'not-signed-data', detail: `its content type is ${oid(contentType)}, not signed data` };
  // SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE, [0] certificates, [1] crls, signerInfos }
  const signedData = is(explicit, CONTEXT, 0) ? explicit!.sub?.[0] : undefined;
  const encapsulated = signedData?.sub?.[2];
  if (!is(signedData, UNIVERSAL, TAG.sequence) || !is(encapsulated, UNIVERSAL, TAG.sequence)) return { ok: false, problem: 'not-signed-data', detail: 'the signed data has no encapsulated content info' };
  // EncapsulatedContentInfo ::= SEQUENCE { eContentType OID, eContent [0] EXPLICIT OCTET STRING OPTIONAL }
  const [eContentType, eContent] = encapsulated!.sub ?? [];
  if (!is(eContentType, UNIVERSAL, TAG.oid) || oid(eContentType) !== OID_DATA) return { ok: false, problem: 'no-content', detail: 'the signed content is not data' };
  const octets = is(eContent, CONTEXT, 0) ? eContent!.sub?.[0] : undefined;
  if (!is(octets, UNIVERSAL, TAG.octetString)) return { ok: false, problem: 'no-content', detail: 'the envelope carries no content (a detached signature)' };
  return { ok: true, content: octetBytes(bytes, octets!) };
}

/** A primitive OCTET STRING's bytes, or the joined pieces of a constructed one (BER, as streaming signers write). */
function octetBytes(bytes: Uint8Array, node: ASN1): Uint8Array {
  if (!node.tag.tagConstructed) return bytes.subarray(node.posContent(), node.posContent() + Math.abs(node.length));
  return Buffer.concat((node.sub ?? []).map((piece) => octetBytes(bytes, piece)));
}

function decode(bytes: Uint8Array): ASN1 | string {
  // The decoder probes every OCTET and BIT STRING for nested ASN.1 (the profile's XML, the signature)
  // and throws and catches an Error each time one is not: capturing those stacks was most of a
  // profile's decoding time. Nothing here reads a stack, so none is captured while decoding.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return ASN1.decode(bytes);
  } catch (error) {
    // Malformed lengths, truncation, and (for hostile nesting) a RangeError from the recursion.
    const text = error instanceof Error ? error.message : String(error);
    return text.split('\n')[0].slice(0, 200);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function is(node: ASN1 | undefined, tagClass: number, tagNumber: number): boolean {
  return node !== undefined && node.tag.tagClass === tagClass && node.tag.tagNumber === tagNumber;
}

/** The dotted OID (lapo appends the OID's name on further lines). */
function oid(node: ASN1 | undefined): string {
  return (node?.content() ?? '').split('\n')[0];
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

const SUBJECT_FIELDS: Readonly<Record<string, 'commonName' | 'organizationalUnit' | 'organization'>> = {
  '2.5.4.3': 'commonName',
  '2.5.4.11': 'organizationalUnit',
  '2.5.4.10': 'organization',
};

/** The subject and validity of one DER X.509 certificate, or undefined when it is not one. */
export function summarizeCertificate(der: Uint8Array): CertificateSummary | undefined {
  if (der.length < 2 || der[0] !== 0x30) return undefined;
  const certificate = decode(der);
  if (typeof certificate === 'string') return undefined;
  // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signature }
  // TBSCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature, issuer, validity, subject, ... }
  const tbs = certificate.sub?.[0];
  if (!is(tbs, UNIVERSAL, TAG.sequence) || !tbs!.sub) return undefined;
  const first = is(tbs!.sub[0], CONTEXT, 0) ? 1 : 0;
  const validity = tbs!.sub[first + 3];
  const subject = tbs!.sub[first + 4];
  if (!is(tbs!.sub[first], UNIVERSAL, TAG.integer) || !is(validity, UNIVERSAL, TAG.sequence) || !is(subject, UNIVERSAL, TAG.sequence)) return undefined;
  const notBefore = time(validity!.sub?.[0]);
  const notAfter = time(validity!.sub?.[1]);
  if (notBefore === undefined || notAfter === undefined) return undefined;
  const fields: Partial<Record<'commonName' | 'organizationalUnit' | 'organization', string>> = {};
  // Name ::= SEQUENCE OF SET OF SEQUENCE { type OID, value ANY }
  for (const rdn of subject!.sub ?? []) {
    for (const attribute of is(rdn, UNIVERSAL, TAG.set) ? rdn.sub ?? [] : []) {
      const [type, value] = attribute.sub ?? [];
      const field = is(type, UNIVERSAL, TAG.oid) ? SUBJECT_FIELDS[oid(type)] : undefined;
      if (field && value && fields[field] === undefined) fields[field] = value.content() ?? '';
    }
  }
  return {
    commonName: fields.commonName ?? '',
    ...(fields.organizationalUnit !== undefined ? { organizationalUnit: fields.organizationalUnit } : {}),
    ...(fields.organization !== undefined ? { organization: fields.organization } : {}),
    notBefore,
    notAfter,
    sha1: createHash('sha1').update(der).digest('hex').toUpperCase(),
  };
}

/** UTCTime / GeneralizedTime, which lapo renders as `YYYY-MM-DD HH:MM[:SS[.fff]] UTC`. */
function time(node: ASN1 | undefined): number | undefined {
  if (!node || !node.tag.isUniversal() || (node.tag.tagNumber !== 0x17 && node.tag.tagNumber !== 0x18)) return undefined;
  let text: string | null;
  try {
    text = node.content();
  } catch {
    return undefined;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)? UTC$/.exec(text ?? '');
  if (!m) return undefined;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0);
}
