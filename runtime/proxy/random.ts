// The source of chance for toxics: jitter, slicer splits and toxicity draws. Uniform in [0, 1).
// Injectable so tests can force toxicity outcomes; the real proxy uses Math.random.
export type Random = () => number;

export const defaultRandom: Random = Math.random;
