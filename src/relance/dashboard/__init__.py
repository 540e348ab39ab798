"""The operators' dashboard (SPEC 15): server-rendered pages under ``/dashboard``."""
