import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDivisionCsv } from './division-csv';

describe('parseDivisionCsv', () => {
  it("reads Huai'an's shipped file: 11 townships and 283 villages, no problems", () => {
    const text = readFileSync(join(__dirname, '../../../seeds/data/divisions-huaian-130728.csv'), 'utf8');
    const { rows, problems } = parseDivisionCsv(text);
    expect(problems).toEqual([]);
    expect(rows.filter((r) => r.parentCode === '130728')).toHaveLength(11);
    expect(rows.filter((r) => r.level === 'village' && r.code.startsWith('130728'))).toHaveLength(283);
    expect(rows.find((r) => r.code === '130728100213')?.name).toMatch(/^西沙洼村/);
  });

  it.each([
    ['wrong header', 'a,b,c,d\n', 'header'],
    ['code too short for level', 'code,name,level,parentCode\n13,河北省,province,\n1301,x,village,13', 'does not fit'],
    ['unknown level', 'code,name,level,parentCode\n13,河北省,state,', 'unknown level'],
    ['parent not a prefix', 'code,name,level,parentCode\n13,河北省,province,\n1401,x,city,13', 'not a prefix'],
    ['missing parent', 'code,name,level,parentCode\n1301,x,city,13', 'missing'],
    ['duplicate', 'code,name,level,parentCode\n13,a,province,\n13,b,province,', 'duplicate'],
    ['too many columns', 'code,name,level,parentCode\n13,a,province,,x', '4 columns'],
  ])('refuses %s', (_, text, fragment) => {
    const { problems } = parseDivisionCsv(text);
    expect(problems.join('\n')).toContain(fragment);
  });
});
