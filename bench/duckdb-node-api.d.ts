// DuckDB is the analytics benchmark's peer, installed on demand by bench/duckdb-install.ts (its macOS and Windows
// bindings are not on this project's registry, so it cannot sit in the locked install). Without it installed the
// type-check sees this stand-in declaration; with it, the package's own types.
declare module '@duckdb/node-api';
