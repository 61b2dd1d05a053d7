import { appSource, dextSource, sharedHeader } from '../scripts/bench/userClient';
import { analyseOnce } from '../core/model/sourceDocument';
import { cppParser } from '../core/model/treeSitter';
import { codeView } from '../core/model/codeView';
import { constantsOf } from '../core/userclient/constants';
import { structsOf } from '../core/userclient/structs';
import { appCallsOf } from '../core/userclient/appCalls';
import { dispatchTablesOf, handledSelectors } from '../core/userclient/dispatch';
import { handlersOf } from '../core/userclient/handlers';
import { ContractIndex } from '../core/userclient/contractIndex';
import { checkUserClient } from '../core/rules/checkUserClient';
const now = () => Number(process.hrtime.bigint()) / 1e6;
void (async () => {
  const parser = await cppParser();
  const app = appSource(5000), dext = dextSource(5000), header = sharedHeader();
  const model = analyseOnce(parser, 'cpp', dext);
  const t: Record<string, number[]> = {};
  const time = (k: string, f: () => unknown) => { const s = now(); const r = f(); (t[k] ??= []).push(now() - s); return r; };
  for (let run = 0; run < 30; run++) {
    const a = app.replace('/*000*/', `/*${run}*/`), d = dext.replace('/*000*/', `/*${run}*/`);
    const ac = time('codeView app', () => codeView(a)) as string;
    const dc = time('codeView dext', () => codeView(d)) as string;
    time('constants app', () => constantsOf(ac, a)); time('constants dext', () => constantsOf(dc, d));
    time('structs app', () => structsOf(ac, a)); time('structs dext', () => structsOf(dc, d));
    time('appCalls app', () => appCallsOf(ac)); time('appCalls dext', () => appCallsOf(dc));
    time('tables', () => dispatchTablesOf(dc, model)); time('handled', () => handledSelectors(dc, model)); time('handlers', () => handlersOf(dc, { ...model }));
    const texts = new Map([['/b/BenchShared.h', header], ['/b/BenchTool.c', a], ['/b/BenchClient.cpp', d]]);
    const models = new Map([['/b/BenchClient.cpp', { ...model }]]);
    const index = new ContractIndex({ paths: () => models.keys(), text: (p) => texts.get(p), model: (p) => models.get(p) as never });
    index.keep('/b/BenchShared.h', header); index.keep('/b/BenchTool.c', a);
    const idx2 = new ContractIndex({ paths: () => models.keys(), text: (p) => texts.get(p), model: (p) => models.get(p) as never });
    idx2.keep('/b/BenchShared.h', header); idx2.keep('/b/BenchTool.c', a);
    idx2.linksFrom('/b/BenchTool.c');
    idx2.touch('/b/none');
    time('relink only', () => idx2.linksFrom('/b/BenchTool.c'));
    time('all: build+links', () => index.linksFrom('/b/BenchTool.c'));
    time('all: callValues', () => index.contract().callValues('/b/BenchTool.c'));
    time('all: checks', () => [checkUserClient('/b/BenchTool.c', index.linksFrom('/b/BenchTool.c'), { calls: index.contract().callValues('/b/BenchTool.c') }), checkUserClient('/b/BenchClient.cpp', [], { entries: index.contract().entryValues('/b/BenchClient.cpp'), writes: index.linksWritingIn('/b/BenchClient.cpp') })]);
  }
  for (const [k, v] of Object.entries(t)) { const s = v.slice(5).sort((x, y) => x - y); console.log(k.padEnd(20), 'min', s[0].toFixed(2), 'p50', s[Math.floor(s.length / 2)].toFixed(2)); }
})();
