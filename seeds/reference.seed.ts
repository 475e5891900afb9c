import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DivisionsService } from '../src/divisions/divisions.service';

/** The divisions shipped with the product: Huai'an County (130728), its 11 townships and 283 villages. */
export const DIVISIONS_CSV = join(__dirname, 'data', 'divisions-huaian-130728.csv');

/** Loads the reference data (idempotent; runs at every start, on both databases). */
export async function loadReferenceData(divisions: DivisionsService): Promise<void> {
  await divisions.importCsv(readFileSync(DIVISIONS_CSV, 'utf8'));
}
