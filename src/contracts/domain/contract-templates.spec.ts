import { CATEGORIES } from '../../catalog/domain/category-registry';
import { CATEGORY_CODES } from '../../catalog/domain/category.types';
import { CONTRACT_TEMPLATES, contractTitle, SECTION_KINDS } from './contract-templates';

describe('contract templates', () => {
  it('has exactly one template per category', () => {
    expect(Object.keys(CONTRACT_TEMPLATES).sort()).toEqual([...CATEGORY_CODES].sort());
  });

  describe.each(CATEGORIES.map((c) => [c.code, c] as const))('%s', (code, category) => {
    const template = CONTRACT_TEMPLATES[code];

    it('labels every attribute of the catalog, and nothing else', () => {
      expect(Object.keys(template.attributes).sort()).toEqual(category.attributes.map((a) => a.key).sort());
      for (const key of Object.keys(template.attributes)) expect(template.attributes[key].label).not.toBe('');
    });

    it('names every enum value in Chinese', () => {
      for (const spec of category.attributes.filter((a) => a.type === 'enum')) {
        const values = template.attributes[spec.key].values ?? {};
        expect(Object.keys(values).sort()).toEqual([...(spec.enum ?? [])].sort());
        for (const zh of Object.values(values)) expect(zh).toMatch(/[\u4e00-\u9fff]/);
      }
    });

    it('titles only the transfer modes the category allows', () => {
      for (const mode of Object.keys(template.titleByMode ?? {})) {
        expect(category.transferModes).toContain(mode);
      }
      for (const mode of category.transferModes) expect(contractTitle(code, mode)).toMatch(/合同$/);
    });

    it('has a valid article order', () => {
      const order = template.sections ?? SECTION_KINDS;
      expect(new Set(order).size).toBe(order.length);
      for (const kind of SECTION_KINDS) expect(order).toContain(kind);
    });

    it('lets the lister buy only in a reverse auction', () => {
      expect(template.listerRole).toBe(category.direction === 'DESCENDING' ? 'BUYER' : 'SELLER');
      expect(template.kind).toBe(category.direction === 'DESCENDING' ? 'PROCUREMENT' : 'RIGHT');
    });
  });

  it.each<[(typeof CATEGORY_CODES)[number], Parameters<typeof contractTitle>[1], string]>([
    ['LAND_CONTRACT', 'LEASE', '农村土地经营权出租合同'],
    ['LAND_CONTRACT', 'SUBCONTRACT', '农村土地经营权转包合同'],
    ['LAND_CONTRACT', 'SHARE', '农村土地经营权入股合同'],
    ['LAND_CONTRACT', 'TRANSFER', '农村土地承包经营权转让合同'],
    ['FOREST', 'LEASE', '林权出租合同'],
    ['FOREST', 'SHARE', '林权入股合同'],
    ['FOUR_WASTES', 'SUBCONTRACT', '“四荒”使用权转包合同'],
    ['COLLECTIVE_EQUITY', 'TRANSFER', '农村集体资产股权转让合同'],
    ['PRODUCTION_FACILITY', 'LEASE', '农村生产性设施设备租赁合同'],
    ['PRODUCTION_FACILITY', 'SALE', '农村生产性设施设备转让合同'],
    ['COLLECTIVE_OPERATING_ASSET', 'LEASE', '农村集体经营性资产租赁合同'],
    ['COLLECTIVE_OPERATING_ASSET', 'TRANSFER', '农村集体经营性资产转让合同'],
    ['WATER_FACILITY', 'LEASE', '小型水利设施使用权出租合同'],
    ['AGRI_IP', 'TRANSFER', '农业知识产权转让合同'],
    ['AGRI_IP', 'LEASE', '农业知识产权实施许可合同'],
    ['COLLECTIVE_CONSTRUCTION_LAND', 'TRANSFER', '农村集体经营性建设用地使用权出让合同'],
    ['COLLECTIVE_CONSTRUCTION_LAND', 'LEASE', '农村集体经营性建设用地使用权出租合同'],
    ['RURAL_HOUSING', 'LEASE', '农村房屋租赁合同'],
    ['AQUACULTURE_WATER', 'LEASE', '养殖水面经营权出租合同'],
    ['AQUACULTURE_WATER', 'TRANSFER', '养殖水面经营权转让合同'],
    ['AGRI_PROJECT', 'PROCUREMENT', '涉农项目采购合同'],
  ])('%s %s → %s', (code, mode, title) => {
    expect(contractTitle(code, mode)).toBe(title);
  });
});
