"""Tenant isolation matrix.

To cover a new endpoint, add ``tests/isolation/cases_<area>.py`` exporting
``CASES: list[IsolationCase]`` (see ``case.py``); ``test_matrix.py`` finds it by itself. A new
kind of placeholder is one entry in ``foreign.PLACEHOLDERS``; the foreign tenant's objects are
built in ``estate.py``.
Example::

    IsolationCase(
        name="debts: read another company's debt",
        method="GET",
        path="/external-api/v1/debts/{debt}",
        scopes=("debts:read",),
        foreign=Expect(403, "Access denied to this debt"),
        unknown=Expect(404, "Debt not found"),
        owner=Expect(200),
    )
"""
