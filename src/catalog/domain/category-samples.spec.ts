import { validateAttributes } from './attribute-validation';
import { CATEGORIES } from './category-registry';
import { sampleAreaMu, sampleAttributes } from './category-samples';

describe('sampleAttributes', () => {
  it.each(CATEGORIES.map((c) => [c.code, c] as const))('%s sample is valid and complete', (code, category) => {
    const sample = sampleAttributes(code);
    expect(validateAttributes(category, sample)).toEqual([]);
    expect(Object.keys(sample).sort()).toEqual(category.attributes.map((a) => a.key).sort());
    const end = category.rules.rightEndAttribute;
    if (end) expect(sample[end] >= '2060-01-01').toBe(true);
  });

  it('returns a fresh copy each time', () => {
    const a = sampleAttributes('LAND_CONTRACT');
    (a.parcelCodes as string[]).push('X');
    a.landClass = 'DRY';
    expect(sampleAttributes('LAND_CONTRACT').landClass).toBe('IRRIGATED');
    expect(sampleAttributes('LAND_CONTRACT').parcelCodes).toHaveLength(2);
  });

  it('gives an area only for categories with one', () => {
    for (const c of CATEGORIES) expect(sampleAreaMu(c.code) !== undefined).toBe(c.hasArea);
  });
});
