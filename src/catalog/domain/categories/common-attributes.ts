import { AttributeSpec } from '../category.types';

/** 四至 `{ east, south, west, north }`, shared by the land-like categories. */
export function boundariesAttribute(required: boolean): AttributeSpec {
  return { key: 'boundaries', type: 'boundaries', required, labelZh: '四至', labelEn: 'Boundaries' };
}

/** Building floor area in square metres. */
export function floorAreaAttribute(required: boolean): AttributeSpec {
  return { key: 'floorAreaM2', type: 'number', unit: 'm2', required, labelZh: '建筑面积', labelEn: 'Floor area' };
}
