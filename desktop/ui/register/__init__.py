"""The register pattern every tab reuses: SQL-paged model, filter bar, table, detail form."""
