/** The analytics domain: pure calculations over totals the queries supply. See README.md. */
export * from './ageing';
export * from './altman';
export * from './cei';
export * from './credit-score';
export * from './dso';
export * from './ecl';
export * from './errors';
export * from './numbers';
export * from './open-items';
export * from './payment-index';
export * from './periods';
