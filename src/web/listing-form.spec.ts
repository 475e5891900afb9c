import { getCategory } from '../catalog/domain/category-registry';
import {
  chineseFieldMessage,
  formFieldOf,
  formValuesOf,
  formValuesOfListing,
  parseListingForm,
  reserveSummary,
} from './listing-form';
import { fenToYuanText, yuanToFen } from './desk-work-input';

describe('the listing form', () => {
  describe('yuanToFen (exact, never through floats)', () => {
    it.each([
      ['1200', 120000],
      ['1,200.5', 120050],
      ['0.07', 7],
      ['0.29', 29],
      ['1.005', null],
      ['１２００.５０', 120050],
      ['1200元', 120000],
      ['90071992547409.91', 9007199254740991],
      ['90071992547409.92', null],
      ['-5', null],
      ['1e3', null],
      ['', null],
      ['abc', null],
    ])('%s → %s', (text, fen) => {
      expect(yuanToFen(text)).toBe(fen);
    });
    it('formats fen back as 元 with two decimals', () => {
      expect(fenToYuanText(120050)).toBe('1200.50');
      expect(fenToYuanText(7)).toBe('0.07');
      expect(fenToYuanText(0)).toBe('0.00');
    });
  });

  const land = getCategory('LAND_CONTRACT');
  const posted = {
    title: ' 西沙洼村 12 亩水浇地出租 ',
    villageCode: '130728100213',
    transferMode: 'LEASE',
    areaMu: '12.5',
    priceUnit: 'PER_MU_PER_YEAR',
    reservePrice: '800',
    increment: '10',
    deposit: '2000.00',
    termYears: '5',
    tradingMethod: 'AUCTION',
    'attr.certificateNo': 'HA-001',
    'attr.parcelCodes': '1307281002130001，1307281002130002',
    'attr.boundaries.east': '路',
    'attr.boundaries.south': '渠',
    'attr.boundaries.west': '王家地',
    'attr.boundaries.north': '林带',
    'attr.landClass': 'IRRIGATED',
    'attr.rightEndsOn': '2035-12-31',
    'attr.permittedUse': '种植',
    unknownField: 'x',
  };

  it('reads the posted form as the API body (money in fen, attributes typed)', () => {
    const values = formValuesOf(posted, land);
    expect(values.unknownField).toBeUndefined();
    const { body, errors } = parseListingForm(values, land, 'PERSON');
    expect(errors).toEqual({});
    expect(body).toMatchObject({
      categoryCode: 'LAND_CONTRACT',
      title: '西沙洼村 12 亩水浇地出租',
      areaMu: 12.5,
      reservePriceFen: 80000,
      incrementFen: 1000,
      depositFen: 200000,
      termYears: 5,
      attributes: {
        certificateNo: 'HA-001',
        parcelCodes: ['1307281002130001', '1307281002130002'],
        boundaries: { east: '路', south: '渠', west: '王家地', north: '林带' },
        landClass: 'IRRIGATED',
      },
    });
    expect(body.collectiveResolution).toBeUndefined();
  });

  it('names a field it cannot read, in Chinese', () => {
    const { body, errors } = parseListingForm(formValuesOf({ ...posted, deposit: '2千' }, land), land, 'PERSON');
    expect(body.depositFen).toBeUndefined();
    expect(errors.deposit).toContain('元');
  });

  it('reads the resolution where one is required (a collective) and clears empty fields on edit', () => {
    const values = formValuesOf(
      {
        ...posted,
        'res.meetingDate': '2026-10-20',
        'res.eligibleVoters': '30',
        'res.attendees': '25',
        'res.votesFor': '21',
      },
      land,
    );
    expect(parseListingForm(values, land, 'COLLECTIVE').body.collectiveResolution).toEqual({
      meetingDate: '2026-10-20',
      eligibleVoters: 30,
      attendees: 25,
      votesFor: 21,
    });
    const edit = parseListingForm(
      formValuesOf({ ...posted, description: '', termYears: '' }, land),
      land,
      'PERSON',
      true,
    );
    expect(edit.body.description).toBeNull();
    expect(edit.body.termYears).toBeNull();
  });

  it('prefills the edit form from a saved listing', () => {
    const values = formValuesOfListing({
      categoryCode: 'LAND_CONTRACT',
      title: 't',
      villageCode: '130728100213',
      transferMode: 'LEASE',
      attributes: { parcelCodes: ['a', 'b'], boundaries: { east: '路', south: '渠', west: '地', north: '林' } },
      areaMu: 12.5,
      priceUnit: 'PER_MU_PER_YEAR',
      reservePriceFen: 80000,
      incrementFen: 1000,
      depositFen: 200050,
      termYears: 5,
      tradingMethod: 'AUCTION',
      description: null,
      collectiveResolution: null,
    });
    expect(values).toMatchObject({ deposit: '2000.50', 'attr.parcelCodes': 'a，b', 'attr.boundaries.east': '路' });
  });

  it('computes the total and the deposit range (one year’s value for a price per year)', () => {
    expect(
      reserveSummary({ priceUnit: 'PER_MU_PER_YEAR', reservePriceFen: 80000, termYears: 5, areaMu: 12.5 }),
    ).toEqual({
      totalFen: 5_000_000,
      baseFen: 1_000_000,
      perYearBase: true,
      depositMinFen: 100_000,
      depositMaxFen: 300_000,
    });
    expect(reserveSummary({ priceUnit: 'TOTAL', reservePriceFen: 33 })).toMatchObject({
      totalFen: 33,
      depositMinFen: 4,
      depositMaxFen: 9,
    });
    expect(reserveSummary({ priceUnit: 'PER_YEAR' })).toBeNull();
  });

  it('maps the API’s fields to the form’s, with Chinese messages', () => {
    expect(formFieldOf('attributes.boundaries.east')).toBe('attr.boundaries.east');
    expect(formFieldOf('attributes.parcelCodes[1]')).toBe('attr.parcelCodes');
    expect(formFieldOf('depositFen')).toBe('deposit');
    expect(formFieldOf('collectiveResolution.votesFor')).toBe('res.votesFor');
    expect(chineseFieldMessage('attr.certificateNo', 'is required', land)).toBe('请填写承包经营权证号');
    expect(chineseFieldMessage('attr.rightEndsOn', 'must be a date YYYY-MM-DD', land)).toContain('YYYY-MM-DD');
    expect(chineseFieldMessage('title', 'title must be longer than or equal to 1 characters')).toBe(
      '项目名称长度或数量超出限制',
    );
  });
});
