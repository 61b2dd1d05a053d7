/**
 * Every rule the checker knows, registered once. Code refers to a rule through this catalog
 * (`RULES.superOnRpc`), never by its id string; the id is the stable name users and CI see.
 */
import { cppSyntax, iigSyntax, unparsedRegion } from './source/syntax';
import { unknownAttribute } from './source/unknownAttribute';
import { boolReturn } from './source/boolReturn';
import { dataMember } from './source/dataMember';
import { typeSignatureMismatch, typeUnknownCallback, typeWithoutAction } from './source/typeCallbacks';
import { methodUnimplemented } from './source/methodUnimplemented';
import { missingInclude, unknownBaseClass } from './source/baseClass';
import { overrideSignature, overrideUnknown } from './source/overrides';
import { classInHeader, headerShadowsIig } from './source/classInHeader';
import { implUndeclared } from './source/implUndeclared';
import { missingSuperCall, missingSuperDispatch, superDispatchLocalOnly, superOnRpc } from './source/parentCalls';
import { ivarsFreedInStop, ivarsNotFreed } from './source/ivars';
import { unknownQueue } from './source/queues';
import { structorMacros } from './source/structorMacros';
import { fileBinary, fileTooComplex, fileTooLarge } from './file/fileProblems';
import { plistBinary, plistMalformed, plistNotPlist } from './plist/parseProblems';
import { entitlementInInfo, invalidVersion, missingKey, missingRequiredKey, packageType } from './plist/topLevel';
import { wrongType } from './plist/valueTypes';
import { bundleId, personalityMissingKey, serverName } from './plist/personalityKeys';
import { unknownIoClass, unknownPair, unknownUserClass, userClassBase } from './plist/personalityClasses';
import { pciSyntax, usbCombination } from './plist/matching';
import { missingDriverKit, missingFamily, missingTransport, usbBool } from './entitlements/dextEntitlements';
import { missingEntitlementsFile, usbVendor } from './entitlements/infoPlistEntitlements';
import { userClientAccess } from './entitlements/clientAccess';
import { personalityRequires } from './entitlements/personalityRequires';
import { unreadableProject } from './xcode/unreadableProject';
import { appIdMismatch, certificateExpired, profileExpired, profileExpiring, profileMissing, profileUnreadable, teamMismatch } from './signing/profileRules';
import { developmentVariantInDistribution, developmentVariantMissing, entitlementNotGranted, sandboxKeyInDext } from './signing/entitlementRules';
import { dextNotEmbedded, hostMissingInstall } from './signing/hostRules';
import { hostUserClientAccess } from './signing/hostClientAccess';
import { signedDiffers } from './signing/builtRules';
import type { ProfileFileRule, SigningProjectRule, SigningRule } from './signing/context';
import { deprecatedApi, unavailableApi } from './source/availability';
import { truncatedItem, unknownTag } from './hid/items';
import { unbalancedCollection } from './hid/collections';
import { usageWithoutPage } from './hid/usages';
import { reportIdMissing, reportIdZero, reportNotByteAligned } from './hid/reports';
import { logicalRange } from './hid/logicalRange';
import { reportLength } from './hid/reportLength';
import type { HidRule } from './hid/context';
import { asyncMismatch, noDispatchEntry, scalarCount, selectorOutOfRange, structureSize, type UserClientRule } from './userclient/contractRules';
import { structureOutputDescriptor, tooManyScalars } from './userclient/limitRules';
import { metaClassBase, metaClassPair, superDefine } from './kext/kextClasses';
import { startAfterFailure, stopWithoutSuper } from './kext/lifecycle';
import { kextInvalidVersion, kextMissingKey, kextMissingLibrary, kextPersonalityClass } from './kext/kextPlist';
import type { KextPlistRule, KextSourceRule } from './kext/context';
import { MIGRATION_RULES } from './kext/migrate';
import type { RuleInfo, Severity, SourceRule } from './rule';
import type { ClientEntitlementsRule, EntitlementsRule, InfoPlistRule } from './plist/context';

export type { RuleInfo, Severity };

export const RULES = {
  iigSyntax,
  cppSyntax,
  unknownAttribute,
  dataMember,
  typeWithoutAction,
  methodUnimplemented,
  implUndeclared,
  superDispatchLocalOnly,
  superOnRpc,
  missingSuperDispatch,
  missingSuperCall,
  boolReturn,
  ivarsNotFreed,
  ivarsFreedInStop,
  unknownBaseClass,
  missingInclude,
  overrideUnknown,
  overrideSignature,
  typeUnknownCallback,
  typeSignatureMismatch,
  unknownQueue,
  structorMacros,
  classInHeader,
  headerShadowsIig,
  unavailableApi,
  deprecatedApi,
  plistMalformed,
  plistBinary,
  plistNotPlist,
  missingRequiredKey,
  missingKey,
  invalidVersion,
  packageType,
  wrongType,
  personalityMissingKey,
  unknownUserClass,
  userClassBase,
  unknownPair,
  unknownIoClass,
  bundleId,
  serverName,
  usbCombination,
  pciSyntax,
  entitlementInInfo,
  missingDriverKit,
  missingTransport,
  usbBool,
  usbVendor,
  missingFamily,
  userClientAccess,
  personalityRequires,
  missingEntitlementsFile,
  unreadableProject,
  fileBinary,
  fileTooLarge,
  fileTooComplex,
  unparsedRegion,
  entitlementNotGranted,
  developmentVariantInDistribution,
  developmentVariantMissing,
  sandboxKeyInDext,
  profileMissing,
  profileExpired,
  profileExpiring,
  certificateExpired,
  teamMismatch,
  appIdMismatch,
  hostMissingInstall,
  dextNotEmbedded,
  hostUserClientAccess,
  signedDiffers,
  profileUnreadable,
  hidTruncatedItem: truncatedItem,
  hidUnknownTag: unknownTag,
  hidUnbalancedCollection: unbalancedCollection,
  hidUsageWithoutPage: usageWithoutPage,
  hidReportNotByteAligned: reportNotByteAligned,
  hidReportIdZero: reportIdZero,
  hidReportIdMissing: reportIdMissing,
  hidLogicalRange: logicalRange,
  hidReportLength: reportLength,
  userClientSelectorOutOfRange: selectorOutOfRange,
  userClientNoDispatchEntry: noDispatchEntry,
  userClientScalarCount: scalarCount,
  userClientStructureSize: structureSize,
  userClientAsyncMismatch: asyncMismatch,
  userClientTooManyScalars: tooManyScalars,
  userClientStructureOutputDescriptor: structureOutputDescriptor,
  kextMetaClassBase: metaClassBase,
  kextMetaClassPair: metaClassPair,
  kextSuperDefine: superDefine,
  kextStartAfterFailure: startAfterFailure,
  kextStopWithoutSuper: stopWithoutSuper,
  kextPersonalityClass,
  kextMissingLibrary,
  kextMissingKey,
  kextInvalidVersion,
} as const;

/** The migration hints are records too, one per kext API (core/rules/kext/migrate.ts), made from their table. */
export const ALL_RULES: readonly RuleInfo[] = [...Object.values(RULES), ...MIGRATION_RULES];

const BY_ID = new Map<string, RuleInfo>(ALL_RULES.map((rule) => [rule.id, rule]));

/** The rule of a finding's code (undefined for a code no rule has). */
export function ruleById(id: string): RuleInfo | undefined {
  return BY_ID.get(id);
}

type AnyRule = (typeof RULES)[keyof typeof RULES];
const all: readonly AnyRule[] = [...Object.values(RULES), ...MIGRATION_RULES];

/** The rules each kind of file gets. */
export const SOURCE_RULES: readonly SourceRule[] = all.filter((rule): rule is SourceRule => rule.applies === 'iig' || rule.applies === 'cpp' || rule.applies === 'source');
export const INFO_PLIST_RULES: readonly InfoPlistRule[] = all.filter((rule): rule is InfoPlistRule => rule.applies === 'info-plist');
export const ENTITLEMENTS_RULES: readonly EntitlementsRule[] = all.filter((rule): rule is EntitlementsRule => rule.applies === 'entitlements');
export const HID_RULES: readonly HidRule[] = all.filter((rule): rule is HidRule => rule.applies === 'hid-descriptor');
export const USERCLIENT_RULES: readonly UserClientRule[] = all.filter((rule): rule is UserClientRule => rule.applies === 'userclient');
export const CLIENT_ENTITLEMENTS_RULES: readonly ClientEntitlementsRule[] = all.filter((rule): rule is ClientEntitlementsRule => rule.applies === 'client-entitlements');
export const SIGNING_RULES: readonly SigningRule[] = all.filter((rule): rule is SigningRule => rule.applies === 'signing');
export const SIGNING_PROJECT_RULES: readonly SigningProjectRule[] = all.filter((rule): rule is SigningProjectRule => rule.applies === 'signing-project');
export const PROFILE_RULES: readonly ProfileFileRule[] = all.filter((rule): rule is ProfileFileRule => rule.applies === 'profile');
export const KEXT_SOURCE_RULES: readonly KextSourceRule[] = all.filter((rule): rule is KextSourceRule => rule.applies === 'kext-source');
export const KEXT_PLIST_RULES: readonly KextPlistRule[] = all.filter((rule): rule is KextPlistRule => rule.applies === 'kext-plist');
