/**
 * What a target's build puts into its bundle besides its own code: the files of its copy-files
 * phases (PBXCopyFilesBuildPhase) with where each lands, and whether a run-script phase touches
 * the system extensions folder. A host app embeds its dexts in `Contents/Library/SystemExtensions`:
 * Xcode's "Embed System Extensions" phase writes `dstSubfolderSpec = 16` (products directory) and
 * `dstPath = "$(SYSTEM_EXTENSIONS_FOLDER_PATH)"`; spec 1 (the wrapper) with
 * `Contents/Library/SystemExtensions` reaches the same place.
 */
import { record, strings, text } from './projectObjects';

/** dstSubfolderSpec values (Xcode's PBXCopyFilesBuildPhase destinations). */
const SPEC_WRAPPER = '1';
const SPEC_PRODUCTS = '16';
const SPEC_NAMES: Readonly<Record<string, string>> = { '0': 'an absolute path', '1': 'the app bundle', '6': 'the executables folder', '7': 'Resources', '10': 'Frameworks', '11': 'SharedFrameworks', '12': 'SharedSupport', '13': 'PlugIns', '16': 'the products folder' };
export const SYSTEM_EXTENSIONS_FOLDER = 'Contents/Library/SystemExtensions';

export interface CopiedFile {
  /** The copied file's name, e.g. `com.example.driver.dext`. */
  readonly file: string;
  /** The phase's name as Xcode shows it. */
  readonly phase: string;
  /** Where it lands, in words: `Contents/Library/SystemExtensions`, `PlugIns`, … */
  readonly destination: string;
  readonly intoSystemExtensions: boolean;
}

export interface TargetProducts {
  /** The product's file name (`Host.app`, `com.example.driver.dext`). */
  readonly product?: string;
  readonly copies: readonly CopiedFile[];
  /** A run-script phase names the SystemExtensions folder (a script may embed what no copy phase does). */
  readonly scriptEmbeds: boolean;
}

export function targetProducts(objects: Record<string, unknown>, target: Record<string, unknown>): TargetProducts {
  const product = fileName(objects, target.productReference);
  const copies: CopiedFile[] = [];
  let scriptEmbeds = false;
  for (const phaseId of strings(target.buildPhases)) {
    const phase = record(objects, phaseId);
    if (phase?.isa === 'PBXCopyFilesBuildPhase') copies.push(...copiesOf(objects, phase));
    else if (phase?.isa === 'PBXShellScriptBuildPhase' && /SystemExtensions|SYSTEM_EXTENSIONS_FOLDER_PATH/.test(text(phase.shellScript) ?? '')) scriptEmbeds = true;
  }
  return { ...(product ? { product } : {}), copies, scriptEmbeds };
}

function copiesOf(objects: Record<string, unknown>, phase: Record<string, unknown>): CopiedFile[] {
  const spec = text(phase.dstSubfolderSpec) ?? '';
  const dstPath = (text(phase.dstPath) ?? '').replace(/\/+$/, '');
  const intoSystemExtensions =
    (spec === SPEC_PRODUCTS && /^\$[({]SYSTEM_EXTENSIONS_FOLDER_PATH[)}]$|^\$[({]CONTENTS_FOLDER_PATH[)}]\/Library\/SystemExtensions$/.test(dstPath)) ||
    (spec === SPEC_WRAPPER && /^(?:\.\/)?Contents\/Library\/SystemExtensions$/.test(dstPath));
  const destination = intoSystemExtensions ? SYSTEM_EXTENSIONS_FOLDER : `${SPEC_NAMES[spec] ?? `destination ${spec}`}${dstPath ? ` / ${dstPath}` : ''}`;
  const name = text(phase.name) ?? 'Copy Files';
  return strings(phase.files).flatMap((buildFileId) => {
    const file = fileName(objects, record(objects, buildFileId)?.fileRef);
    return file ? [{ file, phase: name, destination, intoSystemExtensions }] : [];
  });
}

/** The file name a PBXFileReference or PBXReferenceProxy (a product of another project) points at. */
function fileName(objects: Record<string, unknown>, id: unknown): string | undefined {
  const ref = record(objects, id);
  const path = ref ? text(ref.path) ?? text(ref.name) : undefined;
  return path?.split('/').pop();
}
