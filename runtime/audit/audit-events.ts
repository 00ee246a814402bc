// Which of the registry's events belong in the audit log, and as what. The host reports every
// member transition (`member`: id, from, to, epoch, reason) and every deletion
// (`member.removed`); the audit log keeps those that change who is in the cluster or what it may
// run: registrations, pre-registrations, deregistrations, drains, clean-ups and removals.
import type { LogFields } from '../events/log-entry.ts';
import type { AuditFields } from './audit-log.ts';

export const AUDIT_EVENTS = ['registered', 'preregistered', 'deregistered', 'drained', 'cleaned', 'removed'] as const;

export interface AuditEntry {
  event: (typeof AUDIT_EVENTS)[number];
  fields: AuditFields;
}

/** The audit entry for one host event, or undefined when it is not audited. */
export function auditEntryOf(type: string, fields: LogFields): AuditEntry | undefined {
  const id = String(fields.id);
  if (type === 'member.removed') return { event: 'removed', fields: { id } };
  if (type !== 'member') return undefined;
  const { from, to, epoch, reason } = fields as { from: string; to: string; epoch: number; reason: string };
  if (reason === 'registered' || reason === 're-registered') return { event: 'registered', fields: { id, epoch, returning: reason === 're-registered' } };
  if (reason === 'pre-registered') return { event: 'preregistered', fields: { id } };
  if (to === 'inactive' && from.startsWith('failed')) return { event: 'cleaned', fields: { id, epoch, reason } };
  if (to === 'inactive') return { event: 'deregistered', fields: { id, epoch, reason } };
  if (to.endsWith('.draining') && !from.endsWith('.draining')) return { event: 'drained', fields: { id, epoch, reason } };
  return undefined;
}

/** Which credential a refused call lacked, from the RPC or route it was refused on. */
export function credentialOf(api: 'grpc' | 'rest', method: string, route: string): 'join' | 'admin' | 'session' {
  if (api === 'grpc') {
    if (route === 'Register' || route === 'RegisterBatch') return 'join';
    return /^(Heartbeat|HeartbeatStream|Deregister|Tasks|ReportTask)$/.test(route) ? 'session' : 'admin';
  }
  if (method === 'POST' && /^\/api\/workers(\/batch)?\/?$/.test(route)) return 'join';
  return /^\/api\/workers\/:id\/(heartbeat|deregister)$/.test(route) ? 'session' : 'admin';
}
