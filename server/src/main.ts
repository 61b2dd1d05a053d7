/**
 * The language server's entry point. The C++ grammar's WebAssembly is read and compiled first: the
 * compile runs on background threads while this thread loads the LSP stack and answers `initialize`,
 * so the first document finds the parser (nearly) ready. Everything else is in server.ts.
 */
import { cppParser } from '../../core/model/treeSitter';

void cppParser();
// A require, not an import: imports are evaluated before this module's body, and the point is to
// start the grammar before the rest of the server loads.
require('./server');
