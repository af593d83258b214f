// `npm run test:electron`: the extension in a real VS Code downloaded by
// @vscode/test-electron, on a copy of examples/nightfall with one seeded
// error. Where VS Code cannot be downloaded it says so in one line and exits 1
// quickly; it is not part of `npm test`.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { downloadAndUnzipVSCode, ProgressReportStage, runTests, type ProgressReporter } from '@vscode/test-electron';
import { SEEDED } from './suite/seeded';

const REPO = path.join(__dirname, '..', '..', '..', '..');
/** Inside a git-ignored folder, so a downloaded VS Code is reused and never committed. */
const CACHE = path.join(REPO, '.e2e-cache', 'vscode-test');
const VERSION = process.env.HANDOFF_VSCODE_VERSION ?? 'stable';
/** How long the download may go without a sign of life (no byte, no cached copy) before the suite gives up. */
const FIRST_SIGN_MS = 20_000;
/** test-electron's own idle timeout per request. */
const REQUEST_IDLE_MS = 10_000;

async function main(): Promise<number> {
  let executable: string;
  try {
    executable = await downloadVSCode();
  } catch (error) {
    console.error(
      `VS Code could not be downloaded (${reasonOf(error)}): run this suite where the internet is reachable; the same journeys run here through npm run test:e2e.`,
    );
    return 1;
  }
  const workspace = prepareWorkspace();
  try {
    return await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: path.join(__dirname, 'suite', 'index'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (error) {
    console.error(`The extension tests failed: ${reasonOf(error)}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** Downloads VS Code (or finds it in the cache), failing fast when the server does not answer. */
function downloadVSCode(): Promise<string> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`no answer from the download server in ${FIRST_SIGN_MS / 1000} s`)), FIRST_SIGN_MS);
    let announced = false;
    const reporter: ProgressReporter = {
      report(report) {
        if (report.stage === ProgressReportStage.FoundMatchingInstall) clearTimeout(deadline);
        if (report.stage === ProgressReportStage.Downloading && report.bytesSoFar > 0) {
          clearTimeout(deadline);
          if (!announced) console.log(`Downloading VS Code (${Math.round(report.totalBytes / 1e6)} MB) from ${report.url}`);
          announced = true;
        }
      },
      error() {
        // The rejection below carries the reason.
      },
    };
    downloadAndUnzipVSCode({ version: VERSION, cachePath: CACHE, timeout: REQUEST_IDLE_MS, reporter }).then(
      (executable) => {
        clearTimeout(deadline);
        resolve(executable);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** A copy of the example production with one error seeded, a YAML file that is no spec, and a fixed today. */
function prepareWorkspace(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'handoff-electron-'));
  cpSync(path.join(REPO, 'examples', 'nightfall'), folder, { recursive: true });
  const seeded = path.join(folder, ...SEEDED.file.split('/'));
  const text = readFileSync(seeded, 'utf8');
  if (!text.includes(SEEDED.find)) throw new Error(`'${SEEDED.find}' is not in ${SEEDED.file}`);
  writeFileSync(seeded, text.replace(SEEDED.find, SEEDED.replace));
  writeFileSync(path.join(folder, 'docker-compose.yaml'), 'services:\n  web: { image: "nginx", from: fxx }\n');
  mkdirSync(path.join(folder, '.vscode'));
  writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'handoff.today': '2027-01-15' }, null, 2));
  return folder;
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The extension test run could not start: ${reasonOf(error)}`);
    process.exit(1);
  },
);
