// What a worker last said about itself in a heartbeat (docs/behaviour.md §1 "Carries …", seeds 002 and
// 004): the jobs it runs, its load, its errors, a message and its circuit breaker's state. The
// health check holds it against what the registry knows (seed 004's capacity and
// job-assignment consistency); the REST views and the metrics show it.
//
// Kept compactly: one object per member, made at its first heartbeat and overwritten in place at
// every later one. It lives under a symbol key, which neither JSON.stringify nor structuredClone
// copies, so no store ever writes it: a heartbeat that changes nothing writes nothing durable,
// and a restarted registry waits for the next heartbeat instead of trusting an old report.
import type { BreakerState } from '../breaker.machine.ts';
import { stateOf, type MemberReadout, type MemberRecord } from './member-table.ts';
import type { HeartbeatRequest, ReportView } from './registry.types.ts';

export const REPORT: unique symbol = Symbol('worker report');

export interface WorkerReport {
  /** The session that sent it: a report of an older session is not shown or judged. */
  epoch: number;
  currentJobs: number;
  /** Jobs the registry had assigned to the session when the report arrived. */
  assignedJobs: number;
  /**
   * Reports in a row whose job count differed from the assignment. A job dispatched or finished
   * while the heartbeat was on its way makes one report differ; a real disagreement lasts.
   */
  differing: number;
  /**
   * Small integers, -1 when not reported (a REST heartbeat may leave any out): V8 keeps a small
   * integer in the object itself, where a fraction would cost a 16-byte box per field. So CPU
   * is kept in hundredths of a percent and memory in whole MB (smallAmount).
   */
  cpuHundredths: number;
  memoryUsedMb: number;
  memoryTotalMb: number;
  errorCount: number;
  /** '' when none. */
  message: string;
  breakerState: BreakerState | null;
}

/** A member with the report its worker last sent, if any (see REPORT). */
export type ReportingMember = MemberRecord & { [REPORT]?: WorkerReport };
/** The same, read only. */
type ReportingReadout = MemberReadout & { readonly [REPORT]?: WorkerReport };

/** The report of the member's current session, if it has sent one. */
export function reportOf(member: ReportingReadout): WorkerReport | undefined {
  const report = member[REPORT];
  return report !== undefined && report.epoch === member.ctx.epoch ? report : undefined;
}

function emptyReport(): WorkerReport {
  return { epoch: 0, currentJobs: 0, assignedJobs: 0, differing: 0, cpuHundredths: -1, memoryUsedMb: -1, memoryTotalMb: -1, errorCount: -1, message: '', breakerState: null };
}

const SMALL_MAX = 2 ** 30 - 1;

/** A reported amount (validated: finite, not negative) as a small integer of 1/`per` units; -1 for none. */
function smallAmount(value: number | undefined, per = 1): number {
  return value === undefined ? -1 : Math.min(Math.round(value * per), SMALL_MAX);
}

/**
 * Keeps what `request` reports; `assignedJobs` is what the registry holds for the session now.
 * Its time is the member's lastHeartbeatAt: every accepted heartbeat sets both.
 */
export function keepReport(member: ReportingMember, request: HeartbeatRequest, assignedJobs: number): void {
  const differing = reportOf(member)?.differing ?? 0;
  const report = member[REPORT] ?? (member[REPORT] = emptyReport());
  report.differing = request.currentJobs !== assignedJobs ? differing + 1 : 0;
  report.epoch = member.ctx.epoch;
  report.currentJobs = request.currentJobs;
  report.assignedJobs = assignedJobs;
  report.cpuHundredths = smallAmount(request.cpuPercent, 100);
  report.memoryUsedMb = smallAmount(request.memoryUsedMb);
  report.memoryTotalMb = smallAmount(request.memoryTotalMb);
  report.errorCount = smallAmount(request.errorCount);
  report.message = request.message ?? '';
  report.breakerState = request.breakerState ?? null;
}

/** Why the member's report disagrees with the registry, if it does (a failed health check). */
export function reportProblem(member: ReportingReadout): string | undefined {
  const report = reportOf(member);
  if (!report) return undefined;
  const capacity = member.ctx.maxConcurrentJobs;
  if (report.currentJobs > capacity) return `the worker reports ${report.currentJobs} running jobs, over its capacity of ${capacity}`;
  if (report.differing >= 2) return `the worker reports ${report.currentJobs} running jobs, the registry assigned it ${report.assignedJobs}`;
  return undefined;
}

/** The current session's report as the APIs show it, or null before its first heartbeat. */
export function reportView(member: ReportingReadout): ReportView | null {
  const report = reportOf(member);
  if (!report) return null;
  const { currentJobs, message, breakerState } = report;
  const known = (n: number, per = 1) => (n < 0 ? null : n / per);
  return {
    at: member.lastHeartbeatAt, currentJobs, cpuPercent: known(report.cpuHundredths, 100), memoryUsedMb: known(report.memoryUsedMb),
    memoryTotalMb: known(report.memoryTotalMb), errorCount: known(report.errorCount), message, breakerState, problem: reportProblem(member) ?? null,
  };
}

/** What the live members' last reports add up to (the metrics). */
export interface ReportTotals {
  /** Live members (active or unhealthy) whose current session has reported. */
  reporting: number;
  runningJobs: number;
  /** Mean and highest CPU % over the members that report it (0 when none does). */
  cpuPercentMean: number;
  cpuPercentMax: number;
  memoryUsedMb: number;
  memoryTotalMb: number;
  errorCount: number;
  /** Members whose report disagrees with the registry (reportProblem). */
  inconsistent: number;
  breakers: Record<BreakerState, number>;
}

export function reportTotals(members: Iterable<ReportingReadout>): ReportTotals {
  const t: ReportTotals = { reporting: 0, runningJobs: 0, cpuPercentMean: 0, cpuPercentMax: 0, memoryUsedMb: 0, memoryTotalMb: 0, errorCount: 0, inconsistent: 0, breakers: { closed: 0, open: 0, halfOpen: 0 } };
  let cpuReports = 0;
  for (const member of members) {
    const report = reportOf(member);
    const state = stateOf(member);
    if (!report || (state !== 'active' && state !== 'unhealthy')) continue;
    t.reporting++;
    t.runningJobs += report.currentJobs;
    if (report.cpuHundredths >= 0) {
      cpuReports++;
      t.cpuPercentMean += report.cpuHundredths / 100;
      t.cpuPercentMax = Math.max(t.cpuPercentMax, report.cpuHundredths / 100);
    }
    t.memoryUsedMb += Math.max(0, report.memoryUsedMb); // -1 (not reported) counts as 0
    t.memoryTotalMb += Math.max(0, report.memoryTotalMb);
    t.errorCount += Math.max(0, report.errorCount);
    if (reportProblem(member)) t.inconsistent++;
    if (report.breakerState) t.breakers[report.breakerState]++;
  }
  if (cpuReports > 0) t.cpuPercentMean /= cpuReports;
  return t;
}
