// Someone keeps trying to register with another worker's ID and a wrong secret: each attempt
// is refused (permission denied), and after three the ID is locked out (rate limited) — while
// the real worker keeps its session.
import { defineScenario } from '../runtime/chaos/scenario.ts';

export default defineScenario({
  name: 'rate-limited-bad-registrations',
  summary: 'three impostor registrations: refused, then the ID is locked out; the owner unharmed',
  workers: 1,
  async script(run) {
    await run.start('w1');
    await run.until(async () => (await run.member('w1'))?.state.startsWith('active') ?? false, '1m', 'w1 active');
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) codes.push(await run.registerImpostor('w1'));
    run.check(codes.slice(0, 3).every((c) => c === 'permission_denied'), `impostors got ${codes.slice(0, 3).join(', ')}`);
    run.check(codes[3] === 'rate_limited', `the fourth attempt got ${codes[3]}, not rate_limited`);
    await run.wait('2m');
    const member = (await run.member('w1'))!;
    run.check(member.state.startsWith('active') && member.epoch === 1, `the real w1 is ${member.state} at epoch ${member.epoch}`);
  },
});
