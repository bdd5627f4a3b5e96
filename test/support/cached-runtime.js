/**
 * Jest's module runtime with a V8 code cache.
 *
 * Jest gives every test file its own module registry, so each file compiles again every module
 * it loads: aws-cdk-lib, the AWS SDK, nock... Compiling was the largest single item of the
 * suite's CPU (about 14 s of 100 in one process). This runtime keeps, per module file and
 * source text, the code cache V8 produces, and hands it to the next compile of the same text:
 * in memory within a worker, and on disk (under Jest's cacheDirectory) between workers and runs.
 * Modules still run once per test file: only the parsing and compiling are shared, so isolation
 * between test files is unchanged.
 *
 * V8 compiles most functions only when they are first called, and a code cache made at compile
 * time would hold only the few compiled before that. So the cache of a module is made when the
 * first test file that ran it is done (`createCachedData` after running): it holds every function
 * that file called, which the next files then neither parse nor compile.
 *
 * It replaces one method, the executor's `compile(source, filename)`: the module is compiled as
 * a `vm.Script` wrapping its source in a function with the parameters Jest's own
 * `vm.compileFunction` call gives it (the column offset keeps stack traces' positions), plus the
 * cache. Should a Jest release move that method, the runtime leaves Jest's own in place and the
 * suite runs as before, only slower.
 *
 * CommonJS, because Jest loads a runtime with a plain `require`, before any transform.
 */
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { Script } = require('node:vm');
const jestRuntime = require('jest-runtime');

const Runtime = jestRuntime.default ?? jestRuntime;

/**
 * filename -> { text, data }: the last text compiled for that file (its source in the wrapper),
 * and its cache.
 */
const memory = new Map();

/**
 * V8 checks a code cache against its own version and flags, and rejects a mismatch; it checks
 * the source only by length. So the disk key is a hash of the whole text, and the folder is
 * per Node version, architecture and V8 flags in use.
 */
function diskFolder(cacheDirectory) {
  const runtime = `${process.version}-${process.arch}-${createHash('sha256').update(process.execArgv.join(' ')).digest('hex').slice(0, 8)}`;
  return path.join(cacheDirectory, 'v8-code-cache-after-run', runtime);
}

function diskFile(folder, filename, text) {
  const key = createHash('sha256').update(filename).update('\0').update(text).digest('hex');
  return path.join(folder, key.slice(0, 2), key.slice(2));
}

function readDisk(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Written whole under a temporary name, then renamed: the other worker never reads half a file. */
function writeDisk(file, data) {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, data);
    renameSync(temporary, file);
  } catch {
    // A cache that cannot be written costs only speed.
  }
}

/**
 * Jest's compile, with `cachedData` from memory or disk when there is one. A script that had
 * none goes to `pending`, and its cache is made once the test file has run (see `refresh`).
 */
function compileWithCache(executor, folder, original, pending, source, filename) {
  const vmContext = executor.environment.getVmContext();
  if (vmContext == null || executor.resolution.isCoreModule(filename)) return original(source, filename);
  // The wrapper is part of the key: the same module under other parameter names is other code.
  const prefix = `(function (${executor.injectedModuleParameters.join(', ')}) {`;
  const text = `${prefix}${source}\n})`;
  const known = memory.get(filename);
  const file = known?.text === text ? undefined : diskFile(folder, filename, text);
  const cached = known?.text === text ? known.data : readDisk(file);
  let script;
  let compiled;
  try {
    script = new Script(text, {
      filename,
      columnOffset: -prefix.length,
      importModuleDynamically: async (specifier, _script, importAttributes, ...rest) =>
        executor.dynamicImport(specifier, filename, vmContext, importAttributes, rest[0]),
      ...(cached === undefined ? {} : { cachedData: cached }),
    });
    compiled = script.runInContext(vmContext);
  } catch {
    // A syntax error, or an ES module in CommonJS clothing: Jest's own compile reports or handles it.
    return original(source, filename);
  }
  if (cached !== undefined && !script.cachedDataRejected) {
    memory.set(filename, { text, data: cached });
  } else {
    memory.delete(filename);
    pending.push({ script, filename, text });
  }
  return compiled;
}

/** After a test file: the caches of the modules it was the first to run, with every function it called. */
function refresh(folder, pending) {
  for (const { script, filename, text } of pending) {
    let data;
    try {
      data = script.createCachedData();
    } catch {
      continue;
    }
    memory.set(filename, { text, data });
    writeDisk(diskFile(folder, filename, text), data);
  }
}

class CodeCachingRuntime extends Runtime {
  constructor(config, ...rest) {
    super(config, ...rest);
    const executor = this.executor;
    if (executor === undefined || typeof executor.compile !== 'function') return;
    const original = executor.compile.bind(executor);
    const folder = diskFolder(config.cacheDirectory);
    const pending = [];
    executor.compile = (source, filename) =>
      compileWithCache(executor, folder, original, pending, source, filename);
    this.refreshCodeCache = () => refresh(folder, pending.splice(0));
  }

  teardown() {
    this.refreshCodeCache?.();
    super.teardown();
  }
}

module.exports = CodeCachingRuntime;
module.exports.default = CodeCachingRuntime;
