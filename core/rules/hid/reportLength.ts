/**
 * A report length the code writes as a literal (handleReport's, or the count getReport completes
 * with), against the reports the descriptor describes: it must be one of their lengths.
 */
import { reportName } from '../../hid/describe';
import { finding, type Finding } from '../finding';
import type { HidRule } from './context';

export const reportLength: HidRule = {
  id: 'hid.report-length',
  severity: 'warning',
  summary: 'A literal report length (handleReport, or CompleteReport in getReport) that is the length of no report of that type the descriptor describes.',
  applies: 'hid-descriptor',
  check: ({ path, lengthSites }) => {
    const out: Finding[] = [];
    for (const site of lengthSites) {
      if (site.reportLengths.includes(site.length)) continue;
      const { descriptor } = site;
      const idNote = descriptor.decoded.usesReportIds ? ', the Report ID byte included' : '';
      const described = site.reports.map((report, i) => `${reportName(report.direction, report.id)} is ${site.reportLengths[i]} byte${site.reportLengths[i] === 1 ? '' : 's'}`);
      const shown = described.length > 4 ? [...described.slice(0, 4), `${described.length - 4} more`] : described;
      const [what, kind] = site.call === 'handleReport' ? ['this report', `${site.reports[0].direction} report`] : ['the report getReport hands back', 'report'];
      out.push(
        finding(
          reportLength,
          path,
          site.span,
          `${site.length} bytes, but ${descriptor.array.name} describes no ${kind} of that length (${shown.join(', ')}${idNote}): the host reads ${what} against the wrong layout.`,
          [{ path: site.descriptorPath, span: descriptor.array.nameSpan, message: `${descriptor.array.name}: the report descriptor newReportDescriptor returns` }],
        ),
      );
    }
    return out;
  },
};
