/** A report length the code writes as a literal, against the one report of that direction the descriptor has. */
import { reportName } from '../../hid/describe';
import { finding, type Finding } from '../finding';
import type { HidRule } from './context';

export const reportLength: HidRule = {
  id: 'hid.report-length',
  severity: 'warning',
  summary: 'handleReport(…, length, kIOHIDReportType…) with a literal length other than the one report of that type the descriptor describes.',
  applies: 'hid-descriptor',
  check: ({ path, lengthSites }) => {
    const out: Finding[] = [];
    for (const site of lengthSites) {
      if (site.length === site.reportBytes) continue;
      const { report, descriptor } = site;
      const idNote = descriptor.decoded.usesReportIds ? ', its Report ID byte included' : '';
      out.push(
        finding(
          reportLength,
          path,
          site.span,
          `${site.length} bytes, but the ${reportName(report.direction, report.id)} that ${descriptor.array.name} describes is ${site.reportBytes} byte${site.reportBytes === 1 ? '' : 's'} long (${report.bits} bits${idNote}): the host reads the report's fields from the wrong bytes.`,
          [{ path: site.descriptorPath, span: descriptor.array.nameSpan, message: `${descriptor.array.name}: the report descriptor newReportDescriptor returns` }],
        ),
      );
    }
    return out;
  },
};
