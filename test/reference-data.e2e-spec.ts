import { DivisionsService } from '../src/divisions/divisions.service';
import { createTestApp, TestContext } from './support/test-app';

describe('reference data: categories and divisions', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /categories lists the 12 categories with their schema, publicly', async () => {
    const res = await t.http.get('/api/v1/categories').expect(200);
    expect(res.body.map((c: { code: string }) => c.code)).toEqual([
      'LAND_CONTRACT',
      'FOREST',
      'FOUR_WASTES',
      'COLLECTIVE_EQUITY',
      'PRODUCTION_FACILITY',
      'COLLECTIVE_OPERATING_ASSET',
      'WATER_FACILITY',
      'AGRI_IP',
      'COLLECTIVE_CONSTRUCTION_LAND',
      'RURAL_HOUSING',
      'AQUACULTURE_WATER',
      'AGRI_PROJECT',
    ]);
    for (const c of res.body) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining([
          'code',
          'nameZh',
          'nameEn',
          'listerTypes',
          'transferModes',
          'priceUnits',
          'direction',
          'hasArea',
          'attributes',
          'rules',
        ]),
      );
      expect(c.priceUnits).toContain('TOTAL');
      for (const a of c.attributes) {
        expect(typeof a.key).toBe('string');
        expect(typeof a.labelZh).toBe('string');
        expect(typeof a.labelEn).toBe('string');
        expect(typeof a.required).toBe('boolean');
      }
    }
    const land = res.body.find((c: { code: string }) => c.code === 'LAND_CONTRACT');
    expect(land.nameZh).toBe('农村承包土地经营权');
    expect(land.hasArea).toBe(true);
    expect(land.priceUnits).toEqual(expect.arrayContaining(['TOTAL', 'PER_YEAR', 'PER_MU_PER_YEAR']));
    expect(land.attributes.find((a: { key: string }) => a.key === 'landClass').enum).toEqual(
      expect.arrayContaining(['IRRIGATED', 'DRY', 'PADDY', 'OTHER']),
    );
    const project = res.body.find((c: { code: string }) => c.code === 'AGRI_PROJECT');
    expect(project.direction).toBe('DESCENDING');
    expect(project.priceUnits).toEqual(['TOTAL']);
    expect(res.body.filter((c: { direction: string }) => c.direction === 'DESCENDING')).toHaveLength(1);
  });

  it("GET /divisions?parent=130728 gives Huai'an's 11 townships", async () => {
    const res = await t.http.get('/api/v1/divisions?parent=130728').expect(200);
    expect(res.body).toHaveLength(11);
    expect(res.body[0]).toEqual({ code: '130728100', name: '柴沟堡镇', level: 'township', parentCode: '130728' });
    expect(res.body.at(-1)).toMatchObject({ code: '130728206', name: '第三堡乡' });
  });

  it('the townships hold 283 villages, among them 西沙洼村 and 东沙洼村', async () => {
    const townships = (await t.http.get('/api/v1/divisions?parent=130728').expect(200)).body as { code: string }[];
    const villages = (
      await Promise.all(townships.map((tw) => t.http.get(`/api/v1/divisions?parent=${tw.code}`).expect(200)))
    ).flatMap((r) => r.body as { code: string; name: string; level: string }[]);
    expect(villages).toHaveLength(283);
    expect(villages.every((v) => v.level === 'village' && v.code.length === 12)).toBe(true);
    expect(villages.find((v) => v.code === '130728100213')?.name).toMatch(/^西沙洼村/);
    expect(villages.find((v) => v.code === '130728100214')?.name).toMatch(/^东沙洼村/);
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM divisions WHERE level = 'village'`);
    expect(count).toBe(283);
  });

  it('walks down from the top level to the county', async () => {
    const top = await t.http.get('/api/v1/divisions').expect(200);
    expect(top.body).toEqual([{ code: '13', name: '河北省', level: 'province', parentCode: null }]);
    const counties = await t.http.get('/api/v1/divisions?parent=1307').expect(200);
    expect(counties.body.map((d: { code: string }) => d.code)).toContain('130728');
  });

  it('an unknown parent gives an empty list; a malformed one is 400', async () => {
    expect((await t.http.get('/api/v1/divisions?parent=999999').expect(200)).body).toEqual([]);
    const bad = await t.http.get('/api/v1/divisions?parent=abc').expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details[0].field).toBe('parent');
  });

  it("imports another county's divisions from a CSV of the same shape, and refuses a broken file whole", async () => {
    const csv = [
      'code,name,level,parentCode',
      '13,河北省,province,',
      '1307,张家口市,city,13',
      '130722,张北县,county,1307',
      '130722100,张北镇,township,130722',
      '130722100201,城南村民委员会,village,130722100',
    ].join('\n');
    const service = t.app.get(DivisionsService);
    expect(await service.importCsv(csv)).toBe(5);
    const res = await t.http.get('/api/v1/divisions?parent=130722100').expect(200);
    expect(res.body).toEqual([
      { code: '130722100201', name: '城南村民委员会', level: 'village', parentCode: '130722100' },
    ]);
    await expect(service.importCsv(csv + '\n130722100202,孤村,village,130722999')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect((await t.http.get('/api/v1/divisions?parent=130722100').expect(200)).body).toHaveLength(1);
  });
});
