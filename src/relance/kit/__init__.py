"""Small shared tools with no knowledge of HTTP or the database: ids, tokens, times, rules."""
