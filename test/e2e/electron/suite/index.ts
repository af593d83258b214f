// The entry VS Code runs inside the extension host: mocha over the suite's
// *.e2e.js files (named so that `npm test`, which runs out/test/**/*.test.js,
// never loads them: they need the `vscode` module of a running VS Code).
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: true });
  for (const name of readdirSync(__dirname).filter((file) => file.endsWith('.e2e.js')).sort()) {
    mocha.addFile(path.join(__dirname, name));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension test(s) failed.`)) : resolve()));
  });
}
