// The catch-up worker for tests, which run from TypeScript sources: transpiles each .ts module on require with
// the TypeScript compiler (pure JavaScript: SWC's native binding does not survive a second worker thread in one
// process), then runs the service's worker entry.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(readFileSync(filename, 'utf8'), { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};

require(join(__dirname, '..', '..', '..', 'src', 'read-side', 'catch-up-worker-entry.ts'));
