"""HTTP routes of the followups package."""

from fastapi import APIRouter

router = APIRouter(tags=["followups"])
