// A parse worker of the language server's workspace scan (see parsePool.ts),
// bundled on its own: a worker that loaded the whole server bundle would
// hold all of its source (the LSP library, the rules, the calendars' data)
// for the few modules that parse, schema-check and index a file.
import { runParseWorker } from './parsePool';

runParseWorker();
