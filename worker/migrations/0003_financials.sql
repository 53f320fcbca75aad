-- Customers' financial statements (for Altman Z″ in the credit score). Minor units of the statement currency;
-- only ratios are used, so the currency does not matter. The latest period on or before the as-of date applies.
CREATE TABLE customer_financials (
  customer_id          TEXT NOT NULL REFERENCES customers(id),
  period_end           TEXT NOT NULL,
  currency             TEXT NOT NULL,
  total_assets         INTEGER NOT NULL,
  current_assets       INTEGER NOT NULL,
  current_liabilities  INTEGER NOT NULL,
  total_liabilities    INTEGER NOT NULL,
  retained_earnings    INTEGER NOT NULL,
  ebit                 INTEGER NOT NULL,
  book_equity          INTEGER NOT NULL,
  sales                INTEGER,
  created_by           TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  PRIMARY KEY (customer_id, period_end)
);
