/**
 * Usages of the Keyboard/Keypad page (0x07), from the HID Usage Tables. The letter, digit and
 * function-key runs are built from their first code rather than listed one by one.
 */
const NAMED: Readonly<Record<number, string>> = {
  0x00: 'No Event',
  0x01: 'ErrorRollOver',
  0x02: 'POSTFail',
  0x03: 'ErrorUndefined',
  0x28: 'Return (Enter)',
  0x29: 'Escape',
  0x2a: 'Delete (Backspace)',
  0x2b: 'Tab',
  0x2c: 'Spacebar',
  0x2d: '- and _',
  0x2e: '= and +',
  0x2f: '[ and {',
  0x30: '] and }',
  0x31: '\\ and |',
  0x32: 'Non-US # and ~',
  0x33: '; and :',
  0x34: "' and \"",
  0x35: 'Grave Accent and Tilde',
  0x36: ', and <',
  0x37: '. and >',
  0x38: '/ and ?',
  0x39: 'Caps Lock',
  0x46: 'Print Screen',
  0x47: 'Scroll Lock',
  0x48: 'Pause',
  0x49: 'Insert',
  0x4a: 'Home',
  0x4b: 'Page Up',
  0x4c: 'Delete Forward',
  0x4d: 'End',
  0x4e: 'Page Down',
  0x4f: 'Right Arrow',
  0x50: 'Left Arrow',
  0x51: 'Down Arrow',
  0x52: 'Up Arrow',
  0x53: 'Keypad Num Lock and Clear',
  0x54: 'Keypad /',
  0x55: 'Keypad *',
  0x56: 'Keypad -',
  0x57: 'Keypad +',
  0x58: 'Keypad Enter',
  0x62: 'Keypad 0 and Insert',
  0x63: 'Keypad . and Delete',
  0x64: 'Non-US \\ and |',
  0x65: 'Application',
  0x66: 'Power',
  0x67: 'Keypad =',
  0x74: 'Execute',
  0x75: 'Help',
  0x76: 'Menu',
  0x77: 'Select',
  0x78: 'Stop',
  0x79: 'Again',
  0x7a: 'Undo',
  0x7b: 'Cut',
  0x7c: 'Copy',
  0x7d: 'Paste',
  0x7e: 'Find',
  0x7f: 'Mute',
  0x80: 'Volume Up',
  0x81: 'Volume Down',
  0x82: 'Locking Caps Lock',
  0x83: 'Locking Num Lock',
  0x84: 'Locking Scroll Lock',
  0x85: 'Keypad Comma',
  0x86: 'Keypad Equal Sign',
  0x99: 'Alternate Erase',
  0x9a: 'SysReq/Attention',
  0x9b: 'Cancel',
  0x9c: 'Clear',
  0x9d: 'Prior',
  0x9e: 'Return',
  0x9f: 'Separator',
  0xa0: 'Out',
  0xa1: 'Oper',
  0xa2: 'Clear/Again',
  0xa3: 'CrSel/Props',
  0xa4: 'ExSel',
  0xe0: 'Left Control',
  0xe1: 'Left Shift',
  0xe2: 'Left Alt',
  0xe3: 'Left GUI',
  0xe4: 'Right Control',
  0xe5: 'Right Shift',
  0xe6: 'Right Alt',
  0xe7: 'Right GUI',
};

function build(): Record<number, string> {
  const out: Record<number, string> = { ...NAMED };
  for (let i = 0; i < 26; i++) out[0x04 + i] = `Keyboard ${String.fromCharCode(97 + i)}`;
  for (let i = 0; i < 9; i++) out[0x1e + i] = `Keyboard ${i + 1}`;
  out[0x27] = 'Keyboard 0';
  for (let i = 0; i < 12; i++) out[0x3a + i] = `F${i + 1}`;
  for (let i = 0; i < 9; i++) out[0x59 + i] = `Keypad ${i + 1}`;
  for (let i = 0; i < 12; i++) out[0x68 + i] = `F${i + 13}`;
  for (let i = 0; i < 9; i++) out[0x87 + i] = `International${i + 1}`;
  for (let i = 0; i < 9; i++) out[0x90 + i] = `LANG${i + 1}`;
  return out;
}

export const KEYBOARD: Readonly<Record<number, string>> = build();
