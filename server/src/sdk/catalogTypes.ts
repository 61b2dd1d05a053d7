/** The shape of SDK knowledge, whether bundled with the extension or read from an installed SDK. */
export type SdkMethodKind = 'rpc' | 'localonly';

export interface SdkMethod {
  readonly name: string;
  readonly returnType: string;
  /** Each parameter as written in a declaration, e.g. "IOService * provider". */
  readonly parameters: readonly string[];
  readonly kind: SdkMethodKind;
  readonly summary?: string;
}

export interface SdkClass {
  readonly name: string;
  readonly superclass?: string;
  readonly framework: string;
  readonly summary?: string;
  readonly methods: readonly SdkMethod[];
  /** true when only some of the class's methods are listed: a name not found proves nothing. */
  readonly partial?: boolean;
}
