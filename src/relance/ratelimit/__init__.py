"""Per-client rate limits (SPEC 7): moving windows, in process or shared through Redis."""
