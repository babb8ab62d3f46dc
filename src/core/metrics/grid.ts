/**
 * The student × teacher grid: for each environment slice group, the feedback-specific gain of every
 * (student, teacher) pair, and how much of its spread the student, the teacher and their interaction
 * explain. A teacher is any non-control condition: each (llm-teacher privileged info, teacher model),
 * each rule-teacher level, the self-teacher (the student teaching itself), and any other kind
 * generically. The controls (single, retry, binary) are what gains are measured against or beside,
 * not teachers, so they are not columns.
 */
import type { Condition } from '../protocol/types';
import { isControlKind } from '../protocol/vocabulary';
import { canonicalJson } from '../rng';
import { conditionRank, type ConditionSummary, type ExperimentSummary, type RowSettings } from './summary';

/** One teacher: a distinct (condition key, teacher model). */
export interface GridColumn {
  /** Unique within the grid: canonical JSON of [conditionKey, teacherModel]. */
  key: string;
  conditionKey: string;
  condition: Condition;
  /** The llm-teacher's model id; null for every other condition. */
  teacherModel: string | null;
}

/** One (student, teacher) cell: the row's feedback-specific gain against the slice's retry row. */
export interface GridCell {
  /** `ConditionSummary.key` of the row behind the cell. */
  rowKey: string;
  estimate: number;
  low: number | null;
  high: number | null;
  /** Paired task items behind the gain. */
  items: number;
}

/** Why the spread cannot be split. */
export type DecompositionReason =
  /** Under two students with every teacher measured (the student effect is not identifiable). */
  | 'too-few-students'
  /** Under two teachers with every student measured. */
  | 'too-few-teachers'
  /** Every cell of the complete sub-grid has the same gain: there is no spread to split. */
  | 'no-spread';

/**
 * Two-way ANOVA without replication over the complete sub-grid: total sum of squares around the
 * grand mean, split into the student main effect, the teacher main effect and the residual. With one
 * value per cell the residual is the interaction and the sampling noise together: they cannot be told
 * apart.
 */
export type Decomposition =
  | {
      ok: true;
      /** The students and column keys the decomposition used (the complete sub-grid). */
      students: string[];
      columns: string[];
      /** Cells of the full grid left out to make it complete (missing ones and their lines). */
      leftOut: number;
      ssTotal: number;
      ssStudent: number;
      ssTeacher: number;
      ssResidual: number;
      /** Shares of ssTotal; they sum to 1. */
      student: number;
      teacher: number;
      residual: number;
    }
  | { ok: false; reason: DecompositionReason; students: string[]; columns: string[] };

/** One environment slice group: same environment, params, student settings and turn budget. */
export interface GainGrid {
  key: string;
  envId: string;
  preset: string;
  params: unknown;
  settings: RowSettings;
  turnBudget: number;
  /** Row headers, in summary order. */
  students: string[];
  columns: GridColumn[];
  /** cells[i][j]: student i with teacher j; null where not run or no paired item. */
  cells: (GridCell | null)[][];
  decomposition: Decomposition;
}

/** Code-unit order, as the summary sorts: the same on every machine, unlike localeCompare. */
const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

const columnKeyOf = (row: ConditionSummary) => canonicalJson([row.conditionKey, row.teacherModel]);

function cellOf(row: ConditionSummary): GridCell | null {
  const g = row.feedbackGain;
  if (!g || g.estimate === null) return null;
  return { rowKey: row.key, estimate: g.estimate, low: g.low, high: g.high, items: g.items };
}

/**
 * A large complete sub-grid found greedily: while a cell is missing, drop the student or teacher
 * whose removal loses the fewest measured cells (on a tie, the one with more missing cells, then a
 * teacher before a student, the later first, so the result is deterministic). Not always the largest
 * possible, but it never uses a cell that was not measured.
 */
function completeSubGrid(cells: readonly (GridCell | null)[][], rows: number, cols: number) {
  let r = [...Array(rows).keys()];
  let c = [...Array(cols).keys()];
  for (;;) {
    const lines = [
      ...c.map((j, at) => ({ at, row: false, miss: r.filter((i) => !cells[i]?.[j]).length, size: r.length })),
      ...r.map((i, at) => ({ at, row: true, miss: c.filter((j) => !cells[i]?.[j]).length, size: c.length })),
    ].filter((l) => l.miss > 0);
    if (lines.length === 0) return { r, c };
    const lost = (l: (typeof lines)[number]) => l.size - l.miss;
    const drop = lines.reduce((best, l) =>
      lost(l) < lost(best) ||
      (lost(l) === lost(best) && (l.miss > best.miss || (l.miss === best.miss && l.row === best.row)))
        ? l
        : best,
    );
    if (drop.row) r = r.filter((_, k) => k !== drop.at);
    else c = c.filter((_, k) => k !== drop.at);
  }
}

/** Sums of squares below this are rounding, not spread (gains are shares of at most 500 items). */
const NO_SPREAD = 1e-12;

/**
 * Split the spread of a grid of values (rows × columns, every cell present) as a two-way ANOVA
 * without replication: SS_row = c·Σ(ȳᵢ − ȳ)², SS_col = r·Σ(ȳⱼ − ȳ)², SS_residual =
 * Σ(yᵢⱼ − ȳᵢ − ȳⱼ + ȳ)², which add up to SS_total = Σ(yᵢⱼ − ȳ)². Null when the grid has under two
 * rows or columns, or no spread.
 */
export function twoWaySumsOfSquares(values: readonly (readonly number[])[]): {
  ssTotal: number;
  ssRow: number;
  ssColumn: number;
  ssResidual: number;
} | null {
  const r = values.length;
  const c = values[0]?.length ?? 0;
  if (r < 2 || c < 2 || values.some((v) => v.length !== c)) return null;
  const at = (i: number, j: number) => values[i]![j]!;
  const mean = values.flat().reduce((s, x) => s + x, 0) / (r * c);
  const rowMeans = values.map((v) => v.reduce((s, x) => s + x, 0) / c);
  const colMeans = [...Array(c).keys()].map((j) => values.reduce((s, v) => s + v[j]!, 0) / r);
  const sq = (x: number) => x * x;
  const ssRow = c * rowMeans.reduce((s, m) => s + sq(m - mean), 0);
  const ssColumn = r * colMeans.reduce((s, m) => s + sq(m - mean), 0);
  let ssTotal = 0;
  let ssResidual = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      ssTotal += sq(at(i, j) - mean);
      ssResidual += sq(at(i, j) - rowMeans[i]! - colMeans[j]! + mean);
    }
  }
  return { ssTotal, ssRow, ssColumn, ssResidual };
}

function decompose(
  students: readonly string[],
  columns: readonly GridColumn[],
  cells: readonly (GridCell | null)[][],
): Decomposition {
  const { r, c } = completeSubGrid(cells, students.length, columns.length);
  const used = { students: r.map((i) => students[i]!), columns: c.map((j) => columns[j]!.key) };
  if (r.length < 2) return { ok: false, reason: 'too-few-students', ...used };
  if (c.length < 2) return { ok: false, reason: 'too-few-teachers', ...used };
  const ss = twoWaySumsOfSquares(r.map((i) => c.map((j) => cells[i]![j]!.estimate)))!;
  if (ss.ssTotal < NO_SPREAD) return { ok: false, reason: 'no-spread', ...used };
  // Shares from the three parts (their sum is ssTotal up to rounding), so they add up to exactly 1.
  const parts = ss.ssRow + ss.ssColumn + ss.ssResidual;
  return {
    ok: true,
    ...used,
    leftOut: students.length * columns.length - r.length * c.length,
    ssTotal: ss.ssTotal,
    ssStudent: ss.ssRow,
    ssTeacher: ss.ssColumn,
    ssResidual: ss.ssResidual,
    student: ss.ssRow / parts,
    teacher: ss.ssColumn / parts,
    residual: ss.ssResidual / parts,
  };
}

/**
 * The student × teacher grids of a summary, one per environment slice group (environment + params,
 * student settings, turn budget) that has at least one teacher row, in summary order. Cells are the
 * rows' feedback-specific gains (`ConditionSummary.feedbackGain`); a pair that did not run, or whose
 * gain has no paired item, is null and is left out of the decomposition (see `Decomposition`).
 */
export function gainGrids(summary: Pick<ExperimentSummary, 'rows'>): GainGrid[] {
  const groups = new Map<string, ConditionSummary[]>();
  for (const row of summary.rows) {
    if (isControlKind(row.condition.kind)) continue;
    const key = canonicalJson([row.envId, row.params ?? null, row.settings, row.turnBudget]);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.entries()].map(([key, rows]) => {
    const first = rows[0]!;
    const students = [...new Set(rows.map((r) => r.studentModel))];
    const columns: GridColumn[] = [];
    for (const row of rows) {
      const k = columnKeyOf(row);
      if (columns.some((col) => col.key === k)) continue;
      columns.push({
        key: k,
        conditionKey: row.conditionKey,
        condition: row.condition,
        teacherModel: row.teacherModel,
      });
    }
    // One student's rows come before the next's: order the union of teachers as the summary lists them.
    columns.sort(
      (a, b) =>
        conditionRank(a.condition) - conditionRank(b.condition) ||
        text(a.teacherModel ?? '', b.teacherModel ?? ''),
    );
    const cells = students.map((s) =>
      columns.map((col) => {
        const row = rows.find((r) => r.studentModel === s && columnKeyOf(r) === col.key);
        return row ? cellOf(row) : null;
      }),
    );
    return {
      key,
      envId: first.envId,
      preset: first.preset,
      params: first.params,
      settings: first.settings,
      turnBudget: first.turnBudget,
      students,
      columns,
      cells,
      decomposition: decompose(students, columns, cells),
    };
  });
}
