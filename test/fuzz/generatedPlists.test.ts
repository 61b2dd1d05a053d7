/**
 * Generated Info.plists and .entitlements through the plist parser, every plist rule and the CLI's
 * in-process path. The project also holds a fixed .iig (so IOUserClass names resolve) and, at times,
 * a client app's entitlements (so the userclient-access check runs).
 */
import { after, test } from 'node:test';
import fc from 'fast-check';
import { FUZZ_SEED, FuzzProject, runsFor } from '../support/fuzzHarness';
import { FuzzStats } from '../support/fuzzTiming';
import { entitlements, infoPlist } from '../support/fuzzPlists';

/** Each run writes an Info.plist and the dext's entitlements (two inputs), plus a client's entitlements every fourth run. */
const RUNS = Math.ceil(runsFor(0.2) / 2.25);
const stats = new FuzzStats();
let project: FuzzProject | undefined;

const DRIVER_IIG = `#include <DriverKit/IOService.iig>
#include <HIDDriverKit/IOUserHIDEventService.iig>
class FuzzDriver : public IOUserHIDEventService
{
public:
    virtual kern_return_t Start(IOService * provider) override;
};
`;

after(() => project?.dispose());

test(`generated Info.plists and entitlements never crash, hang or report outside the text (about ${Math.round(RUNS * 2.25)} inputs)`, async (t) => {
  project = await FuzzProject.create(stats, { 'Driver/FuzzDriver.iig': DRIVER_IIG });
  let run = 0;
  await fc.assert(
    fc.asyncProperty(infoPlist, entitlements, entitlements, async (info, dext, client) => {
      run++;
      await project!.input('Driver/Info.plist', info, `plist-${run}`);
      await project!.input('Driver/FuzzDriver.entitlements', dext, `plist-${run}`);
      if (run % 4 === 0) await project!.input('ClientApp/ClientApp.entitlements', client, `plist-${run}`);
    }),
    { seed: FUZZ_SEED, numRuns: RUNS },
  );
  t.diagnostic(stats.summary('generated plists', FUZZ_SEED));
});
