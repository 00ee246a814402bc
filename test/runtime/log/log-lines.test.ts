// The readable side of the logs: state changes as lines a person reads, and the pretty format
// (UTC time, level, process, message, then the fields the message does not already show).
import { describe, expect, it } from 'vitest';
import { readableDurations, registryEventLine, workerNoteLine } from '../../../runtime/log/event-lines.ts';
import { prettyLine } from '../../../runtime/log/pretty-lines.ts';

describe('state changes as readable lines', () => {
  it('says who went from where to where, and why, durations with units', () => {
    const fields = { id: 'w-2', from: 'active.idle', to: 'unhealthy', epoch: 3, reason: 'no heartbeat for 120000 ms' };
    expect(registryEventLine('member', fields)).toBe('w-2 active.idle → unhealthy: no heartbeat for 2m');
  });

  it('writes milliseconds the machines count in as durations', () => {
    expect(readableDurations('unhealthy for 180500 ms, then 900 ms')).toBe('unhealthy for 3m1s, then 900ms');
  });

  it('has a line for each worker note it knows, and the event name for one it does not', () => {
    expect(workerNoteLine('worker.state', { workerId: 'w-7', from: 'registering', to: 'active', epoch: 1 })).toBe('w-7 registering → active (epoch 1)');
    expect(workerNoteLine('worker.state', { workerId: null, from: 'starting', to: 'registering', epoch: 0 })).toBe('worker starting → registering (epoch 0)');
    expect(workerNoteLine('worker.draining', {})).toBe('draining');
    expect(registryEventLine('something.new', {})).toBe('something.new');
  });
});

describe('pretty lines', () => {
  const json = (fields: Record<string, unknown>) => JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 2, 14, 2, 7, 412), pid: 42, hostname: 'h', name: 'registry', ...fields });

  it('shows time, level, process and message, and only the fields the message does not', () => {
    const line = json({ event: 'member', id: 'w-2', from: 'active.idle', to: 'unhealthy', epoch: 3, msg: 'w-2 active.idle → unhealthy: no heartbeat for 2m' });
    expect(prettyLine(line, false)).toBe('14:02:07.412 INFO  registry  w-2 active.idle → unhealthy: no heartbeat for 2m  epoch=3');
  });

  it('quotes text with spaces, leaves out nulls, and colours by level on a terminal', () => {
    const line = JSON.stringify({ level: 40, time: 0, name: 'worker', msg: 'careful', why: 'a b', workerId: null });
    expect(prettyLine(line, false)).toBe('00:00:00.000 WARN  worker  careful  why="a b"');
    expect(prettyLine(line, true)).toBe('\x1b[33m00:00:00.000 WARN  worker  careful\x1b[0m  \x1b[2mwhy="a b"\x1b[0m');
  });

  it('leaves out a text of several words that the message already quotes', () => {
    const why = 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:15051';
    const line = JSON.stringify({ level: 40, time: 0, name: 'worker', msg: `registry at 127.0.0.1:15051 unreachable: ${why}; next 127.0.0.1:15051`, why, workerId: 'w-1' });
    expect(prettyLine(line, false)).toBe(`00:00:00.000 WARN  worker  registry at 127.0.0.1:15051 unreachable: ${why}; next 127.0.0.1:15051  workerId=w-1`);
  });

  it('passes a line that is not JSON through', () => {
    expect(prettyLine('not json\n', false)).toBe('not json');
  });
});
