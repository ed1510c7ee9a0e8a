// Writes FSRS-6 reference vectors (to stdout) with ts-fsrs, the official TypeScript port of FSRS,
// pinned in package.json. Regenerate: npm ci && npm run generate (see README.md).
//
// Each step is one review: `days` whole days after the previous review (0 = same day; ignored on the
// first review), a grade 1..4, the retrievability the model predicts just before the review (null on
// the first review) and the stability and difficulty after it, all from ts-fsrs's `next_state` and
// `forgetting_curve`. Nothing here computes FSRS itself.
import { fsrs, generatorParameters, default_w, FSRSVersion } from 'ts-fsrs';

// Deterministic pseudo-random numbers (mulberry32), so the vectors are the same on every run.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const parameterSets = [
  { name: 'fsrs6-default', w: [...default_w] },
  // Two other weight vectors inside the FSRS-6 clamps: slower decay, strong mean reversion, Hard penalty,
  // larger same-day terms; and faster decay with a large lapse ceiling.
  {
    name: 'variant-slow-decay',
    w: [0.4, 0.9, 1.6, 6.0, 7.0, 0.6, 2.2, 0.05, 1.5, 0.25, 1.1, 1.8, 0.08, 0.35, 1.3, 0.45, 2.0, 0.7, 0.2, 0.12, 0.3],
  },
  {
    name: 'variant-fast-decay',
    w: [1.0, 2.5, 4.0, 12.0, 5.5, 1.2, 1.5, 0.2, 2.2, 0.1, 0.6, 1.2, 0.15, 0.5, 2.0, 0.8, 3.0, 0.3, 0.5, 0.4, 0.6],
  },
];

// Hand-written sequences for the cases that matter: [days, grade] pairs, the first one's days ignored.
const handWritten = [
  { name: 'same-day-hard-after-good', steps: [[0, 3], [0, 2], [0, 2], [1, 3]] },
  { name: 'several-same-day-reviews', steps: [[0, 3], [0, 3], [0, 3], [0, 1], [0, 2], [0, 3], [1, 3], [0, 4], [3, 3]] },
  { name: 'lapse-after-long-gap-then-relearn', steps: [[0, 3], [2, 3], [7, 3], [400, 1], [0, 1], [0, 3], [1, 3], [4, 3], [15, 2]] },
  { name: 'first-again', steps: [[0, 1], [0, 1], [0, 3], [1, 1], [1, 3], [3, 3]] },
  { name: 'first-hard', steps: [[0, 2], [0, 3], [2, 2], [5, 3], [0, 2], [12, 3]] },
  { name: 'first-easy-long-gaps', steps: [[0, 4], [30, 4], [365, 4], [3650, 4], [9000, 4], [20000, 3], [36500, 4]] },
  { name: 'alternating-lapses', steps: [[0, 3], [1, 1], [1, 3], [2, 1], [3, 3], [5, 1], [8, 3], [13, 1], [21, 3]] },
];

function randomSequences(next, count) {
  const sequences = [];
  for (let i = 0; i < count; i++) {
    const length = 5 + Math.floor(next() * 21);
    const steps = [];
    for (let k = 0; k < length; k++) {
      const u = next();
      const days = k === 0 || u < 0.25 ? 0 : u < 0.55 ? 1 + Math.floor(next() * 10) : u < 0.85 ? 10 + Math.floor(next() * 90) : 100 + Math.floor(next() * 900);
      const g = next();
      const grade = g < 0.2 ? 1 : g < 0.35 ? 2 : g < 0.9 ? 3 : 4;
      steps.push([days, grade]);
    }
    sequences.push({ name: `random-${i + 1}`, steps });
  }
  return sequences;
}

const output = {
  generator: `ts-fsrs ${FSRSVersion}: next_state and forgetting_curve, enable_short_term true`,
  parameterSets: parameterSets.map((set, index) => {
    const scheduler = fsrs(generatorParameters({ w: set.w, enable_fuzz: false, enable_short_term: true }));
    const used = [...scheduler.parameters.w];
    if (used.some((w, i) => w !== set.w[i])) {
      throw new Error(`ts-fsrs clipped the weights of ${set.name}: ${used}`);
    }
    const sequences = [...handWritten, ...randomSequences(random(20260 + index), 40)].map((sequence) => {
      let state = null;
      const reviews = sequence.steps.map(([days, grade], k) => {
        const retrievability = k === 0 ? null : scheduler.forgetting_curve(days, state.stability);
        state = scheduler.next_state(state, k === 0 ? 0 : days, grade);
        return { days: k === 0 ? 0 : days, grade, retrievability, stability: state.stability, difficulty: state.difficulty };
      });
      return { name: sequence.name, reviews };
    });
    return { name: set.name, w: used, sequences };
  }),
};

// One sequence per line keeps the file small and its diffs readable.
const lines = output.parameterSets.map(
  (set) =>
    `  { "name": ${JSON.stringify(set.name)}, "w": ${JSON.stringify(set.w)}, "sequences": [\n` +
    set.sequences.map((sequence) => `    ${JSON.stringify(sequence)}`).join(',\n') +
    '\n  ] }',
);
process.stdout.write(`{ "generator": ${JSON.stringify(output.generator)}, "parameterSets": [\n${lines.join(',\n')}\n] }\n`);
