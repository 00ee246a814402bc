// `rollcall/proxy`: the Toxiproxy-compatible fault proxy as a library: the server in this
// process or as a child process, and the client face scenarios use (docs/proxy.md).
import '../package/node-guard.ts';

export { startProxyServer, StartError, type ProxyServer, type ProxyServerOptions } from './proxy-server.ts';
export { spawnProxyServer, type ProxyProcess, type ProxyProcessOptions } from './proxy-process.ts';
export { FaultProxies, type FaultProxy } from './fault-proxy.ts';
