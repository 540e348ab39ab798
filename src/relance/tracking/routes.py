"""HTTP routes of the tracking package."""

from fastapi import APIRouter

router = APIRouter(tags=["tracking"])
public_router = APIRouter(tags=["tracking"])
