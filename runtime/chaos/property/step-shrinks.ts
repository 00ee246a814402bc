// How a failing schedule's steps shrink. fast-check's own shrinking of the drawn steps removes
// a step together with its gap, so every later step moves earlier: a step that only lets time
// pass (a deadline must come due before the liveness phase restarts everyone) can then never
// go, nor any step before it. These shrinks come first: drop one step, then two, keeping every
// other step at its time; then fast-check's own (shorter gaps, smaller actions); then, once a
// removal has left fast-check's context behind, each action's parameters shrunk on their own.
import fc from 'fast-check';
import type { FaultAction, FaultStep } from './fault-schedule.ts';

interface StepsContext {
  /** fast-check's context of the drawn value; gone once a removal made a value it never drew. */
  drawn: unknown;
}

/** Every schedule without one of the steps, then without two, in step order. */
export function* withoutSteps(steps: readonly FaultStep[]): Generator<FaultStep[]> {
  for (let i = 0; i < steps.length; i++) yield steps.filter((_, k) => k !== i);
  for (let i = 0; i < steps.length; i++) {
    for (let j = i + 1; j < steps.length; j++) yield steps.filter((_, k) => k !== i && k !== j);
  }
}

class ShrinkingSteps extends fc.Arbitrary<FaultStep[]> {
  readonly #drawn: fc.Arbitrary<FaultStep[]>;
  readonly #action: fc.Arbitrary<FaultAction>;

  constructor(drawn: fc.Arbitrary<FaultStep[]>, action: fc.Arbitrary<FaultAction>) {
    super();
    this.#drawn = drawn;
    this.#action = action;
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<FaultStep[]> {
    // The same draws as the plain arbitrary, so a campaign's seed draws the same schedules.
    const value = this.#drawn.generate(mrng, biasFactor);
    return new fc.Value(value.value_, { drawn: value.context } satisfies StepsContext);
  }

  canShrinkWithoutContext(value: unknown): value is FaultStep[] {
    return Array.isArray(value) && value.every((step) => typeof step?.atMs === 'number' && this.#action.canShrinkWithoutContext(step.action));
  }

  shrink(steps: FaultStep[], context: unknown): fc.Stream<fc.Value<FaultStep[]>> {
    const drawn = (context as StepsContext | undefined)?.drawn;
    const own = (value: FaultStep[]) => new fc.Value(value, { drawn: undefined } satisfies StepsContext);
    const removals = fc.stream(withoutSteps(steps)).map(own);
    if (drawn !== undefined) {
      return removals.join(this.#drawn.shrink(steps, drawn).map((v) => new fc.Value(v.value_, { drawn: v.context } satisfies StepsContext)));
    }
    return removals.join(fc.stream(this.#actionShrinks(steps)).map(own));
  }

  /** Each step's action shrunk by the action arbitrary alone (smaller durations, fewer workers). */
  *#actionShrinks(steps: FaultStep[]): Generator<FaultStep[]> {
    for (const [i, step] of steps.entries()) {
      if (!this.#action.canShrinkWithoutContext(step.action)) continue;
      for (const smaller of this.#action.shrink(step.action, undefined)) {
        yield steps.map((s, k) => (k === i ? { atMs: s.atMs, action: smaller.value_ } : s));
      }
    }
  }
}

/** `drawn`, the steps as fast-check draws them, shrunk first by removing steps that keep their times. */
export function shrinkingSteps(drawn: fc.Arbitrary<FaultStep[]>, action: fc.Arbitrary<FaultAction>): fc.Arbitrary<FaultStep[]> {
  return new ShrinkingSteps(drawn, action);
}
