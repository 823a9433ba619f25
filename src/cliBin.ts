/**
 * The `roadmap-coach` executable (dist/cli.js): a few lines that turn on Node's on-disk compile cache
 * (Node 22.1+; a no-op before) and then load the CLI bundle (dist/cli-main.js, which carries the
 * TypeScript parser). With the cache, later runs skip compiling that bundle: most of the start-up cost.
 */
import * as nodeModule from 'node:module';
import type * as Cli from './cli';

(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cli = require('./cli-main.js') as typeof Cli;
void cli.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
