/** Report layout: whole bytes per report, Report IDs from 1, and IDs on every report or on none. */
import { reportName } from '../../hid/describe';
import { finding, type Finding } from '../finding';
import { eachDescriptor, itemSpan, readToEnd, trustedItems, type HidRule } from './context';

export const reportNotByteAligned: HidRule = {
  id: 'hid.report-not-byte-aligned',
  severity: 'warning',
  summary: 'A report whose fields (Report Size × Report Count) do not add up to a whole number of bytes.',
  applies: 'hid-descriptor',
  local: true,
  check: eachDescriptor((found, path) => {
    if (!readToEnd(found)) return [];
    return found.decoded.reports.flatMap((report) => {
      const spare = report.bits % 8;
      if (spare === 0) return [];
      const last = report.fields[report.fields.length - 1];
      const missing = 8 - spare;
      return [
        finding(
          reportNotByteAligned,
          path,
          itemSpan(found, last),
          `${reportName(report.direction, report.id)} adds up to ${report.bits} bits, not a whole number of bytes: its last byte holds ${spare} bit${spare === 1 ? '' : 's'} of fields and ${missing} that no field describes. Pad it with a constant field of ${missing} bit${missing === 1 ? '' : 's'} (Report Size ${missing}, Report Count 1, ${report.direction} (Constant)) after this item.`,
        ),
      ];
    });
  }),
};

export const reportIdZero: HidRule = {
  id: 'hid.report-id-zero',
  severity: 'error',
  summary: 'Report ID 0, which HID 1.11 reserves (IDs run from 1 to 255).',
  applies: 'hid-descriptor',
  local: true,
  check: eachDescriptor((found, path) => {
    const out: Finding[] = [];
    const trusted = trustedItems(found);
    for (let i = 0; i < trusted; i++) {
      const { item, global } = found.decoded.items[i];
      if (item.name !== 'Report ID' || global.reportId !== 0) continue;
      out.push(finding(reportIdZero, path, itemSpan(found, i), 'Report ID 0 is reserved: a report with an ID starts with that byte, and 0 there means "no ID" to the host. Number reports from 1.'));
    }
    return out;
  }),
};

export const reportIdMissing: HidRule = {
  id: 'hid.report-id-missing',
  severity: 'error',
  summary: 'Some reports have a Report ID and some have none (with IDs, every report must have one).',
  applies: 'hid-descriptor',
  local: true,
  check: eachDescriptor((found, path) => {
    const decoded = found.decoded;
    if (!decoded.usesReportIds || !readToEnd(found)) return [];
    return decoded.reports.flatMap((report) => {
      if (report.id !== undefined || report.bits === 0) return [];
      const first = report.fields.find((i) => (decoded.items[i].field?.bits ?? 0) > 0) ?? report.fields[0];
      const withId = decoded.items.find(({ item }) => item.name === 'Report ID');
      const example = withId ? ` (the first Report ID is ${withId.global.reportId})` : '';
      return [
        finding(reportIdMissing, path, itemSpan(found, first), `This ${report.direction} item comes before any Report ID, while other reports of ${found.array.name} have one${example}: once a descriptor uses Report IDs every report must start with its ID byte. Give this report a Report ID item first.`),
      ];
    });
  }),
};
