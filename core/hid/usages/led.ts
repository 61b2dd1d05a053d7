/** Usages of the LED page (0x08), from the HID Usage Tables. */
const NAMES = [
  'Num Lock', 'Caps Lock', 'Scroll Lock', 'Compose', 'Kana', 'Power', 'Shift', 'Do Not Disturb',
  'Mute', 'Tone Enable', 'High Cut Filter', 'Low Cut Filter', 'Equalizer Enable', 'Sound Field On',
  'Surround On', 'Repeat', 'Stereo', 'Sampling Rate Detect', 'Spinning', 'CAV', 'CLV',
  'Recording Format Detect', 'Off-Hook', 'Ring', 'Message Waiting', 'Data Mode', 'Battery Operation',
  'Battery OK', 'Battery Low', 'Speaker', 'Headset', 'Hold', 'Microphone', 'Coverage', 'Night Mode',
  'Send Calls', 'Call Pickup', 'Conference', 'Stand-by', 'Camera On', 'Camera Off', 'On-Line',
  'Off-Line', 'Busy', 'Ready', 'Paper-Out', 'Paper-Jam', 'Remote', 'Forward', 'Reverse', 'Stop',
  'Rewind', 'Fast Forward', 'Play', 'Pause', 'Record', 'Error', 'Usage Selected Indicator',
  'Usage In Use Indicator', 'Usage Multi Mode Indicator', 'Indicator On', 'Indicator Flash',
  'Indicator Slow Blink', 'Indicator Fast Blink', 'Indicator Off', 'Flash On Time',
  'Slow Blink On Time', 'Slow Blink Off Time', 'Fast Blink On Time', 'Fast Blink Off Time',
  'Usage Indicator Color', 'Indicator Red', 'Indicator Green', 'Indicator Amber', 'Generic Indicator',
  'System Suspend', 'External Power Connected',
];

/** The LED usages run without gaps from 0x01 (Num Lock) to 0x4D (External Power Connected). */
export const LED: Readonly<Record<number, string>> = Object.fromEntries(NAMES.map((name, i) => [i + 1, name]));
