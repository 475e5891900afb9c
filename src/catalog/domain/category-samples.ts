import { AttributeRecord, CategoryCode } from './category.types';
import { findCategory } from './category-registry';

const BOUNDARIES = { east: '村道', south: '张家承包地', west: '排水沟', north: '李家承包地' };

/** One valid attributes object per category (rights end far in the future so any sensible term fits). */
const SAMPLES: Readonly<Record<CategoryCode, AttributeRecord>> = {
  LAND_CONTRACT: {
    certificateNo: '130728100213J0001',
    parcelCodes: ['1307281002130100001', '1307281002130100002'],
    boundaries: BOUNDARIES,
    landClass: 'IRRIGATED',
    grade: '三等',
    rightEndsOn: '2060-12-31',
    permittedUse: '种植玉米',
  },
  FOREST: {
    certificateNo: '冀(2019)怀安县林权第0001号',
    subCompartment: '012',
    boundaries: BOUNDARIES,
    treeSpecies: ['油松', '杨树'],
    ageClass: '中龄林',
    standVolumeM3: 350.5,
    forestType: 'COMMERCIAL',
    rightEndsOn: '2060-12-31',
  },
  FOUR_WASTES: {
    wasteType: 'HILL',
    boundaries: BOUNDARIES,
    currentCondition: '荒山，植被稀疏',
    conservationDuty: '承担水土保持治理义务',
  },
  COLLECTIVE_EQUITY: {
    organizationName: '怀安县柴沟堡镇西沙洼村股份经济合作社',
    certificateNo: 'GQ-130728100213-0001',
    shareCount: 10,
    shareType: 'MEMBER',
  },
  PRODUCTION_FACILITY: {
    facilityType: 'GREENHOUSE',
    model: '日光温室',
    quantity: 3,
    builtYear: 2018,
    condition: '完好',
    floorAreaM2: 1200,
  },
  COLLECTIVE_OPERATING_ASSET: {
    assetName: '村集体临街门市房',
    floorAreaM2: 240.5,
    structure: '砖混',
    appraisedValueFen: 50_000_000,
  },
  WATER_FACILITY: {
    facilityType: 'WELL',
    capacity: '出水量50立方米/小时',
    irrigatedAreaMu: 300,
  },
  AGRI_IP: {
    ipType: 'PLANT_VARIETY',
    registrationNo: 'CNA20190001.1',
    validUntil: '2060-12-31',
  },
  COLLECTIVE_CONSTRUCTION_LAND: {
    parcelCode: '130728100214JA00001',
    boundaries: BOUNDARIES,
    plannedUse: '工业用地',
    plotRatio: 1.2,
  },
  RURAL_HOUSING: {
    floorAreaM2: 120,
    structure: '砖木',
    homesteadCertificateNo: '怀集建(2010)第0001号',
  },
  AQUACULTURE_WATER: {
    waterType: 'POND',
    boundaries: BOUNDARIES,
    rightEndsOn: '2060-12-31',
  },
  AGRI_PROJECT: {
    projectType: 'WORKS',
    scope: '村内道路硬化工程，长1.2公里',
    budgetFen: 80_000_000,
    deliveryDays: 90,
    advancePercent: 30,
    warrantyMonths: 12,
  },
};

/** A fresh (deep-copied, freely mutable) valid attributes object for the category `code`. */
export function sampleAttributes(code: CategoryCode): AttributeRecord {
  return structuredClone(SAMPLES[code]);
}

/** A valid top-level `areaMu` for a category that has an area, else undefined. */
export function sampleAreaMu(code: CategoryCode): number | undefined {
  return findCategory(code)?.hasArea ? 25.5 : undefined;
}
