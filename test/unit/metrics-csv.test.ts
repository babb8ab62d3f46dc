import { describe, expect, it } from 'vitest';
import { csvField, summarise, summaryToCsv, toCsv } from '../../src/core/metrics';
import { outcome, RULE2 } from './metrics-fixtures';

/** A minimal RFC 4180 reader, to check that what we write reads back field for field. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('csvField and toCsv', () => {
  it('quote fields with commas, quotes and line breaks, doubling quotes (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(0.1 + 0.2)).toBe('0.3');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(true)).toBe('true');
    expect(
      toCsv([
        ['a', 'b,c'],
        [1, null],
      ]),
    ).toBe('a,"b,c"\r\n1,\r\n');
  });
});

describe('summaryToCsv', () => {
  it('writes a header and one row per condition row that read back intact', () => {
    const weird = { student: { kind: 'model', modelId: 'org/model "q4", v2\nbeta' } } as const;
    const summary = summarise([
      outcome('a', 1, { index: 0, turnBudget: 3, ...weird }),
      outcome('b', null, { index: 1, turnBudget: 3, ...weird }),
      outcome('c', 2, { index: 0, turnBudget: 3, condition: RULE2, ...weird }),
      outcome('d', 1, { index: 1, turnBudget: 3, condition: RULE2, ...weird }),
    ]);
    const text = summaryToCsv(summary);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    const [header, retry, rule] = rows;
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
    const col = (r: string[] | undefined, name: string) => r?.[header!.indexOf(name)];
    expect(col(retry, 'student')).toBe('org/model "q4", v2\nbeta');
    expect(col(retry, 'condition')).toBe('retry');
    // Retry: 1 of 2 solved at 1 → acc1 0.5, accK 0.5 (K = 3), and acc_t4 is empty.
    expect([col(retry, 'acc1'), col(retry, 'accK'), col(retry, 'acc_t3'), col(retry, 'acc_t4')]).toEqual([
      '0.5',
      '0.5',
      '0.5',
      undefined,
    ]);
    expect(col(retry, 'feedback_gain')).toBe('');
    // Rule teacher: acc1 1/2, accK 2/2, gain 0.5; paired gain 1 − 0.5 = 0.5 over 2 items.
    expect([col(rule, 'acc1'), col(rule, 'accK'), col(rule, 'gain'), col(rule, 'acc_t3')]).toEqual([
      '0.5',
      '1',
      '0.5',
      '1',
    ]);
    expect([
      col(rule, 'feedback_gain'),
      col(rule, 'feedback_gain_items'),
      col(rule, 'feedback_gain_method'),
    ]).toEqual(['0.5', '2', 'newcombe']);
  });

  it('neutralises cells a spreadsheet would run as formulas (OWASP CSV injection), not numbers', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvField(`${start}1+1`).replace(/^"/, '')).toMatch(/^'/);
    }
    expect(csvField('=HYPERLINK("http://evil.example","click")')).toBe(
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
    );
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-0.25)).toBe('-0.25');

    const evil = '=HYPERLINK("http://evil.example","model")';
    const summary = summarise([outcome('a', 1, { student: { kind: 'model', modelId: evil } })]);
    const rows = parseCsv(summaryToCsv(summary));
    const header = rows[0]!;
    expect(rows[1]?.[header.indexOf('student')]).toBe(`'${evil}`);
  });

  it('writes only the header for an empty summary', () => {
    const rows = parseCsv(summaryToCsv(summarise([])));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.[0]).toBe('env');
  });
});
