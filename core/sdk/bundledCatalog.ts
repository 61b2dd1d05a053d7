/**
 * The catalog shipped with the extension: one JSON file per DriverKit framework (facts from Apple's
 * documentation and the open-source headers, descriptions in our own words). esbuild inlines them.
 */
import type { CatalogFile, SdkClass } from './catalogTypes';
import AudioDriverKit from './catalog/AudioDriverKit.json';
import BlockStorageDeviceDriverKit from './catalog/BlockStorageDeviceDriverKit.json';
import DriverKit from './catalog/DriverKit.json';
import HIDDriverKit from './catalog/HIDDriverKit.json';
import MIDIDriverKit from './catalog/MIDIDriverKit.json';
import NetworkingDriverKit from './catalog/NetworkingDriverKit.json';
import PCIDriverKit from './catalog/PCIDriverKit.json';
import SCSIControllerDriverKit from './catalog/SCSIControllerDriverKit.json';
import SCSIPeripheralsDriverKit from './catalog/SCSIPeripheralsDriverKit.json';
import SerialDriverKit from './catalog/SerialDriverKit.json';
import USBDriverKit from './catalog/USBDriverKit.json';
import USBSerialDriverKit from './catalog/USBSerialDriverKit.json';
import { SdkCatalog } from './sdkCatalog';

export const CATALOG_FILES: readonly CatalogFile[] = [
  DriverKit,
  HIDDriverKit,
  USBDriverKit,
  SerialDriverKit,
  USBSerialDriverKit,
  NetworkingDriverKit,
  PCIDriverKit,
  AudioDriverKit,
  MIDIDriverKit,
  SCSIControllerDriverKit,
  SCSIPeripheralsDriverKit,
  BlockStorageDeviceDriverKit,
] as CatalogFile[];

export function bundledClasses(): SdkClass[] {
  return CATALOG_FILES.flatMap((file) => file.classes.map((cls) => ({ ...cls, framework: file.framework })));
}

let bundled: SdkCatalog | undefined;

export function bundledCatalog(): SdkCatalog {
  bundled ??= new SdkCatalog(bundledClasses());
  return bundled;
}
