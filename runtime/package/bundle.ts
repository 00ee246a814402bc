// The worker command's bundle, made by `npm run build` after tsc: dist/runtime/cli/worker-main.js
// (rollcall.ts's way into `rollcall worker`) is rewritten as one file holding its whole module
// graph, rollcall's own modules and its dependencies (grpc-js, protobufjs, xstate, commander).
// Loading ~190 modules one by one cost the worker ~130 ms of CPU and ~8.5 MB of RSS
// (docs/performance.md, third pass). The other commands' modules stay out (they are imported from dist/ if
// ever asked for), and so do the library's entry points: embedders import dist/ as compiled.
// Not part of the package.
import { readFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { build, type Plugin } from 'esbuild';

/** Commands other than the worker: left as imports of their compiled files beside the bundle. */
const OTHER_COMMAND = /\.command\.js$/;

/**
 * The worker's graph without the other commands. A bundled module's `import.meta.url` and
 * `import.meta.dirname` would be the bundle's; each of rollcall's own modules gets its own
 * compiled file's back, so the files it reads beside itself (the gRPC descriptor,
 * package.json) are found where they are.
 */
function workerGraph(outDir: string): Plugin {
  return {
    name: 'rollcall-worker-graph',
    setup(plugin) {
      plugin.onResolve({ filter: OTHER_COMMAND }, (args) => (args.path.endsWith('/worker.command.js') ? undefined : { path: args.path, external: true }));
      plugin.onLoad({ filter: /\.js$/ }, async (args) => {
        if (args.path.includes('/node_modules/')) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.')) return undefined;
        const url = `new URL(${JSON.stringify(`./${relative(outDir, args.path)}`)}, import.meta.url).href`;
        const dir = `(import.meta.dirname + ${JSON.stringify(`/${relative(outDir, dirname(args.path))}`)})`;
        return { contents: text.replaceAll('import.meta.url', url).replaceAll('import.meta.dirname', dir), loader: 'js' };
      });
    },
  };
}

/** Rewrites the compiled `entry` (a file in dist/) as the bundle of everything it imports. */
export async function bundleInPlace(entry: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile: entry,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // Shorter source to keep in memory and to pre-parse (~2 MB less RSS); names stay readable in stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    // The bundled packages' licence headers stay in the file, gathered at its end.
    legalComments: 'eof',
    // grpc-js and protobufjs are CommonJS: their require() calls need a real require in an ES module.
    banner: { js: "import { createRequire as rollcallRequire } from 'node:module';\nconst require = rollcallRequire(import.meta.url);" },
    plugins: [workerGraph(dirname(entry))],
    logLevel: 'warning',
  });
}
