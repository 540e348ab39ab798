"""HTTP routes of the media package."""

from fastapi import APIRouter

router = APIRouter(tags=["media"])
public_router = APIRouter(tags=["media"])
