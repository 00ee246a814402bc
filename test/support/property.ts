// Shared fast-check settings: a fixed seed in CI (printed, so a failure can be replayed), or
// FC_SEED=<n> to explore; FC_RUNS=<n> for longer campaigns.
export const propertySeed = Number(process.env.FC_SEED ?? 20261123);

export function propertyRuns(ciDefault: number): number {
  return Number(process.env.FC_RUNS ?? ciDefault);
}

export function propertyParams(ciDefault: number) {
  const numRuns = propertyRuns(ciDefault);
  console.log(`fast-check seed ${propertySeed}, ${numRuns} runs (FC_SEED / FC_RUNS to change)`);
  return { seed: propertySeed, numRuns };
}
