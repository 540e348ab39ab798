"""The database layer: schema types, the Tx protocol, drivers, the transaction, migrations."""
