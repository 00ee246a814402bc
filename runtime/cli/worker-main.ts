// `rollcall worker`'s way in (rollcall.ts sends it here): the CLI as for any other command. It
// is its own module so that the build can bundle it (runtime/package/bundle.ts): in the package,
// this file holds the worker's whole module graph, and the other commands never load it.
await import('./cli-main.ts');
