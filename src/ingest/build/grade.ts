import { deriveGrade, type GradeCode } from '../../engine/classification/grades.js';
import { get, type RowValues } from '../rows.js';
import { headingOf, type BuildContext } from './context.js';

const cache = new Map<string, ReturnType<typeof deriveGrade>>();

/** `deriveGrade`, remembered: a file has a few dozen distinct band and grade texts in thousands of rows. */
function derive(
  payBand: string | null,
  grade: string | null,
  medical: boolean,
): ReturnType<typeof deriveGrade> {
  const key = `${payBand ?? ''}\u0000${grade ?? ''}\u0000${medical ? 1 : 0}`;
  let parsed = cache.get(key);
  if (!parsed) {
    if (cache.size > 10_000) cache.clear();
    cache.set(key, (parsed = deriveGrade({ payBand, grade, medical })));
  }
  return parsed;
}

/** The grade of a row from its pay band, grade text and staff group; unreadable text is a warning. */
export function gradeOf(
  values: RowValues,
  ctx: BuildContext,
  line: number,
  bandKey = 'pay_band',
  gradeKey = 'grade',
): GradeCode | null {
  const payBand = get.text(values, bandKey);
  const grade = get.text(values, gradeKey);
  const parsed = derive(payBand, grade, get.text(values, 'staff_group') === 'MEDICAL_DENTAL');
  if (parsed.ok) return parsed.value;
  const value = payBand ?? grade ?? '';
  ctx.issues.add({
    kind: 'UNKNOWN_CODE',
    file: ctx.file,
    row: line,
    column: payBand !== null ? headingOf(ctx, bandKey, 'pay band') : headingOf(ctx, gradeKey, 'grade'),
    value,
    message: `Pay band or grade '${value}' is not a known band or grade; the row is counted with grade not known.${parsed.suggestions.length > 0 ? ` Closest known values: ${parsed.suggestions.join('; ')}.` : ''}`,
  });
  return null;
}
