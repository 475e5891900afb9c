import { consentRequiredFor, resolutionRequiredFor } from '../../catalog/domain/category-registry';
import { CategoryDefinition, PartyType, TransferMode } from '../../catalog/domain/category.types';

export type RequiredDocumentKind = 'OWNERSHIP_CERTIFICATE' | 'RESOLUTION' | 'CONSENT';

/**
 * The documents a listing must carry before it is submitted (API.md `POST /listings/:id/submit`): ownership proof
 * (not for a procurement), the resolution where one is required, the collective's consent for a land TRANSFER.
 */
export function requiredDocumentKinds(
  category: CategoryDefinition,
  listerType: PartyType,
  transferMode: TransferMode,
): RequiredDocumentKind[] {
  const kinds: RequiredDocumentKind[] = [];
  if (category.code !== 'AGRI_PROJECT') kinds.push('OWNERSHIP_CERTIFICATE');
  if (resolutionRequiredFor(category, listerType)) kinds.push('RESOLUTION');
  if (consentRequiredFor(category, transferMode)) kinds.push('CONSENT');
  return kinds;
}
