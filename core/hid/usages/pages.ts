/**
 * Usage page names of the HID Usage Tables (the public USB-IF document), written as data of our own.
 * Pages 0xFF00–0xFFFF are vendor-defined; every other page missing here is shown as a number.
 */
export const PAGE_NAMES: Readonly<Record<number, string>> = {
  0x00: 'Undefined',
  0x01: 'Generic Desktop',
  0x02: 'Simulation Controls',
  0x03: 'VR Controls',
  0x04: 'Sport Controls',
  0x05: 'Game Controls',
  0x06: 'Generic Device Controls',
  0x07: 'Keyboard/Keypad',
  0x08: 'LED',
  0x09: 'Button',
  0x0a: 'Ordinal',
  0x0b: 'Telephony Device',
  0x0c: 'Consumer',
  0x0d: 'Digitizers',
  0x0e: 'Haptics',
  0x0f: 'Physical Input Device',
  0x10: 'Unicode',
  0x11: 'SoC',
  0x12: 'Eye and Head Trackers',
  0x14: 'Auxiliary Display',
  0x20: 'Sensors',
  0x40: 'Medical Instrument',
  0x41: 'Braille Display',
  0x59: 'Lighting and Illumination',
  0x80: 'Monitor',
  0x81: 'Monitor Enumerated',
  0x82: 'VESA Virtual Controls',
  0x84: 'Power',
  0x85: 'Battery System',
  0x8c: 'Barcode Scanner',
  0x8d: 'Scales',
  0x8e: 'Magnetic Stripe Reader',
  0x90: 'Camera Control',
  0x91: 'Arcade',
  0x92: 'Gaming Device',
  0xf1d0: 'FIDO Alliance',
};

export function isVendorPage(page: number): boolean {
  return page >= 0xff00 && page <= 0xffff;
}
