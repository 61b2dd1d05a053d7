/** The part of @lapo/asn1js (a generic BER/DER decoder that ships no types) the signing code uses. */
declare module '@lapo/asn1js' {
  export class ASN1Tag {
    /** 0 universal, 1 application, 2 context-specific, 3 private. */
    readonly tagClass: number;
    readonly tagConstructed: boolean;
    readonly tagNumber: number;
    isUniversal(): boolean;
  }
  export class ASN1 {
    readonly tag: ASN1Tag;
    /** Content length; negative for BER's indefinite form (its absolute value is the length). */
    readonly length: number;
    /** Children of a constructed element (and of an OCTET or BIT STRING that holds ASN.1), else null. */
    readonly sub: ASN1[] | null;
    /** A readable rendering of the content: strings decoded, times as `YYYY-MM-DD HH:MM:SS UTC`, an OID with its name on the next lines. */
    content(maxLength?: number): string | null;
    typeName(): string;
    posStart(): number;
    posContent(): number;
    posEnd(): number;
    /** Throws on malformed input. */
    static decode(data: ArrayLike<number>, offset?: number): ASN1;
  }
}
