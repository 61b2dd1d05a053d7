/**
 * Whether a host app embeds its dexts where macOS looks for them: `Contents/Library/SystemExtensions`
 * of the app bundle. Reads the copy-files build phases (PBXCopyFilesBuildPhase) of the app targets
 * from core/xcode/pbxproj's parse of `project.pbxproj`. Xcode's "Embed System Extensions" phase has
 * `dstSubfolderSpec = 16` (products directory) and `dstPath = "$(SYSTEM_EXTENSIONS_FOLDER_PATH)"`;
 * the same place is reached with spec 1 (the wrapper) and `Contents/Library/SystemExtensions`.
 */
import { parseOpenStepPlist } from '../xcode/pbxproj';
import type { Finding } from '../rules/finding';
import { SIGNING_RULES, signingFinding } from './signingRules';

const APPLICATION = 'com.apple.product-type.application';
const DRIVER_EXTENSION = 'com.apple.product-type.driver-extension';
/** dstSubfolderSpec values (Xcode's PBXCopyFilesBuildPhase destinations). */
const SPEC_WRAPPER = '1';
const SPEC_PRODUCTS = '16';
const SPEC_NAMES: Readonly<Record<string, string>> = { '0': 'an absolute path', '1': 'the app bundle', '6': 'the executables folder', '7': 'Resources', '10': 'Frameworks', '11': 'SharedFrameworks', '12': 'SharedSupport', '13': 'PlugIns', '16': 'the products folder' };

export interface CopiedFile {
  /** The copied product's file name, e.g. `com.example.driver.dext`. */
  readonly file: string;
  readonly phase: string;
  /** Where it lands, in words, e.g. `Contents/Library/SystemExtensions` or `PlugIns`. */
  readonly destination: string;
  readonly intoSystemExtensions: boolean;
}

export interface ProjectTarget {
  readonly id: string;
  readonly name: string;
  readonly productType?: string;
  /** The product's file name (`Host.app`, `com.example.driver.dext`). */
  readonly product?: string;
  readonly copies: readonly CopiedFile[];
}

type Objects = Record<string, Record<string, unknown>>;

/** The native targets of a parsed project with their copy-files phases. Unreadable parts are skipped. */
export function projectTargets(pbxprojText: string): ProjectTarget[] {
  let root: unknown;
  try {
    root = parseOpenStepPlist(pbxprojText);
  } catch {
    return []; // the project checks report an unreadable project; nothing to add here
  }
  const objects = isRecord(root) && isRecord(root.objects) ? (root.objects as Objects) : undefined;
  if (!objects) return [];
  const targets: ProjectTarget[] = [];
  for (const [id, object] of Object.entries(objects)) {
    if (!isRecord(object) || object.isa !== 'PBXNativeTarget') continue;
    const product = fileName(objects, text(object.productReference));
    targets.push({
      id,
      name: text(object.name) ?? id,
      ...(text(object.productType) ? { productType: text(object.productType) } : {}),
      ...(product ? { product } : {}),
      copies: strings(object.buildPhases).flatMap((phaseId) => copiesOf(objects, phaseId)),
    });
  }
  return targets;
}

function copiesOf(objects: Objects, phaseId: string): CopiedFile[] {
  const phase = objects[phaseId];
  if (!isRecord(phase) || phase.isa !== 'PBXCopyFilesBuildPhase') return [];
  const spec = text(phase.dstSubfolderSpec) ?? '';
  const dstPath = (text(phase.dstPath) ?? '').replace(/\/+$/, '');
  const intoSystemExtensions =
    (spec === SPEC_PRODUCTS && /^\$[({]SYSTEM_EXTENSIONS_FOLDER_PATH[)}]$|^\$[({]CONTENTS_FOLDER_PATH[)}]\/Library\/SystemExtensions$/.test(dstPath)) ||
    (spec === SPEC_WRAPPER && /^(?:\.\/)?Contents\/Library\/SystemExtensions$/.test(dstPath));
  const destination = intoSystemExtensions ? 'Contents/Library/SystemExtensions' : `${SPEC_NAMES[spec] ?? `destination ${spec}`}${dstPath ? ` / ${dstPath}` : ''}`;
  const name = text(phase.name) ?? 'Copy Files';
  return strings(phase.files).flatMap((buildFileId) => {
    const buildFile = objects[buildFileId];
    const file = isRecord(buildFile) ? fileName(objects, text(buildFile.fileRef)) : undefined;
    return file ? [{ file, phase: name, destination, intoSystemExtensions }] : [];
  });
}

/** The file name a PBXFileReference or PBXReferenceProxy (a product of another project) points at. */
function fileName(objects: Objects, id: string | undefined): string | undefined {
  const ref = id ? objects[id] : undefined;
  const path = isRecord(ref) ? text(ref.path) ?? text(ref.name) : undefined;
  return path?.split('/').pop();
}

/**
 * For each dext target, whether an app target of the same project copies its product into
 * `Contents/Library/SystemExtensions`. A project without app targets is left alone (the host app
 * may live in another project). Findings sit on the dext target's definition in `project.pbxproj`.
 */
export function checkDextsEmbedded(pbxprojPath: string, pbxprojText: string): Finding[] {
  const targets = projectTargets(pbxprojText);
  const apps = targets.filter((t) => t.productType === APPLICATION);
  if (apps.length === 0) return [];
  const out: Finding[] = [];
  for (const dext of targets.filter((t) => t.productType === DRIVER_EXTENSION && t.product)) {
    const copies = apps.flatMap((app) => app.copies.filter((c) => c.file === dext.product).map((c) => ({ app, copy: c })));
    if (copies.some((c) => c.copy.intoSystemExtensions)) continue;
    const elsewhere = copies.map((c) => `${c.app.name}'s "${c.copy.phase}" copies it to ${c.copy.destination}`).join('; ');
    const message = elsewhere
      ? `${dext.product} is not copied into Contents/Library/SystemExtensions of the host app (${elsewhere}), so OSSystemExtensionManager cannot find it. Set the phase's destination to System Extensions.`
      : `No build phase of ${apps.map((a) => a.name).join(' or ')} copies ${dext.product} into Contents/Library/SystemExtensions, so the app's activation request fails with "extension not found". Add it to an "Embed System Extensions" phase.`;
    out.push(signingFinding(SIGNING_RULES.dextNotEmbedded, pbxprojPath, targetSpan(pbxprojText, dext.id), message, { dext: dext.product!, target: dext.name, apps: apps.map((a) => a.name).join(', '), fix: 'add-embed-phase' }));
  }
  return out;
}

/** The `ID /* name *\/ = {` line that defines a target (or the file's start when it is written otherwise). */
function targetSpan(text: string, id: string): { start: number; end: number } {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const definition = new RegExp(`^\\s*${escaped}(?![\\w.])[^\\n]*=\\s*\\{`, 'm').exec(text);
  if (!definition) return { start: 0, end: 0 };
  const start = definition.index + definition[0].indexOf(id);
  return { start, end: start + id.length };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
