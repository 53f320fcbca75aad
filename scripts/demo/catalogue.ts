/** The demo company's world: who it sells to, where, who chases them, and in which currencies. */

export const VERTICALS = [
  'Retail', 'Manufacturing', 'Healthcare', 'Technology', 'Logistics', 'Construction', 'Wholesale',
] as const;
export type Vertical = (typeof VERTICALS)[number];

export const REGIONS = ['Americas', 'EMEA', 'APAC'] as const;
export type Region = (typeof REGIONS)[number];

/** A collector owns a region's book; key accounts (the large customers) sit with one senior collector. */
export const COLLECTORS: Record<Region, readonly string[]> = {
  Americas: ['Priya Shah', 'Marcus Reed'],
  EMEA: ['Lucia Moreno', 'Tom Becker'],
  APAC: ['Kenji Sato'],
};
export const KEY_ACCOUNT_COLLECTOR = 'Grace Okafor';

/** Invoicing currency mix by region, as weights. */
export const CURRENCY_MIX: Record<Region, readonly (readonly [string, number])[]> = {
  Americas: [['USD', 88], ['CAD', 12]],
  EMEA: [['EUR', 45], ['GBP', 30], ['USD', 25]],
  APAC: [['USD', 60], ['AUD', 25], ['JPY', 15]],
};

export const TERMS_DAYS: readonly (readonly [number, number])[] = [[15, 10], [30, 50], [45, 25], [60, 15]];

const NAME_PREFIXES = [
  'Northwind', 'Bluefield', 'Harbor', 'Summit', 'Cedar', 'Ironbridge', 'Silverline', 'Redwood', 'Brightwater',
  'Granite', 'Oakridge', 'Pioneer', 'Riverside', 'Lakeshore', 'Highland', 'Westgate', 'Eastbrook', 'Falcon',
  'Meridian', 'Crescent', 'Evergreen', 'Horizon', 'Keystone', 'Maple', 'Beacon', 'Sterling', 'Atlas', 'Vantage',
  'Clearwater', 'Stonebridge', 'Juniper', 'Copperfield', 'Fairview', 'Kingsway', 'Larkspur', 'Orchard',
  'Pinnacle', 'Quarry', 'Sunrise', 'Tidewater',
] as const;

const NAME_TRADES: Record<Vertical, readonly string[]> = {
  Retail: ['Stores', 'Outfitters', 'Market', 'Home Goods', 'Boutiques'],
  Manufacturing: ['Industries', 'Fabrication', 'Components', 'Machining', 'Plastics'],
  Healthcare: ['Clinics', 'Medical', 'Health Partners', 'Diagnostics', 'Care Group'],
  Technology: ['Systems', 'Software', 'Networks', 'Data', 'Labs'],
  Logistics: ['Freight', 'Logistics', 'Transport', 'Shipping', 'Distribution'],
  Construction: ['Builders', 'Construction', 'Contracting', 'Materials', 'Engineering'],
  Wholesale: ['Wholesale', 'Supply', 'Trading', 'Distributors', 'Imports'],
};

/** Legal forms follow the invoicing currency (where the entity is registered); USD buyers by region. */
const LEGAL_FORMS: Record<string, readonly string[]> = {
  CAD: ['Ltd', 'Inc'],
  EUR: ['GmbH', 'SAS', 'BV', 'SpA', 'AG'],
  GBP: ['Ltd', 'plc'],
  AUD: ['Pty Ltd'],
  JPY: ['KK', 'Co Ltd'],
};
const USD_LEGAL_FORMS: Record<Region, readonly string[]> = {
  Americas: ['Inc', 'LLC', 'Corp', 'Co'],
  EMEA: ['Ltd', 'AG', 'BV'],
  APAC: ['Pte Ltd', 'Ltd'],
};

export function companyName(
  pick: <T>(items: readonly T[]) => T, vertical: Vertical, region: Region, currency: string,
): string {
  return `${pick(NAME_PREFIXES)} ${pick(NAME_TRADES[vertical])} ${pick(LEGAL_FORMS[currency] ?? USD_LEGAL_FORMS[region])}`;
}

export const DISPUTE_REASONS = ['Pricing dispute', 'Damaged goods', 'Short delivery', 'Returned goods'] as const;

export const PAYMENT_METHODS: Record<Region, readonly string[]> = {
  Americas: ['ACH', 'WIRE', 'CHQ'],
  EMEA: ['SEPA', 'BACS', 'WIRE'],
  APAC: ['TT', 'WIRE'],
};
