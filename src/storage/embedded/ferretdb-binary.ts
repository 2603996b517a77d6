import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import lockfile from 'proper-lockfile';
import { ConfigError } from '../../config';
import { defaultPaths } from '../../paths';

const run = promisify(execFile);

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

export function defaultFerretDbBinary(toolsDir = defaultPaths.tools): string {
  return path.join(toolsDir, 'ferretdb', FERRETDB_VERSION, 'ferretdb');
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the FerretDB binary, building it from its Go module the first time (about two
 * minutes). `go install` cannot be used: the module proxy refuses the version list it reads,
 * so the module is downloaded, given its version file, and built.
 */
export async function ensureFerretDbBinary(
  binary: string = defaultFerretDbBinary(),
  progress: (message: string) => void = () => {},
): Promise<string> {
  if (isExecutable(binary)) return binary;
  const folder = path.dirname(binary);
  fs.mkdirSync(folder, { recursive: true });
  // Two commands started together build it once: the second waits for the first.
  const release = await lockfile.lock(folder, {
    lockfilePath: path.join(folder, 'install.lock'),
    retries: { retries: 600, minTimeout: 1000, maxTimeout: 1000 },
    stale: 30_000,
  });
  try {
    if (isExecutable(binary)) return binary;
    await checkGo();
    progress(`Building the embedded database (FerretDB ${FERRETDB_VERSION}) from its Go module; this happens once and takes about two minutes…`);
    const buildDir = fs.mkdtempSync(path.join(folder, 'build-'));
    try {
      progress('  downloading the FerretDB source…');
      const { stdout } = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
        maxBuffer: 16 * 1024 * 1024,
      });
      const moduleDir = (JSON.parse(stdout) as { Dir?: string; Error?: string });
      if (!moduleDir.Dir) throw new Error(`go mod download failed: ${moduleDir.Error ?? stdout}`);
      const source = path.join(buildDir, 'src');
      fs.cpSync(moduleDir.Dir, source, { recursive: true });
      makeWritable(source);
      // Without its version file the binary panics at start.
      fs.writeFileSync(path.join(source, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
      progress('  compiling (the longest step)…');
      const built = path.join(buildDir, 'ferretdb');
      const started = Date.now();
      const ticker = setInterval(() => progress(`  still compiling (${Math.round((Date.now() - started) / 1000)} s)…`), 15_000);
      try {
        await run('go', ['build', '-o', built, './cmd/ferretdb'], {
          cwd: source,
          env: { ...process.env, GOFLAGS: '-buildvcs=false' },
          maxBuffer: 16 * 1024 * 1024,
        });
      } finally {
        clearInterval(ticker);
      }
      fs.renameSync(built, binary);
      const shown = path.relative(process.cwd(), binary);
      progress(`  done: ${shown.startsWith('..') ? binary : shown}`);
    } finally {
      fs.rmSync(buildDir, { recursive: true, force: true });
    }
    return binary;
  } finally {
    await release();
  }
}

async function checkGo(): Promise<void> {
  try {
    await run('go', ['version']);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError(
        'No database: MONGODB_URI is not set, and the embedded database (FerretDB) needs Go to be built once, but `go` is not installed. Install Go 1.22 or newer, or set MONGODB_URI to a MongoDB server.',
      );
    }
    throw error;
  }
}

function makeWritable(folder: string): void {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    fs.chmodSync(full, entry.isDirectory() ? 0o755 : 0o644);
  }
  fs.chmodSync(folder, 0o755);
}
