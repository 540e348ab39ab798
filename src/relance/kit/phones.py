"""Phone numbers to E.164 with the phonenumbers library; national numbers are read as French."""

from __future__ import annotations

import phonenumbers

INVALID_PHONE = "Invalid phone number"
DEFAULT_REGION = "FR"


def to_e164(value: str, *, strict: bool) -> str:
    """E.164 form of ``value``, else ValueError(INVALID_PHONE).

    ``strict`` demands a number valid in its numbering plan (a debtor's contact number);
    otherwise a number of a possible length passes (what a provider actually dialled).
    """
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValueError(INVALID_PHONE) from None
    acceptable = phonenumbers.is_valid_number if strict else phonenumbers.is_possible_number
    if not acceptable(number):
        raise ValueError(INVALID_PHONE)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
