import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { toHundredths } from '../common/domain/decimal';
import { fenToYuanString } from '../common/domain/money';
import { flattenValidationErrors } from '../common/errors/validation';
import { ListingSearchDto } from '../listings/dto/listing.dto';

/**
 * The notice board's query (API.md "Web pages"): the API's search parameters (`category`, `township`, `village`,
 * `status`, `q`, `minPriceFen`, `maxPriceFen`, `sort`, `page`, `pageSize`), checked by the API's own DTO. The form
 * asks for the price range in 元 (`minPrice`, `maxPrice`), turned into fen here; links carry the fen.
 */
export const BOARD_PARAMS = [
  'category',
  'township',
  'village',
  'status',
  'q',
  'minPriceFen',
  'maxPriceFen',
  'sort',
  'page',
  'pageSize',
] as const;

/** The filters' Chinese labels (for the message naming an invalid one). */
export const BOARD_LABELS: Readonly<Record<string, string>> = {
  category: '品种',
  township: '乡镇',
  village: '村',
  status: '状态',
  q: '关键词',
  minPriceFen: '最低价（元）',
  maxPriceFen: '最高价（元）',
  sort: '排序',
  page: '页码',
  pageSize: '每页条数',
};

const YUAN_FIELDS = [
  ['minPrice', 'minPriceFen'],
  ['maxPrice', 'maxPriceFen'],
] as const;

export interface BoardQuery {
  /** The search's parameters as given (non-empty strings, prices in fen): for the links. */
  params: Record<string, string>;
  /** What the form shows (prices in 元). */
  form: Record<string, string>;
  /** The checked search; null when a filter is invalid. */
  search: ListingSearchDto | null;
  /** The invalid filters' labels. */
  invalid: string[];
}

function first(value: unknown): string | undefined {
  const v = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

export async function boardQueryOf(raw: Record<string, unknown>): Promise<BoardQuery> {
  const params: Record<string, string> = {};
  for (const key of BOARD_PARAMS) {
    const value = first(raw[key]);
    if (value !== undefined) params[key] = value;
  }
  const form: Record<string, string> = { ...params };
  const invalid = new Set<string>();
  for (const [yuanKey, fenKey] of YUAN_FIELDS) {
    const yuan = first(raw[yuanKey]);
    if (yuan !== undefined) {
      const fen = toHundredths(yuan.replace(/[,，\s]/g, ''));
      if (fen === null || fen > BigInt(Number.MAX_SAFE_INTEGER)) invalid.add(fenKey);
      else params[fenKey] = fen.toString();
      form[yuanKey] = yuan;
    } else if (params[fenKey] !== undefined) {
      form[yuanKey] = /^\d{1,15}$/.test(params[fenKey]) ? fenToYuanString(Number(params[fenKey])) : params[fenKey];
    }
  }
  // a village implies its township (the village list is the township's)
  if (!form.township && /^\d{12}$/.test(form.village ?? '')) form.township = form.village.slice(0, 9);

  const dto = plainToInstance(ListingSearchDto, params);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  for (const e of flattenValidationErrors(errors)) invalid.add(e.field);
  return {
    params,
    form,
    search: invalid.size === 0 ? dto : null,
    invalid: [...invalid].map((field) => BOARD_LABELS[field] ?? field),
  };
}
