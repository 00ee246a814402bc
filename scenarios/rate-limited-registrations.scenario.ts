// Someone keeps trying to register with another worker's ID and a wrong secret: each attempt
// is refused (permission denied), and after three the ID is locked out (rate limited) — while
// the real worker keeps its session. The lock-out never holds back the real worker: restarted
// within it, it shows its secret and is back at once, and that success clears the ID's count,
// so the next wrong secret is judged again (docs/behaviour.md §1 Registration; the invariants
// lock-outs-hold, lock-outs-end-on-time and up-and-connected-becomes-active name each slip).
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'rate-limited-bad-registrations',
  summary: 'three impostor registrations: refused, then the ID is locked out; the owner unharmed, and let back in after a restart',
  workers: 1,
  async script(run) {
    await run.start('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) codes.push(await run.registerImpostor('w1'));
    run.check(codes.slice(0, 3).every((c) => c === 'permission_denied'), `impostors got ${codes.slice(0, 3).join(', ')}`);
    run.check(codes[3] === 'rate_limited', `the fourth attempt got ${codes[3]}, not rate_limited`);
    await run.wait('2m');
    // Its session is pinned in simulation only: on a loaded machine a registration reply that comes
    // late makes the real worker register again, which the lock-out must let through too (the
    // invariants judge that).
    const member = (await run.member('w1'))!;
    const kept = run.mode !== 'sim' || member.epoch === 1;
    run.check(member.state.startsWith('active') && kept, `the real w1 is ${member.state} at epoch ${member.epoch}`);
    await run.crash('w1');
    await run.wait('1s');
    await run.restart('w1');
    // Waited out rather than awaited, so that a worker held back is judged by the invariant.
    await run.wait('3m');
    const back = (await run.member('w1'))!;
    run.check(back.state.startsWith('active') && back.epoch > member.epoch, `after its restart w1 is ${back.state} at epoch ${back.epoch} (epoch ${member.epoch} before its crash)`);
    const after = await run.registerImpostor('w1');
    run.check(after === 'permission_denied', `after w1 came back an impostor got ${after}, not permission_denied`);
  },
});
