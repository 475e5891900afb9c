import type { Page } from 'playwright-core';

/** Helpers of the seller's listing pages' browser tests (issue 13): the wizard's form, uploads through the page. */

export const PNG_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]);
export const PDF_FILE = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

/** A LAND_CONTRACT draft's body for the API (set-up not under test). */
export function landDraftBody(title: string): Record<string, unknown> {
  return {
    categoryCode: 'LAND_CONTRACT',
    title,
    villageCode: '130728100213',
    transferMode: 'LEASE',
    attributes: {
      certificateNo: '130728100213J0009',
      parcelCodes: ['1307281002130100009'],
      boundaries: { east: '路', south: '渠', west: '地', north: '林' },
      landClass: 'DRY',
      rightEndsOn: '2060-12-31',
      permittedUse: '种植',
    },
    areaMu: 3,
    priceUnit: 'PER_YEAR',
    reservePriceFen: 300_000,
    incrementFen: 5_000,
    depositFen: 60_000,
    termYears: 3,
    tradingMethod: 'AUCTION',
  };
}

/** Fills the LAND_CONTRACT form of the wizard (a lease per mu and year: 800 元 × 12.5 亩 × 5 年 = 50,000.00 元). */
export async function fillLandContractForm(page: Page, overrides: Record<string, string> = {}): Promise<void> {
  const values: Record<string, string> = {
    '#f-title': '西沙洼村 12.5 亩水浇地出租',
    '#f-attr-certificateNo': '130728100213J0001',
    '#f-attr-parcelCodes': '1307281002130100001，1307281002130100002',
    '#f-attr-boundaries-east': '村道',
    '#f-attr-boundaries-south': '王家承包地',
    '#f-attr-boundaries-west': '水渠',
    '#f-attr-boundaries-north': '林带',
    '#f-attr-rightEndsOn': '2060-12-31',
    '#f-attr-permittedUse': '种植玉米',
    '#f-areaMu': '12.5',
    '#f-reservePrice': '800',
    '#f-increment': '10',
    '#f-termYears': '5',
    '#f-deposit': '2000',
    ...overrides,
  };
  await page.selectOption('#f-villageCode', '130728100213');
  await page.selectOption('#f-transferMode', 'LEASE');
  await page.selectOption('#f-attr-landClass', 'IRRIGATED');
  await page.selectOption('#f-priceUnit', 'PER_MU_PER_YEAR');
  for (const [selector, value] of Object.entries(values)) await page.fill(selector, value);
}

/** Uploads a document through the listing page's form (`setInputFiles`). */
export async function uploadThroughPage(
  page: Page,
  kind: string,
  file: { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  await page.selectOption('#kind', kind);
  await page.setInputFiles('#file', file);
  await Promise.all([page.waitForLoadState('load'), page.click('.upload-form button[type="submit"]')]);
}
