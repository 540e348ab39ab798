"""HTTP routes of the debts package."""

from fastapi import APIRouter

router = APIRouter(tags=["debts"])
