// Every toxic type the API accepts, by its wire name.
import { bandwidth } from './bandwidth.toxic.ts';
import { latency } from './latency.toxic.ts';
import { limitData } from './limit-data.toxic.ts';
import { noop } from './noop.toxic.ts';
import { resetPeer } from './reset-peer.toxic.ts';
import { slicer } from './slicer.toxic.ts';
import { slowClose } from './slow-close.toxic.ts';
import { timeout } from './timeout.toxic.ts';
import type { ToxicKind } from './toxic.ts';

const KINDS: ToxicKind[] = [latency, bandwidth, slowClose, timeout, resetPeer, slicer, limitData, noop] as ToxicKind[];

export const TOXIC_KINDS: ReadonlyMap<string, ToxicKind> = new Map(KINDS.map((kind) => [kind.type, kind]));
