/**
 * The lab's words, written once: what every role, condition, setting and results column means, in plain
 * sentences a teacher can read out in a classroom. The (?) buttons (`Help.svelte`), the first-visit
 * panel and the glossary page all read this one table, so an explanation cannot differ between them.
 * Pure data (no DOM, no Svelte): a unit test checks that every form setting and results column has an
 * entry, and the keys are a union type, so a (?) naming an unknown term does not compile.
 * Definitions follow what `src/core/metrics/` computes; change both together.
 */
import type { Condition, ConditionKind } from '../../core/protocol/types';

/** Where an entry is listed on the glossary page. */
export type GlossaryGroup = 'roles' | 'conditions' | 'settings' | 'results';

/** One term and its explanation. */
export interface GlossaryEntry {
  /** The word as the pages write it ("Task seed", "acc@K"). */
  term: string;
  /** One or two plain sentences. Rendered as text, never as HTML. */
  text: string;
  group: GlossaryGroup;
}

const role = (term: string, text: string): GlossaryEntry => ({ term, text, group: 'roles' });
const condition = (term: string, text: string): GlossaryEntry => ({ term, text, group: 'conditions' });
const setting = (term: string, text: string): GlossaryEntry => ({ term, text, group: 'settings' });
const result = (term: string, text: string): GlossaryEntry => ({ term, text, group: 'results' });

/** Every entry, by key, in the order the glossary page lists them within each group. */
export const GLOSSARY = {
  // Who takes part.
  student: role(
    'Student',
    'The one who tries to solve the task: a small language model, or you. It sees the task and, after each attempt, whatever the condition gives it.',
  ),
  verifier: role(
    'Verifier',
    'A program that checks each attempt exactly and says whether it is right, with a list of what is wrong. The student never sees its answer key.',
  ),
  teacher: role(
    'Teacher',
    'Whoever writes feedback between attempts: a rule, a language model, the student itself or a person. It must help without giving the answer away.',
  ),

  // What the student gets between attempts.
  conditions: condition(
    'Condition (between attempts)',
    'What the student is given after a wrong attempt before it tries again. Comparing conditions on the same tasks shows what feedback adds.',
  ),
  single: condition(
    'Single attempt',
    'One attempt and no second chance: the score a model gets without any retry.',
  ),
  retry: condition(
    'Retry (no feedback)',
    'The student simply tries again, told nothing about its last attempt. This is the control every feedback gain is measured against.',
  ),
  binary: condition(
    'Right/wrong only',
    'After each attempt the student is told only "wrong", nothing else. It shows how much the bare verdict helps; a teacher must beat it to show its words help.',
  ),
  ruleTeacher: condition(
    'Rule teacher',
    "A fixed program writes the feedback from the verifier's list of errors, at a chosen hint level. It never gives the answer.",
  ),
  hintLevel: condition(
    'Hint level',
    'How much the rule teacher says: 0 only that the attempt is wrong, 1 the kind of error, 2 where it is, 3 a nudge towards the fix. Even level 3 hides the answer.',
  ),
  rule0: condition('Rule teacher, hint level 0', 'The rule teacher says only that the attempt is wrong.'),
  rule1: condition(
    'Rule teacher, hint level 1',
    'The rule teacher names the kind of error the attempt makes.',
  ),
  rule2: condition('Rule teacher, hint level 2', 'The rule teacher says where in the attempt the error is.'),
  rule3: condition(
    'Rule teacher, hint level 3',
    'The rule teacher gives a nudge towards fixing the error, the most specific hint that still hides the answer.',
  ),
  llmTeacher: condition(
    'LLM teacher',
    'A language model reads the task and the attempt and writes feedback. What else it sees (the answer, a solution, the diagnosis) is chosen under "Teacher sees".',
  ),
  teacherSees: condition(
    'Teacher sees',
    "What an LLM teacher is shown besides the task: the attempt only, or also the answer, a worked solution or the verifier's diagnosis; a guide sees the answer but not the attempt.",
  ),
  seesNone: condition(
    'LLM teacher, no privileged info',
    'The model teacher sees the task and the attempt only, like a classmate who does not know the answer.',
  ),
  seesAnswer: condition(
    'LLM teacher, sees the answer',
    'The model teacher sees the task, the attempt and the correct answer, and must hint without giving it away.',
  ),
  seesSolution: condition(
    'LLM teacher, sees the worked solution',
    'The model teacher sees the task, the attempt and a worked solution with its steps.',
  ),
  seesDiagnosis: condition(
    "LLM teacher, sees the checker's diagnosis",
    "The model teacher sees the task, the attempt and the verifier's list of what is wrong with it.",
  ),
  guide: condition(
    'LLM guide',
    'A model that sees the task and the answer but never the attempt, so its help is general. A teacher that beats it shows that reading this attempt helped.',
  ),
  selfTeacher: condition(
    'Self-teacher',
    'The student model criticises its own attempt, seeing the task and the attempt but not the answer: can a model teach itself?',
  ),
  humanTeacher: condition(
    'Human teacher',
    'You write the feedback by hand after each attempt. It is not offered in experiments, which run unattended.',
  ),

  // The settings of an episode or an experiment.
  environment: setting(
    'Environment',
    'The kind of task: a maze, arithmetic, countdown, sudoku, knights and knaves, Tower of Hanoi or a small program. Each has its own verifier.',
  ),
  difficulty: setting(
    'Difficulty',
    'The size of the tasks, from starter (small models solve it fairly often) to hard.',
  ),
  taskSeed: setting(
    'Task seed',
    'A number that picks the stream of tasks. The same seed, item and difficulty always give exactly the same task, on any computer.',
  ),
  item: setting(
    'Item',
    'Which task of the stream: item 0 is the first, 1 the next. Change it to get a new task with the same settings.',
  ),
  tasks: setting(
    'Tasks',
    'How many different task items the experiment runs. Every condition gets the same items, so conditions are compared task by task.',
  ),
  coachTasks: setting(
    'Tasks (Be the teacher)',
    'How many tasks you coach the student through. After each one the same model tries the same task with plain retry, and your score compares the two.',
  ),
  turns: setting(
    'Turns (turn budget)',
    'The most attempts the student gets in one episode, called K in the results. The episode stops early once an attempt is right, unless "keep going" is on.',
  ),
  history: setting(
    'History: full / last turn',
    'What a model student remembers: "full" shows it every earlier attempt and its feedback, "last turn" only the latest attempt and feedback.',
  ),
  temperature: setting(
    'Temperature',
    'How much randomness the model uses when writing: 0 always picks the most likely word, higher values vary more.',
  ),
  greedy: setting(
    'Greedy decoding',
    'Temperature 0 for the student and the teacher: the models always write the same text for the same prompt, whatever the sampling seed.',
  ),
  samplingSeed: setting(
    'Sampling seed',
    "The seed of the models' randomness: the same seed and settings give the same text again. It does not change the task; the task seed does.",
  ),
  maxTokens: setting(
    'Max tokens',
    'The longest reply the student model may write, in tokens (pieces of words). A reply cut off at this length is usually wrong.',
  ),
  teacherMaxTokens: setting(
    'Teacher max tokens',
    'The longest feedback a model teacher may write, in tokens (pieces of words).',
  ),
  demonstration: setting(
    'One solved example first',
    'Before its task, the model student is shown one solved task of the same kind (never the task itself), so it copies the answer format.',
  ),
  leakPolicy: setting(
    'Leak policy',
    'What happens when teacher feedback would give away the answer: "regenerate" asks the teacher again and, past the retries, sends the rule hint instead; "pass" lets it through and marks it.',
  ),
  leakRetries: setting(
    'Leak retries',
    'How many times a leaking teacher message is rewritten before it is withheld and replaced by the rule hint.',
  ),
  keepGoing: setting(
    'Keep going after a correct attempt',
    'Attempts go on after a right answer until the turns are used, to see whether the student keeps it or breaks it (the regression and "broke" counts).',
  ),
  scratchpad: setting(
    'Teacher scratchpad',
    'The model teacher first thinks in private, then writes its feedback; only the feedback reaches the student. The thinking shows in a replay.',
  ),
  memory: setting(
    'Teacher memory',
    'The model teacher is shown the feedback it gave at the earlier turns, so it can build on it instead of repeating itself.',
  ),
  wordLimit: setting(
    'Teacher word limit',
    'The teacher is asked for at most this many words, and longer feedback is cut. Empty means no limit.',
  ),
  replicates: setting(
    'Samples per task (replicates)',
    'How many times each task runs under every condition, each time with its own sampling seed. More samples make the numbers steadier.',
  ),
  experimentSeed: setting(
    'Seed (experiment)',
    "The experiment's sampling seed: each episode's own seed is derived from it, the same under every condition for the same task and sample.",
  ),
  speed: setting(
    'Speed (tokens/s)',
    'How many tokens per second your computer generates, used only to estimate how long the experiment takes.',
  ),

  // The results of an experiment.
  episodes: result(
    'Episodes',
    'Finished episodes in the row (solved, or failed after every attempt). Stopped or broken episodes are left out of every number.',
  ),
  acc1: result('acc@1', 'The share of episodes solved at the first attempt, before any feedback.'),
  accK: result(
    'acc@K',
    'The share of episodes solved by attempt K, the turn budget (the header shows the number). The range under it is a 95% interval.',
  ),
  gain: result(
    'Gain',
    'acc@K minus acc@1, in percentage points: the share of episodes first solved at a later attempt.',
  ),
  normGain: result(
    'Norm. gain',
    'Of the episodes wrong at the first attempt, the share solved later: (acc@K − acc@1) / (1 − acc@1). Empty when every episode was solved at once.',
  ),
  auc: result(
    'AUC',
    'The average of the accuracy curve over attempts 1 to K: it rewards solving earlier, and is 1 when everything is solved at the first attempt. Compare it only at the same K.',
  ),
  feedbackGain: result(
    'Feedback gain vs retry [95% CI]',
    "This row's acc@K minus retry's acc@K on the same tasks, paired task by task, with a 95% interval (Newcombe's with one episode per task, else a bootstrap over tasks). Above zero: the feedback helped more than trying again.",
  ),
  contentGain: result(
    'Content gain vs right/wrong [95% CI]',
    'A teacher row\'s acc@K minus "Right/wrong only" on the same tasks, paired with a 95% interval: what the teacher\'s words add beyond saying "wrong".',
  ),
  repeat: result(
    'Repeat',
    'Of the attempts made after feedback, the share that gave the same answer as the attempt before.',
  ),
  fix: result(
    'Fix',
    'Of the wrong attempts with an error the verifier flagged, the share whose next attempt no longer has that error.',
  ),
  regression: result(
    'Regression',
    "Of the attempts made after feedback, the share that scored lower than the attempt before (the verifier's partial credit).",
  ),
  leak: result(
    'Leak',
    'Of the teacher drafts checked, rewritten ones included, the share caught giving away the answer. Retry and right/wrong only have no teacher, so no leak.',
  ),
  tokens: result(
    'Tokens / ep.',
    'The average number of tokens the student and the teacher models generated per episode.',
  ),
  time: result('Time / ep.', 'The average time one episode took, all its turns together.'),
  control: result(
    'control',
    'Written in a gain column on the row a gain is measured against (retry, or right/wrong only): it has no gain over itself.',
  ),
  interval: result(
    '95% interval (CI)',
    'The range the true value likely lies in: with repeated experiments, 95 in 100 such ranges would hold it. A gain whose range crosses zero may be chance.',
  ),
  accuracyCurve: result(
    'Accuracy by turn',
    'For each attempt t, the share of episodes solved by attempt t. A curve that rises faster learns more from what it gets between attempts.',
  ),
  contrast: result(
    'Compare two rows',
    'Any two rows compared on the tasks both ran, paired task by task: the difference in the share solved by the last attempt, with a 95% interval and an exact test.',
  ),
  transitions: result(
    'From one attempt to the next',
    'For each step t → t + 1, how many attempts went from wrong to right (fixed), stayed wrong, or went from right to wrong (broke, only with "keep going").',
  ),
  grid: result(
    'Students × teachers',
    "Each cell is that student's feedback gain vs retry with that teacher, with its interval and number of tasks; the sentence below says how much of the spread comes from the student, the teacher, or their mix.",
  ),
} as const satisfies Record<string, GlossaryEntry>;

/** A term the glossary explains. */
export type GlossaryKey = keyof typeof GLOSSARY;

/** The entries of one group, in glossary order. */
export function glossaryGroup(group: GlossaryGroup): [GlossaryKey, GlossaryEntry][] {
  return (Object.entries(GLOSSARY) as [GlossaryKey, GlossaryEntry][]).filter(([, e]) => e.group === group);
}

/** The entry that explains a kind of condition, whatever its level or view. */
export function kindTerm(kind: ConditionKind): GlossaryKey {
  const terms: Record<ConditionKind, GlossaryKey> = {
    single: 'single',
    retry: 'retry',
    binary: 'binary',
    'rule-teacher': 'ruleTeacher',
    'llm-teacher': 'llmTeacher',
    'self-teacher': 'selfTeacher',
    'human-teacher': 'humanTeacher',
  };
  return terms[kind];
}

/** The entry that explains one condition (a rule teacher's level, an LLM teacher's view). */
export function conditionTerm(c: Condition): GlossaryKey {
  switch (c.kind) {
    case 'rule-teacher':
      return (['rule0', 'rule1', 'rule2', 'rule3'] as const)[c.level];
    case 'llm-teacher':
      return (
        {
          none: 'seesNone',
          answer: 'seesAnswer',
          solution: 'seesSolution',
          diagnosis: 'seesDiagnosis',
          guide: 'guide',
        } as const
      )[c.privileged];
    default:
      return kindTerm(c.kind);
  }
}

/** The seed paper, linked from the first-visit panel and the glossary page. */
export const SEED_PAPER = {
  title: 'Improving Interactive In-Context Learning from Natural Language Feedback',
  authors: 'Klissarov et al., 2026',
  url: 'https://arxiv.org/abs/2602.16066',
} as const;
