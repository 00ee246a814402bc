// The dashboard's one Server-Sent Events stream (GET /api/dashboard/events), read with fetch so
// it can carry the admin token when reads are protected: each `summary` and `members` event is
// handed to `on`, and the badge says whether the page is live. When the stream drops (the
// registry restarts, or a standby takes over) the page tries again every 2 s.
import { headers, refused, token } from './registry-api.js';

const $ = (id) => document.getElementById(id);

/** Follows the stream for good; `on(event, data)` is called for each event. */
export async function follow(on) {
  for (;;) {
    try {
      const used = token();
      const reply = await fetch('/api/dashboard/events', { headers: headers() });
      if (reply.status === 401 && refused(used)) continue;
      if (!reply.ok || !reply.body) throw new Error(`HTTP ${reply.status}`);
      $('live').textContent = 'live';
      $('live').className = 'badge ok';
      const reader = reply.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event) on(event, data);
        }
      }
    } catch {
      // the registry went away or restarted: say so and try again
    }
    $('live').textContent = 'reconnecting…';
    $('live').className = 'badge bad';
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

