// `npm run build` (and so `npm ci`, `npm pack`, via `prepare`): rewrites the gRPC descriptor from
// the .proto files, compiles runtime/, machines/ and scenarios/ into dist/ from scratch, then
// copies the files the runtime reads that are not TypeScript (the gRPC protos and their
// descriptor, the dashboard's page and assets), and bundles the worker command (bundle.ts).
// Not part of the package.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleInPlace } from './bundle.ts';
import { DESCRIPTOR_PATH, protoDescriptor } from './proto-descriptor.ts';

const root = join(import.meta.dirname, '../..');
const dist = join(root, 'dist');

writeFileSync(DESCRIPTOR_PATH, protoDescriptor());
rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
cpSync(join(root, 'runtime/grpc/proto'), join(dist, 'runtime/grpc/proto'), { recursive: true, filter: (file) => !file.endsWith('.ts') });
cpSync(join(root, 'runtime/dashboard/assets'), join(dist, 'runtime/dashboard/assets'), { recursive: true });
chmodSync(join(dist, 'runtime/cli/rollcall.js'), 0o755);
await bundleInPlace(join(dist, 'runtime/cli/worker-main.js'));
