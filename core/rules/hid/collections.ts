/** Every Collection needs its End Collection, and every End Collection a Collection to close. */
import { collectionTypeName } from '../../hid/describe';
import { unsignedValue } from '../../hid/items';
import { finding, type Finding } from '../finding';
import { eachDescriptor, itemSpan, readToEnd, type HidRule } from './context';

export const unbalancedCollection: HidRule = {
  id: 'hid.unbalanced-collection',
  severity: 'error',
  summary: 'A Collection never closed by an End Collection, or an End Collection that closes nothing.',
  applies: 'hid-descriptor',
  local: true,
  check: eachDescriptor((found, path) => {
    // Judged only on a descriptor read to its end: a cut-off one has its own finding.
    if (!readToEnd(found)) return [];
    const out: Finding[] = [];
    const items = found.decoded.items;
    const opened = items.filter(({ item }) => item.name === 'Collection').length;
    const closed = items.filter(({ item }) => item.name === 'End Collection').length;
    items.forEach((decoded, index) => {
      if (decoded.item.name === 'End Collection' && decoded.closes === undefined) {
        out.push(finding(unbalancedCollection, path, itemSpan(found, index), `This End Collection closes no Collection (${found.array.name} has ${opened} Collection and ${closed} End Collection items): the host rejects the descriptor.`));
      }
    });
    for (const index of found.decoded.unclosed) {
      const kind = collectionTypeName(unsignedValue(items[index].item));
      out.push(
        finding(unbalancedCollection, path, itemSpan(found, index), `This Collection (${kind}) is never closed: ${found.array.name} has ${opened} Collection and ${closed} End Collection items, so the host rejects the descriptor. Add End Collection (0xC0) where its items end.`),
      );
    }
    return out;
  }),
};
