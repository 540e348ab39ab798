"""SPEC 13's contact policy: the company's rules, the debt's flags and time zone, enforcement."""
