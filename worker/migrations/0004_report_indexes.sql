-- Narrow indexes for the ageing report's control balance over the whole ledger (a sum by date, read from the index).
CREATE INDEX documents_balance ON documents (kind, doc_date, func_amount);
CREATE INDEX allocations_date ON allocations (alloc_date, func_amount);
