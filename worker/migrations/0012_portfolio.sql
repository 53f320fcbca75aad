-- Collectors' portfolios (issue 10): a user may carry the collector name customers are assigned to
-- (customers.collector), and the organisation decides whether collectors (analysts) see every customer ('all', the
-- default: nothing changes) or only their own portfolio ('own'). Enforced in worker/src/portfolio.ts; see SECURITY.md.

-- NULL: the user is no collector. An analyst without one sees nothing while the setting is 'own'.
ALTER TABLE users ADD COLUMN collector TEXT CHECK (collector IS NULL OR (length(collector) BETWEEN 1 AND 100));

INSERT INTO settings (key, value) VALUES ('collector_portfolio', 'all');
