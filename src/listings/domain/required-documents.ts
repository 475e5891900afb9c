import { consentRequiredFor, resolutionRequiredFor } from '../../catalog/domain/category-registry';
import { CategoryDefinition, PartyType, TransferMode } from '../../catalog/domain/category.types';

export type RequiredDocumentKind = 'OWNERSHIP_CERTIFICATE' | 'RESOLUTION' | 'CONSENT' | 'MANDATE' | 'AUTHORIZATION';

/**
 * The documents a listing must carry before it is submitted (API.md `POST /listings/:id/submit`): ownership proof
 * (not for a procurement), the resolution where one is required, the collective's consent for a land TRANSFER, and
 * the households' mandates (委托书) when a collective lists their land on their behalf, and the owner's signed
 * authorization (授权委托书) when a clerk drafted the listing for them (代办挂牌, `assisted`).
 */
export function requiredDocumentKinds(
  category: CategoryDefinition,
  listerType: PartyType,
  transferMode: TransferMode,
  onBehalfOfHouseholds = false,
  assisted = false,
): RequiredDocumentKind[] {
  const kinds: RequiredDocumentKind[] = [];
  if (category.code !== 'AGRI_PROJECT') kinds.push('OWNERSHIP_CERTIFICATE');
  if (resolutionRequiredFor(category, listerType)) kinds.push('RESOLUTION');
  if (consentRequiredFor(category, transferMode)) kinds.push('CONSENT');
  if (onBehalfOfHouseholds) kinds.push('MANDATE');
  if (assisted) kinds.push('AUTHORIZATION');
  return kinds;
}
